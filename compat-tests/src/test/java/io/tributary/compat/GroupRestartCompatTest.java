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
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is killed (SIGKILL) while a group of two kafka-clients consumers is halfway through a topic, each
 * committing what it processed after every poll, and started again on the same ports and data. The group re-forms
 * on its own (Stable, both members, two partitions each); a partition handed out again starts exactly at the offset
 * the group had committed, which is at least every offset a commit was acknowledged with before the kill (nothing
 * committed is lost), and only once the restarted broker serves; the committed offsets, sampled throughout by an
 * Admin client, never go backwards; every record is consumed at least once, and the commits end at the log end,
 * also for records produced after the restart.
 */
class GroupRestartCompatTest {

    private static final String TOPIC = "restart-topic";
    private static final String GROUP = "restart-group";
    private static final int PARTITIONS = 4;
    private static final int BEFORE = 3000;
    private static final int AFTER = 1000;

    @TempDir
    Path dir;

    @Test
    void aGroupResumesFromItsCommittedOffsetsAfterTheBrokerIsKilled() throws Exception {
        TributaryProcess broker = new TributaryProcess(dir.resolve("data"),
                Map.of("group.initial.rebalance.delay.ms", "500"));
        broker.start();
        Admin admin = admin(broker);
        List<GroupConsumer> members = new ArrayList<>();
        Sampler sampler = null;
        try {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            produce(broker, 0, BEFORE);

            Map<String, String> settings = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
            for (String name : List.of("restart-a", "restart-b")) {
                members.add(new GroupConsumer(broker.bootstrap(), GROUP, name, TOPIC, settings,
                        Duration.ofMillis(20)));
            }
            sampler = new Sampler(admin);
            GroupConsumer.await("a third of the records is committed", Duration.ofSeconds(60),
                    () -> acknowledged(members).values().stream().mapToLong(Long::longValue).sum()
                            >= PARTITIONS * BEFORE / 3);

            broker.kill();
            long killedAt = System.nanoTime();
            Map<Integer, Long> acknowledgedAtKill = acknowledged(members);
            long committedAtKill = acknowledgedAtKill.values().stream().mapToLong(Long::longValue).sum();
            assertThat(committedAtKill).as("killed mid-run").isLessThan(PARTITIONS * BEFORE);
            Thread.sleep(1000);
            broker.start();
            long startedAt = System.nanoTime();

            Map<Integer, Long> logEnd = new TreeMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                logEnd.put(p, (long) BEFORE);
            }
            awaitCommitted(admin, logEnd, members);
            produce(broker, BEFORE, AFTER);
            logEnd.replaceAll((p, end) -> end + AFTER);
            awaitCommitted(admin, logEnd, members);
            sampler.stop();

            // The group re-formed: both members, one generation, two partitions each.
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
            Map<String, Set<Integer>> owned = new HashMap<>();
            for (MemberDescription m : group.members()) {
                Set<Integer> partitions = new TreeSet<>();
                m.assignment().topicPartitions().forEach(tp -> partitions.add(tp.partition()));
                owned.put(m.consumerId(), partitions);
            }
            assertThat(owned).containsOnlyKeys(members.get(0).memberId(), members.get(1).memberId());
            assertThat(owned.values()).containsExactlyInAnyOrder(Set.of(0, 1), Set.of(2, 3));
            assertThat(members.get(0).generation()).isEqualTo(members.get(1).generation());

            // A partition handed out again after the restart is read from the committed offset, which kept every
            // commit acknowledged before the kill. (Tributary does not persist membership, so after the restart the
            // members rejoin and every partition is handed out again; Kafka persists it and its members may go on
            // with the partitions and positions they had — both pass.)
            List<GroupConsumer.Resume> resumes = new ArrayList<>();
            members.forEach(m -> resumes.addAll(m.resumes()));
            Set<Integer> reassigned = new HashSet<>();
            for (GroupConsumer.Resume r : resumes) {
                if (r.firstRead < 0) {
                    continue;   // taken away again (the next rebalance) before it read anything
                }
                assertThat(r.firstRead).as("a member starts reading a partition at the group's committed offset: "
                        + resumes).isEqualTo(r.committed < 0 ? 0 : r.committed);
                if (r.at > killedAt) {
                    // As a Kafka broker, the restarted one serves clients only once registered and unfenced (it
                    // says "started" then); before that its view of who leads what is the dead incarnation's.
                    assertThat(r.at).as("handed out again only once the restarted broker serves: " + r)
                            .isGreaterThan(startedAt);
                    reassigned.add(r.partition);
                    assertThat(r.committed).as("nothing committed before the kill was lost: " + r
                            + "; acknowledged before the kill " + acknowledgedAtKill)
                            .isGreaterThanOrEqualTo(acknowledgedAtKill.getOrDefault(r.partition, -1L));
                }
            }
            assertThat(reassigned).as("after the restart, no partition or every one was handed out again and read "
                    + "from: " + resumes).isIn(Set.of(), Set.of(0, 1, 2, 3));

            // Committed offsets never went backwards, across the kill too.
            assertThat(sampler.samples.size()).as("samples taken").isGreaterThan(10);
            Map<Integer, Long> highest = new HashMap<>();
            for (Map<Integer, Long> sample : sampler.samples) {
                sample.forEach((p, offset) -> {
                    assertThat(offset).as("committed offset of partition " + p + " never goes back")
                            .isGreaterThanOrEqualTo(highest.getOrDefault(p, 0L));
                    highest.put(p, offset);
                });
            }

            // Every record was consumed at least once.
            Map<Integer, Set<Long>> consumed = new HashMap<>();
            for (GroupConsumer m : members) {
                m.consumed().forEach(c -> consumed.computeIfAbsent(c.partition(), k -> new HashSet<>())
                        .add(c.offset()));
            }
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(consumed.get(p)).as("partition " + p + ": every offset consumed").hasSize(BEFORE + AFTER)
                        .allMatch(o -> o >= 0 && o < BEFORE + AFTER);
            }
        } finally {
            if (sampler != null) {
                sampler.stop();
            }
            for (GroupConsumer m : members) {
                m.close();
            }
            admin.close();
            broker.stop();
        }
    }

    private static Map<Integer, Long> acknowledged(List<GroupConsumer> members) {
        Map<Integer, Long> out = new TreeMap<>();
        members.forEach(m -> m.acknowledgedCommits().forEach((p, o) -> out.merge(p, o, Math::max)));
        return out;
    }

    private static void awaitCommitted(Admin admin, Map<Integer, Long> expected, List<GroupConsumer> members)
            throws InterruptedException {
        GroupConsumer.await("the group committed " + expected, Duration.ofSeconds(90), () -> {
            try {
                return committed(admin).equals(expected);
            } catch (Exception e) {
                return false;
            }
        }, () -> {
            StringBuilder s = new StringBuilder();
            members.forEach(m -> s.append(m.memberId()).append(" gen ").append(m.generation()).append(" owns ")
                    .append(m.assignment()).append(", acknowledged ").append(m.acknowledgedCommits())
                    .append(", failures ").append(m.failures()).append('\n'));
            return s.toString();
        });
    }

    private static Map<Integer, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get();
        Map<Integer, Long> out = new TreeMap<>();
        offsets.forEach((tp, o) -> out.put(tp.partition(), o.offset()));
        return out;
    }

    private static Admin admin(TributaryProcess broker) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        return Admin.create(p);
    }

    /** Records {@code from .. from+count-1} of each partition, acks=all. */
    private static void produce(TributaryProcess broker, int from, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                for (int i = from; i < from + count; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, partition, null, partition + "/" + i));
                }
            }
            producer.flush();
        }
    }

    /** Reads the group's committed offsets every 100 ms until stopped; reads that fail (broker away) are skipped. */
    private static final class Sampler {
        final List<Map<Integer, Long>> samples = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private final Thread thread;

        Sampler(Admin admin) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        samples.add(committed(admin));
                    } catch (Exception e) {
                        // the broker is away
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "committed-offsets-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
