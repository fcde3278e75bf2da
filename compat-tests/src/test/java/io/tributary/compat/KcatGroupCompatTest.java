package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * librdkafka's balanced consumer ({@code kcat -G}) against a Tributary process: two kcat processes in one group
 * split a 6-partition topic between them — each owns a non-empty share, no partition is owned twice — print every
 * record once between them, and their automatic commits bring the group's offsets to the log end. The broker's
 * {@code group.initial.rebalance.delay.ms} (1.5 s) lets both join the first generation, as Kafka's delay is meant
 * to, so there is one rebalance and no record is read twice. With librdkafka's cooperative-sticky assignor, a kcat
 * killed by SIGKILL loses its share to the survivor once its session expires.
 */
class KcatGroupCompatTest {

    private static final String TOPIC = "kcat-group-topic";
    private static final String GROUP = "kcat-group";
    private static final int PARTITIONS = 6;
    private static final int PER_PARTITION = 200;
    private static final Pattern ASSIGNED = Pattern.compile(
            "% Group " + GROUP + " rebalanced \\(memberid ([^)]+)\\): assigned: (.*)");

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static Kcat kcat;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        kcat = Kcat.locate(dir);
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "1500"))
                .start();
        admin = broker.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        broker.stop();
    }

    private Kcat.Running groupMember() throws Exception {
        return kcat.start("-b", broker.bootstrap(), "-G", GROUP, TOPIC, "-X", "auto.offset.reset=earliest",
                "-X", "auto.commit.interval.ms=200", "-X", "heartbeat.interval.ms=500", "-u", "-f", "%p:%o:%s\\n");
    }

    private static Map<Integer, Long> committed() throws Exception {
        return committed(GROUP);
    }

    private static Map<Integer, Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<Integer, Long> out = new TreeMap<>();
        offsets.forEach((tp, o) -> out.put(tp.partition(), o.offset()));
        return out;
    }

    /** The partitions of each "assigned:" notice kcat printed, in order. */
    private static List<Set<Integer>> assignments(String stderr, String memberId) {
        List<Set<Integer>> out = new ArrayList<>();
        for (String line : stderr.lines().toList()) {
            Matcher m = ASSIGNED.matcher(line);
            if (m.matches()) {
                assertThat(m.group(1)).as("kcat's member id").isEqualTo(memberId);
                Set<Integer> partitions = new TreeSet<>();
                Matcher p = Pattern.compile(Pattern.quote(TOPIC) + " \\[(\\d+)\\]").matcher(m.group(2));
                while (p.find()) {
                    partitions.add(Integer.parseInt(p.group(1)));
                }
                out.add(partitions);
            }
        }
        return out;
    }

    private static String memberIdOf(String stderr) {
        for (String line : stderr.lines().toList()) {
            Matcher m = ASSIGNED.matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new AssertionError("kcat printed no assignment:\n" + stderr);
    }

    /** The member id in kcat's first rebalance notice of this group (eager or cooperative wording). */
    private static String memberIdOf(String stderr, String group) {
        Matcher m = Pattern.compile("% Group " + Pattern.quote(group) + " rebalanced.*\\(memberid ([^,)]+)")
                .matcher(stderr);
        if (!m.find()) {
            throw new AssertionError("kcat printed no rebalance notice:\n" + stderr);
        }
        return m.group(1);
    }

    @Test
    void twoKcatProcessesSplitThePartitionsPrintEveryRecordOnceAndCommitToTheLogEnd() throws Exception {
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        Set<String> expected = produce(TOPIC, 0, PER_PARTITION);
        Map<Integer, Long> logEnd = logEnd(PER_PARTITION);

        // The first coordinator look-up creates __consumer_offsets; until then it answers COORDINATOR_NOT_AVAILABLE
        // and librdkafka backs off for a while, maybe longer than the initial delay. Have the coordinator ready.
        assertThat(committed()).isEmpty();

        Kcat.Running first = groupMember();
        Kcat.Running second = groupMember();
        try {
            GroupConsumer.await("both kcat processes printed their share and the group committed to the log end",
                    Duration.ofSeconds(60), () -> {
                        try {
                            return first.linesSoFar().size() + second.linesSoFar().size() >= expected.size()
                                    && committed().equals(logEnd);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }, () -> {
                        try {
                            return "printed " + first.linesSoFar().size() + " + " + second.linesSoFar().size()
                                    + ", committed " + committed() + "\n" + first.stderrSoFar() + "\n"
                                    + second.stderrSoFar();
                        } catch (Exception e) {
                            return e.toString();
                        }
                    });
            assertThat(first.isAlive()).as(first.stderrSoFar()).isTrue();
            assertThat(second.isAlive()).as(second.stderrSoFar()).isTrue();

            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(group.partitionAssignor()).as("librdkafka's first choice").isEqualTo("range");
            assertThat(group.members()).hasSize(2);
            Map<String, Set<Integer>> owned = new HashMap<>();
            for (MemberDescription m : group.members()) {
                Set<Integer> partitions = new TreeSet<>();
                m.assignment().topicPartitions().forEach(tp -> {
                    assertThat(tp.topic()).isEqualTo(TOPIC);
                    partitions.add(tp.partition());
                });
                assertThat(m.clientId()).isEqualTo("rdkafka");
                assertThat(m.host()).isEqualTo("/127.0.0.1");
                owned.put(m.consumerId(), partitions);
            }
            assertThat(owned.values()).as("range over 6 partitions and 2 members: disjoint halves")
                    .containsExactlyInAnyOrder(Set.of(0, 1, 2), Set.of(3, 4, 5));

            // Each kcat was told its share once (one rebalance) and it is what the coordinator describes.
            for (Kcat.Running member : List.of(first, second)) {
                String stderr = member.stderrSoFar();
                String memberId = memberIdOf(stderr);
                assertThat(owned).as(stderr).containsKey(memberId);
                assertThat(assignments(stderr, memberId)).as(stderr).containsExactly(owned.get(memberId));
            }
        } catch (Throwable t) {
            first.kill();
            second.kill();
            throw t;
        }
        Kcat.Result a = stop(first);
        Kcat.Result b = stop(second);
        {
            List<String> printed = new ArrayList<>(a.lines());
            printed.addAll(b.lines());
            assertThat(printed).as("every record printed once by the two processes together").hasSize(expected.size())
                    .doesNotHaveDuplicates();
            assertThat(Set.copyOf(printed)).isEqualTo(expected);
            for (Kcat.Result r : List.of(a, b)) {
                String memberId = memberIdOf(r.stderr());
                Set<Integer> share = assignments(r.stderr(), memberId).get(0);
                assertThat(r.lines()).as("a kcat prints only the partitions it owns").allSatisfy(l ->
                        assertThat(share).contains(Integer.parseInt(l.substring(0, l.indexOf(':')))));
                assertThat(r.lines()).as("and all of them").hasSize(share.size() * PER_PARTITION);
            }
        }
        assertThat(committed()).as("the commits kcat made on leaving").isEqualTo(logEnd);
        ConsumerGroupDescription left = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
        assertThat(left.groupState()).as("both left the group").isEqualTo(GroupState.EMPTY);
        assertThat(left.members()).isEmpty();
    }

    /**
     * librdkafka's incremental (cooperative-sticky) protocol over the classic coordinator: two kcat processes
     * share the topic, one is SIGKILLed (no leave), and once its session (6 s) expires the survivor is handed the
     * dead one's partitions, resumes them at the committed offsets and commits what is produced after the kill.
     */
    @Test
    void withCooperativeStickyASurvivorTakesOverTheShareOfAKilledKcat() throws Exception {
        String topic = "kcat-coop-topic";
        String group = "kcat-coop";
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        Set<String> expected = new HashSet<>(produce(topic, 0, 100));
        assertThat(committed(group)).isEmpty();
        String[] args = {"-b", broker.bootstrap(), "-G", group, topic, "-X", "auto.offset.reset=earliest",
                "-X", "auto.commit.interval.ms=200", "-X", "heartbeat.interval.ms=500", "-X",
                "session.timeout.ms=6000", "-X", "partition.assignment.strategy=cooperative-sticky", "-u", "-f",
                "%p:%o:%s\\n"};
        Kcat.Running survivor = kcat.start(args);
        Kcat.Running victim = kcat.start(args);
        try {
            GroupConsumer.await("two members with three partitions each, committed to the log end",
                    Duration.ofSeconds(60), () -> {
                        try {
                            return shares(group).values().stream().map(Set::size).toList().equals(List.of(3, 3))
                                    && committed(group).equals(logEnd(100));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
            ConsumerGroupDescription shared = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertThat(shared.partitionAssignor()).isEqualTo("cooperative-sticky");
            String victimId = memberIdOf(victim.stderrSoFar(), group);
            String survivorId = memberIdOf(survivor.stderrSoFar(), group);
            assertThat(shares(group).keySet()).containsExactlyInAnyOrder(victimId, survivorId);

            victim.kill();
            expected.addAll(produce(topic, 100, 1));
            GroupConsumer.await("the survivor owns all six partitions and committed the records produced after "
                    + "the kill", Duration.ofSeconds(60), () -> {
                        try {
                            return shares(group).equals(Map.of(survivorId, Set.of(0, 1, 2, 3, 4, 5)))
                                    && committed(group).equals(logEnd(101));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
        } catch (Throwable t) {
            survivor.kill();
            victim.kill();
            throw t;
        }
        Kcat.Result survived = stop(survivor);
        List<String> printed = new ArrayList<>(survived.lines());
        printed.addAll(victim.linesSoFar());
        assertThat(Set.copyOf(printed)).as("every record printed at least once").isEqualTo(expected);
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(survived.lines()).as("the survivor read what came after the kill")
                    .contains(p + ":100:record " + p + "/100");
        }
    }

    /** Each member's partitions, as DescribeGroups tells them. */
    private static Map<String, Set<Integer>> shares(String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        Map<String, Set<Integer>> out = new HashMap<>();
        for (MemberDescription m : d.members()) {
            Set<Integer> partitions = new TreeSet<>();
            m.assignment().topicPartitions().forEach(tp -> partitions.add(tp.partition()));
            out.put(m.consumerId(), partitions);
        }
        return out;
    }

    /** Records {@code from .. from+count-1} ("record p/i") of each partition; returns kcat's "p:o:value" lines. */
    private static Set<String> produce(String topic, int from, int count) throws Exception {
        Set<String> lines = new HashSet<>();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                for (int i = from; i < from + count; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, null, "record " + partition + "/" + i));
                    lines.add(partition + ":" + i + ":record " + partition + "/" + i);
                }
            }
            producer.flush();
        }
        return lines;
    }

    private static Map<Integer, Long> logEnd(long end) {
        Map<Integer, Long> out = new TreeMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            out.put(partition, end);
        }
        return out;
    }

    private static Kcat.Result stop(Kcat.Running member) throws Exception {
        Kcat.Result result = member.stop();
        assertThat(result.exitCode()).as("kcat leaves the group and exits 0 on SIGTERM\n" + result).isZero();
        return result;
    }
}
