package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.TestCluster.StoredRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unclean.leader.election.enable} as Kafka documents it, on a partition of two replicas [A, B] with
 * {@code min.insync.replicas=1}: A is a voter that is not the active controller and B the broker-only node 4, so the
 * quorum survives both being down. B stops (controlled shutdown: it leaves the ISR), A takes five more acks=all
 * records alone and stops: the partition is offline, its last ISR member gone. When B comes back, out of sync:
 * <ul>
 *   <li>with unclean election off, the partition stays offline — no leader, writes fail — until the topic allows
 *       it: the config change itself makes B the leader (in the same controller batch; Kafka's KRaft controller
 *       waits for its periodic check, {@code unclean.leader.election.interval.ms}, 5 minutes, or an unclean
 *       ElectLeaders, {@code kafka-leader-election.sh --election-type unclean});</li>
 *   <li>with it on, B is elected as soon as it is back.</li>
 * </ul>
 * Either way B leads without the five records only A had (the data loss Kafka documents), its new records take
 * their offsets, and A, started again, truncates its divergent suffix, copies B's log exactly and rejoins the ISR.
 * With {@code min.insync.replicas=2} instead, B leaving the ISR makes it an eligible leader replica (KIP-966) and
 * nothing more is committed until it is back, so B may then be elected with unclean election off and no record a
 * consumer saw is lost.
 */
class UncleanElectionTest {

    private static final Duration DEADLINE = TestCluster.DEADLINE;
    private static final String TOPIC = "unclean";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    /** B: node 4, broker-only. */
    private static final int B = 3;

    @TempDir
    Path dir;

