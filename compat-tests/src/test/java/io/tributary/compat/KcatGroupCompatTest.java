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
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * to, so there is one rebalance and no record is read twice.
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
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        admin = Admin.create(p);
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
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
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

    @Test
    void twoKcatProcessesSplitThePartitionsPrintEveryRecordOnceAndCommitToTheLogEnd() throws Exception {
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        Set<String> expected = new HashSet<>();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, partition, null, "record " + partition + "/" + i));
                    expected.add(partition + ":" + i + ":record " + partition + "/" + i);
                }
            }
            producer.flush();
        }
        Map<Integer, Long> logEnd = new TreeMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            logEnd.put(partition, (long) PER_PARTITION);
        }

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

    private static Kcat.Result stop(Kcat.Running member) throws Exception {
        Kcat.Result result = member.stop();
        assertThat(result.exitCode()).as("kcat leaves the group and exits 0 on SIGTERM\n" + result).isZero();
        return result;
    }
}
