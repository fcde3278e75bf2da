package io.tributary.compat;

import static io.tributary.compat.TributaryCluster.hasLeader;
import static io.tributary.compat.TributaryCluster.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tributary.compat.PacedProducer.Ack;
import io.tributary.compat.PacedProducer.Numbering;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, replication: records acknowledged with acks=all on a topic replicated to three nodes survive the loss of
 * partition leaders. Each test runs three combined nodes on loopback ({@link TributaryCluster}; a broker silent for
 * 6 s is fenced) and creates {@code replicated}: 3 partitions, replication factor 3, {@code min.insync.replicas=2}.
 * Records are numbered ({@link Numbering}: value n, key {@code <partition>-<sequence>}), every acknowledgement is
 * logged, and at the end every partition is read from the beginning (read_uncommitted): each acknowledged record is
 * there exactly once, at its acknowledged offset, in the order it was sent.
 * <ul>
 * <li>The leader of partition 0 SIGKILLed three times (a node that has not died yet whenever one leads a partition),
 *     restarted on its data each time and waited for in every ISR, while an idempotent producer sends: it is
 *     acknowledged again within 60 s of every kill.</li>
 * <li>Two of three nodes SIGKILLed: no acks=all send is acknowledged (NOT_ENOUGH_REPLICAS, or no answer in time),
 *     also not by the leader left alone; once one node is back they are again.</li>
 * <li>The leader SIGSTOPped: another is elected after the broker session and the producer carries on; SIGCONT makes
 *     the old leader a follower back in every ISR, and nothing it held or was sent while paused is acknowledged in
 *     place of what the new leader wrote.</li>
 * </ul>
 */
class ReplicationFailoverCompatTest {

    private static final String TOPIC = "replicated";
    private static final int PARTITIONS = 3;
    private static final int NODES = 3;
    /** From a kill (or pause) to acknowledgements again: fencing after the session, election, the producer's retry. */
    private static final Duration PROGRESS = Duration.ofSeconds(60);
    /** From a restart (or resume) to the node being back in every ISR: catching up with a producer running. */
    private static final Duration REJOIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private TributaryCluster cluster;
    private Admin admin;