    private TestCluster cluster;
    /** A's index: a voter that was not the active controller when the topic was created. */
    private int a;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Starts the cluster and creates [A, B] with the given {@code min.insync.replicas} and unclean setting; writes 10
     * records acks=all, which both replicas hold.
     */
    private void tenRecordsOnAAndB(int minIsr, boolean unclean) throws Exception {
        cluster = TestCluster.start(dir, 1, Map.of("auto.leader.rebalance.enable", "false"));
        int controller = cluster.controllerId();
        a = controller == 1 ? 1 : 0;
        cluster.createTopic(new NewTopic(TOPIC, Map.of(0, List.of(a + 1, B + 1))).configs(Map.of(
                "min.insync.replicas", Integer.toString(minIsr),
                "unclean.leader.election.enable", Boolean.toString(unclean))));
        assertThat(cluster.leaderIndex(TOPIC, 0)).isEqualTo(a);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                assertThat(producer.send(new ProducerRecord<>(TOPIC, 0, "k", "both-" + i)).get().offset())
                        .isEqualTo(i);
            }
        }
        Partition atB = cluster.nodes[B].partitions().partition(TOPIC, 0);
        TestBroker.await("B holds the first 10 records", DEADLINE, () -> atB.log().logEndOffset() == 10);
    }

    /** Stops B (a controlled shutdown) and waits until the ISR is A alone. */
    private void stopB() {
        cluster.stop(B);
        TestBroker.await("B left the ISR", DEADLINE, () -> cluster.isr(TOPIC, 0).equals(List.of(a + 1)));
    }

    /** Writes 5 records that only A gets (B is stopped), at offsets 10–14, with the given acks. */
    private void fiveRecordsOnlyOnA(String acks) throws Exception {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString("all".equals(acks))))) {
            for (int i = 0; i < 5; i++) {
                assertThat(producer.send(new ProducerRecord<>(TOPIC, 0, "k", "only-a-" + i)).get().offset())
                        .isEqualTo(10 + i);
            }
        }
        assertThat(TestCluster.stored(cluster.nodes[a], TOPIC, 0)).extracting(StoredRecord::offset)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
    }

    /** Stops A, the last ISR member, and waits until the partition has no leader. */
    private void stopAOffline() {
        cluster.stop(a);
        TestBroker.await("the partition is offline", DEADLINE, () -> cluster.leaderIndex(TOPIC, 0) == -1
                && !cluster.partitionInfo(TOPIC).isEmpty());
        assertThat(cluster.isr(TOPIC, 0)).as("the last ISR member stays, as the one holding everything")
                .containsExactly(a + 1);
    }

    /**
     * The offline partition of the class comment: 10 records on both, B stops, 5 more acks=all records (committed:
     * {@code min.insync.replicas=1}) only on A, A stops.
     */
    private void leaveThePartitionOfflineWithBBehind(boolean unclean) throws Exception {
        tenRecordsOnAAndB(1, unclean);
        stopB();
        fiveRecordsOnlyOnA("all");
        stopAOffline();
    }

    @Test
    void withUncleanElectionOffTheReturningReplicaWaitsUntilTheTopicAllowsItThenLeadsAtOnce() throws Exception {
        leaveThePartitionOfflineWithBBehind(false);
        cluster.start(B);
        BrokerServer nodeB = cluster.nodes[B];
        TestBroker.await("B hosts the partition again", DEADLINE,
                () -> nodeB.partitions().partition(TOPIC, 0) != null);
        Partition atB = nodeB.partitions().partition(TOPIC, 0);
        holdsFor(Duration.ofSeconds(5), "the partition stays offline with B back",
                () -> cluster.leaderIndex(TOPIC, 0) == -1 && !atB.isLeader(B + 1));
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000", ProducerConfig.LINGER_MS_CONFIG, "0"))) {
            Future<RecordMetadata> refused = producer.send(new ProducerRecord<>(TOPIC, 0, "k", "nowhere"));
            assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class);
        }
        assertThat(cluster.leaderIndex(TOPIC, 0)).isEqualTo(-1);
        assertThat(atB.log().logEndOffset()).as("nothing was written while offline").isEqualTo(10);

        Admin admin = cluster.admin();
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
        admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                new ConfigEntry("unclean.leader.election.enable", "true"), AlterConfigOp.OpType.SET)))).all().get();
        assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic)
                .get("unclean.leader.election.enable").value()).isEqualTo("true");
        // the config change alone elects B: the periodic unclean check (unclean.leader.election.interval.ms) is
        // at its default, 5 minutes, far beyond the deadline
        TestBroker.await("B leads once the topic allows unclean election", DEADLINE,
                () -> cluster.leaderIndex(TOPIC, 0) == B);
        // so an unclean ElectLeaders (kafka-leader-election.sh --election-type unclean) finds nothing to do
        Optional<Throwable> elected = admin.electLeaders(ElectionType.UNCLEAN, Set.of(TP)).partitions().get()
                .get(TP);
        assertThat(elected).containsInstanceOf(ElectionNotNeededException.class);

        bLeadsWithoutASuffixAndARejoinsWithBsLog();
    }

    @Test
    void withUncleanElectionOnTheReturningReplicaLeadsAtOnce() throws Exception {
        leaveThePartitionOfflineWithBBehind(true);
        cluster.start(B);
        bLeadsWithoutASuffixAndARejoinsWithBsLog();
    }

    /**
     * KIP-966 (Kafka 4.x): with {@code min.insync.replicas=2}, B leaving the ISR makes it an eligible leader replica
     * (ELR); while the ISR is A alone, below the minimum, A's acks=1 writes are not committed — the high watermark
     * stays at 10 — so when A is gone B is elected cleanly (unclean election off) from the ELR and nothing any
     * consumer saw is lost or reused.
     */
    @Test
    void anEligibleReplicaIsElectedCleanlyAndNothingAConsumerSawIsLost() throws Exception {
        tenRecordsOnAAndB(2, false);
        stopB();
        TestBroker.await("B is an eligible leader replica", DEADLINE, () -> cluster.nodes[a].partitions()
                .publishedImage().topic(TOPIC).partition(0).elr().contains(B + 1));
        fiveRecordsOnlyOnA("1");
        Partition atA = cluster.nodes[a].partitions().partition(TOPIC, 0);
        assertThat(atA.highWatermark()).as("the high watermark while the ISR is below min.insync.replicas")
                .isEqualTo(10);
        assertThat(cluster.admin().listOffsets(Map.of(TP, OffsetSpec.latest())).partitionResult(TP).get().offset())
                .as("the end offset a consumer is given").isEqualTo(10);
        stopAOffline();

        cluster.start(B);
        TestBroker.await("B leads", DEADLINE, () -> cluster.leaderIndex(TOPIC, 0) == B);
        assertThat(cluster.nodes[B].partitions().partition(TOPIC, 0).log().logEndOffset()).isEqualTo(10);
        cluster.start(a);
        TestBroker.await("A is back in the ISR", DEADLINE, () -> cluster.isr(TOPIC, 0).size() == 2);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 3; i++) {
                assertThat(producer.send(new ProducerRecord<>(TOPIC, 0, "k", "after-" + i)).get().offset())
                        .isEqualTo(10 + i);
            }
        }
        Partition backAtA = cluster.nodes[a].partitions().partition(TOPIC, 0);
        TestBroker.await("A holds B's 13 records", DEADLINE, () -> backAtA.log().logEndOffset() == 13);
        assertThat(TestCluster.stored(cluster.nodes[a], TOPIC, 0))
                .isEqualTo(TestCluster.stored(cluster.nodes[B], TOPIC, 0));
        assertThat(cluster.readAll(TOPIC, 0, 13)).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(expectedAfterLoss());
    }

    /**
     * B leads holding only offsets 0–9 (10–14, which only A had, are lost), takes 3 new records at 10–12; A starts
     * again, drops its divergent 10–14, copies 10–12 from B and rejoins the ISR; clients read B's log.
     */
    private void bLeadsWithoutASuffixAndARejoinsWithBsLog() throws Exception {
        TestBroker.await("B leads", DEADLINE, () -> cluster.leaderIndex(TOPIC, 0) == B);
        assertThat(cluster.isr(TOPIC, 0)).containsExactly(B + 1);
        BrokerServer nodeB = cluster.nodes[B];
        TestBroker.await("B's own metadata says it leads", DEADLINE, () -> {
            Partition p = nodeB.partitions().partition(TOPIC, 0);
            return p != null && p.isLeader(B + 1);
        });
        Partition atB = nodeB.partitions().partition(TOPIC, 0);
        assertThat(atB.log().logEndOffset()).as("B lost offsets 10-14").isEqualTo(10);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 3; i++) {
                assertThat(producer.send(new ProducerRecord<>(TOPIC, 0, "k", "after-" + i)).get().offset())
                        .isEqualTo(10 + i);
            }
        }
        List<String> expected = expectedAfterLoss();
        List<StoredRecord> atBStored = TestCluster.stored(cluster.nodes[B], TOPIC, 0);
        assertThat(atBStored).extracting(StoredRecord::value).containsExactlyElementsOf(expected);

        cluster.start(a);
        TestBroker.await("A is back in the ISR", DEADLINE, () -> cluster.isr(TOPIC, 0).size() == 2);
        assertThat(cluster.leaderIndex(TOPIC, 0)).as("B keeps leading").isEqualTo(B);
        Partition atA = cluster.nodes[a].partitions().partition(TOPIC, 0);
        TestBroker.await("A holds B's 13 records up to the high watermark", DEADLINE,
                () -> atA.log().logEndOffset() == 13 && atA.highWatermark() == 13);
        List<StoredRecord> atAStored = TestCluster.stored(cluster.nodes[a], TOPIC, 0);
        assertThat(atAStored).as("A's log, offsets, epochs and values, is B's").isEqualTo(atBStored);
        assertThat(atAStored).extracting(StoredRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                9L, 10L, 11L, 12L);
        assertThat(atAStored.get(10).leaderEpoch()).as("10-12 were written by B's leadership")
                .isGreaterThan(atAStored.get(9).leaderEpoch());

        List<ConsumerRecord<String, String>> read = cluster.readAll(TOPIC, 0, 13);
        assertThat(read).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                9L, 10L, 11L, 12L);
        assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(expected);
    }

    /** B's log once it leads and took three new records: the first 10 records, then the 3 new ones. */
    private static List<String> expectedAfterLoss() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("both-" + i);
        }
        expected.addAll(List.of("after-0", "after-1", "after-2"));
        return expected;
    }

    /** Checks the condition every 50 ms for {@code period}, failing as soon as it does not hold. */
    private static void holdsFor(Duration period, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            assertThat(condition.getAsBoolean()).as(what).isTrue();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