    @BeforeEach
    void startClusterAndCreateTopic() throws Exception {
        cluster = new TributaryCluster(dir, NODES, Map.of("broker.session.timeout.ms", "6000")).start();
        admin = cluster.admin();
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) NODES)
                .configs(Map.of("min.insync.replicas", "2")))).all().get(60, TimeUnit.SECONDS);
        TopicDescription created = Await.value("every partition has a leader and three in-sync replicas",
                Duration.ofSeconds(60), () -> TributaryCluster.describe(admin, TOPIC).filter(d ->
                        d.partitions().stream().allMatch(p -> hasLeader(p) && p.isr().size() == NODES)),
                this::state);
        assertThat(created.partitions()).hasSize(PARTITIONS).allSatisfy(p ->
                assertThat(ids(p.replicas())).as("replicas of partition " + p.partition())
                        .containsExactlyInAnyOrder(1, 2, 3));
    }

    @AfterEach
    void stopCluster() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesThreeLeaderKills() throws Exception {
        List<Ack> acks;
        try (PacedProducer producer = new PacedProducer(cluster.bootstrap(), TOPIC, PARTITIONS)) {
            awaitProgress(producer, 0, "the producer started");
            Set<Integer> killed = new HashSet<>();
            for (int round = 1; round <= 3; round++) {
                int victim = nextVictim(killed);
                String event = "node " + victim + " was killed (round " + round + ")";
                Set<Integer> led = partitionsLedBy(victim);
                long sentBefore = producer.sent();
                long killedAt = System.nanoTime();
                cluster.node(victim).kill();
                killed.add(victim);
                awaitNewLeaders(led, victim, event);
                long electedAt = System.nanoTime();
                awaitProgress(producer, sentBefore, event);
                long progressAt = System.nanoTime();
                cluster.node(victim).start();
                awaitInEveryIsr(victim, "it was restarted (round " + round + ")");
                System.out.printf("replication failover: %s leading partitions %s; new leaders after %d ms, every"
                        + " partition acknowledging after %d ms; restarted, in every ISR %d ms later%n", event, led,
                        millis(killedAt, electedAt), millis(killedAt, progressAt), millis(progressAt,
                                System.nanoTime()));
            }
            acks = producer.finish();
            System.out.println("replication failover: " + producer.progress());
            assertThat(producer.failures()).as("records the producer gave up on").isEmpty();
        }
        assertThat(acks).as("acknowledged records").hasSizeGreaterThan(1_000);
        assertEveryAcknowledgedRecordOnceInOrder(acks);
    }

    @Test
    void withTwoOfThreeNodesDownNoSendIsAcknowledgedUntilOneIsBack() throws Exception {
        int survivor = leaderOf(0);
        List<Integer> down = IntStream.rangeClosed(1, NODES).filter(id -> id != survivor).boxed().toList();
        Numbering numbering = new Numbering(TOPIC, PARTITIONS);
        List<Ack> acks = new ArrayList<>();
        // Delivery gives up after 12 s here, not 120 s: each send made while two nodes are down must end, failed.
        // A wrong acknowledgement would come once the ISR is the survivor alone, at the latest after the 6 s broker
        // session (fenced, out of the ISR); 12 s is twice that, and above the 10 s request timeout as it must be.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(PacedProducer.config(cluster.bootstrap(),
                Duration.ofSeconds(12)), new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                ProducerRecord<String, String> record = numbering.next(p);
                acks.add(Ack.of(record, producer.send(record).get(60, TimeUnit.SECONDS)));
            }

            for (int id : down) {
                cluster.node(id).kill();
            }
            List<Future<RecordMetadata>> whileDown = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                whileDown.add(producer.send(numbering.next(p)));
            }
            for (int p = 0; p < PARTITIONS; p++) {
                Future<RecordMetadata> send = whileDown.get(p);
                Throwable failure = catchThrowable(() -> send.get(60, TimeUnit.SECONDS));
                String how = failure == null ? "acknowledged at offset " + send.get().offset()
                        : String.valueOf(failure instanceof ExecutionException ? failure.getCause() : failure);
                System.out.println("replication failover: a send to partition " + p + " with nodes " + down
                        + " down: " + how);
                assertThat(failure).as("how a send to partition %d ended while only node %d ran: %s", p, survivor, how)
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOfAny(
                                NotEnoughReplicasException.class, NotEnoughReplicasAfterAppendException.class,
                                org.apache.kafka.common.errors.TimeoutException.class);
            }

            cluster.node(down.get(0)).start();
            for (int p = 0; p < PARTITIONS; p++) {
                acks.add(awaitAcknowledged(producer, numbering, p, "node " + down.get(0) + " is back"));
            }
        }
        assertEveryAcknowledgedRecordOnceInOrder(acks);
    }

    @Test
    void aPausedLeaderIsReplacedAndNeverGetsAWriteAcknowledged() throws Exception {
        List<Ack> acks;
        try (PacedProducer producer = new PacedProducer(cluster.bootstrap(), TOPIC, PARTITIONS)) {
            awaitProgress(producer, 0, "the producer started");
            int paused = leaderOf(0);
            Set<Integer> led = partitionsLedBy(paused);
            long sentBefore = producer.sent();
            long pausedAt = System.nanoTime();
            cluster.node(paused).pause();
            awaitNewLeaders(led, paused, "node " + paused + " was paused");   // after the broker session, 6 s
            long electedAt = System.nanoTime();
            awaitProgress(producer, sentBefore, "node " + paused + " was paused");
            System.out.printf("replication failover: node %d paused leading partitions %s; new leaders after %d ms,"
                    + " every partition acknowledging after %d ms%n", paused, led, millis(pausedAt, electedAt),
                    millis(pausedAt, System.nanoTime()));

            cluster.node(paused).resume();
            Await.until("node " + paused + ", resumed, follows: in every ISR and leading none of " + led, REJOIN,
                    () -> TributaryCluster.describe(admin, TOPIC).map(d -> d.partitions().stream().allMatch(p ->
                            ids(p.isr()).contains(paused)
                                    && (!led.contains(p.partition()) || hasLeader(p) && p.leader().id() != paused)))
                            .orElse(false), this::state);
            awaitProgress(producer, producer.sent(), "node " + paused + " resumed");
            acks = producer.finish();
            System.out.println("replication failover: " + producer.progress());
            assertThat(producer.failures()).as("records the producer gave up on").isEmpty();
        }
        assertEveryAcknowledgedRecordOnceInOrder(acks);
    }

    /** Every acknowledged record is in the log once, at its acknowledged offset, in send order. */
    private void assertEveryAcknowledgedRecordOnceInOrder(List<Ack> acks) throws Exception {
        PacedProducer.assertEveryAcknowledgedRecordOnceInOrder(acks, cluster.bootstrap(), TOPIC, PARTITIONS,
                this::state);
    }

    /** Sends record after record to the partition until one is acknowledged (within {@link #PROGRESS}). */
    private Ack awaitAcknowledged(KafkaProducer<String, String> producer, Numbering numbering, int partition,
                                  String after) throws Exception {
        return Await.value("a send to partition " + partition + " is acknowledged after " + after, PROGRESS, () -> {
            ProducerRecord<String, String> record = numbering.next(partition);
            try {
                return Optional.of(Ack.of(record, producer.send(record).get(60, TimeUnit.SECONDS)));
            } catch (ExecutionException e) {
                return Optional.empty();   // not yet: NOT_ENOUGH_REPLICAS, or no leader in time
            }
        }, this::state);
    }

    /** Waits until every partition acknowledged a record sent after the first {@code sentBefore} were. */
    private void awaitProgress(PacedProducer producer, long sentBefore, String event) throws Exception {
        Await.until("every partition acknowledges records sent after " + event, PROGRESS,
                () -> producer.acknowledgedOnEveryPartitionFrom(sentBefore),
                () -> producer.progress() + "\n" + state());
    }

    /** Waits until no partition in {@code partitions} is led by {@code old} (nor leaderless). */
    private void awaitNewLeaders(Set<Integer> partitions, int old, String event) throws Exception {
        Await.until("partitions " + partitions + " have a leader other than node " + old + " after " + event,
                PROGRESS, () -> TributaryCluster.describe(admin, TOPIC).map(d -> d.partitions().stream()
                        .filter(p -> partitions.contains(p.partition()))
                        .allMatch(p -> hasLeader(p) && p.leader().id() != old)).orElse(false), this::state);
    }

    private void awaitInEveryIsr(int node, String event) throws Exception {
        Await.until("node " + node + " is in the ISR of every partition after " + event, REJOIN,
                () -> TributaryCluster.describe(admin, TOPIC).map(d -> d.partitions().stream()
                        .allMatch(p -> ids(p.isr()).contains(node))).orElse(false), this::state);
    }

    /**
     * The leader of partition 0, unless that node was killed before and another partition is led by one that was
     * not: then that one, so the kills go round the nodes.
     */
    private int nextVictim(Set<Integer> killed) throws Exception {
        List<Integer> leaders = describeNow().partitions().stream()
                .sorted(Comparator.comparingInt(TopicPartitionInfo::partition)).map(p -> p.leader().id()).toList();
        return leaders.stream().filter(id -> !killed.contains(id)).findFirst().orElse(leaders.get(0));
    }

    private int leaderOf(int partition) throws Exception {
        return describeNow().partitions().stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow().leader().id();
    }

    private Set<Integer> partitionsLedBy(int node) throws Exception {
        return describeNow().partitions().stream().filter(p -> p.leader().id() == node)
                .map(TopicPartitionInfo::partition).collect(Collectors.toSet());
    }

    /** The topic with a leader for every partition. */
    private TopicDescription describeNow() throws Exception {
        return Await.value(TOPIC + " is described with a leader for every partition", Duration.ofSeconds(30),
                () -> TributaryCluster.describe(admin, TOPIC).filter(d -> d.partitions().stream()
                        .allMatch(TributaryCluster::hasLeader)), this::state);
    }

    /** For failure messages: leaders and ISRs as Admin sees them, and each node's last lines of output. */
    private String state() {
        return cluster.state(admin, TOPIC, 5);
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
