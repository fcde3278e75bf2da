package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, points 1, 4 and 5 (first half), with kafka-clients against a Tributary process. Maven runs this class
 * twice, like {@link ClientsCompatTest}: with kafka-clients 4.4 (transaction version 2 when the broker advertises
 * it) and with 3.9 (the {@code kafka-clients-3} execution; version 1), so only APIs both have are used.
 *
 * <p>The broker sweeps for timed-out transactions every second
 * ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms}; Kafka's default is 10 s).
 */
class TransactionsCompatTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static TributaryProcess broker;

    @BeforeAll
    static void start() throws Exception {
        System.out.println("kafka-clients " + ClientsCompatTest.clientsVersion() + " against Tributary");
        broker = new TributaryProcess(dir.resolve("data"),
                Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.stop();
    }

    private static void createTopics(int partitions, String... names) throws Exception {
        try (Admin admin = TransactionClients.admin(broker.bootstrap())) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** What a test sent: per partition, offset to value, as acknowledged. */
    private static final class Sent {
        final Map<TopicPartition, TreeMap<Long, String>> all = new HashMap<>();
        final Map<TopicPartition, TreeMap<Long, String>> committed = new HashMap<>();

        void add(RecordMetadata md, String value, boolean commits) {
            TopicPartition tp = new TopicPartition(md.topic(), md.partition());
            all.computeIfAbsent(tp, k -> new TreeMap<>()).put(md.offset(), value);
            TreeMap<Long, String> c = committed.computeIfAbsent(tp, k -> new TreeMap<>());
            if (commits) {
                c.put(md.offset(), value);
            }
        }

        static int count(Map<TopicPartition, TreeMap<Long, String>> records) {
            return records.values().stream().mapToInt(TreeMap::size).sum();
        }
    }

    /** One transaction of the interleaving: its number, producer and records (value = unique id), not yet acked. */
    private record Txn(int number, KafkaProducer<String, String> producer, List<String> ids,
                       List<Future<RecordMetadata>> acks) {

        boolean commits() {
            return number % 3 != 2;
        }
    }

    /**
     * Two transactional producers run 40 transactions (every third aborted) over 3 topics × 4 partitions, each
     * transaction open while the other producer writes to the same partitions, so committed and aborted records
     * interleave in the partitions' logs. read_committed sees exactly the committed records at their offsets, in
     * offset order; read_uncommitted sees every record.
     */
    @Test
    void readCommittedSeesExactlyTheCommittedRecordsOfInterleavedTransactions() throws Exception {
        List<String> topics = List.of("interleaved-0", "interleaved-1", "interleaved-2");
        createTopics(4, topics.toArray(String[]::new));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (int p = 0; p < 4; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        Sent sent = new Sent();
        try (KafkaProducer<String, String> a = TransactionClients.transactional(broker.bootstrap(), "interleaved-a",
                Map.of()); KafkaProducer<String, String> b = TransactionClients.transactional(broker.bootstrap(),
                "interleaved-b", Map.of())) {
            TransactionClients.init(a, "interleaved-a");
            TransactionClients.init(b, "interleaved-b");
            int next = 0;
            for (int pair = 0; pair < 20; pair++) {
                Txn first = new Txn(2 * pair, a, new ArrayList<>(), new ArrayList<>());
                Txn second = new Txn(2 * pair + 1, b, new ArrayList<>(), new ArrayList<>());
                a.beginTransaction();
                b.beginTransaction();
                // a's first half, b's first half, a's second half, a ends, b's second half, b ends: both
                // transactions are open across each other's records in the partitions they share.
                next = sendHalf(first, partitions, next);
                next = sendHalf(second, partitions, next);
                next = sendHalf(first, partitions, next);
                end(first, sent);
                next = sendHalf(second, partitions, next);
                end(second, sent);
            }
        }
        int committed = Sent.count(sent.committed);
        int all = Sent.count(sent.all);
        assertThat(committed).isLessThan(all);

        try (KafkaConsumer<String, String> consumer = TransactionClients.consumer(broker.bootstrap(),
                IsolationLevel.READ_COMMITTED)) {
            Map<TopicPartition, TreeMap<Long, String>> read = TransactionClients.readToEnd(consumer, partitions,
                    committed, READ_TIMEOUT);
            assertThat(read).as("read_committed: the committed records, each at its acknowledged offset")
                    .isEqualTo(sent.committed);
        }
        try (KafkaConsumer<String, String> consumer = TransactionClients.consumer(broker.bootstrap(),
                IsolationLevel.READ_UNCOMMITTED)) {
            Map<TopicPartition, TreeMap<Long, String>> read = TransactionClients.readToEnd(consumer, partitions,
                    all, READ_TIMEOUT);
            assertThat(read).as("read_uncommitted: every record, aborted ones too").isEqualTo(sent.all);
        }
    }

    /** Sends 3 to 11 records of the transaction, each to the next of the 12 partitions; flushes them. */
    private static int sendHalf(Txn txn, List<TopicPartition> partitions, int next) {
        int n = 3 + (txn.number() * 5 + txn.ids().size()) % 9;
        for (int i = 0; i < n; i++, next++) {
            String id = "txn-" + txn.number() + "-record-" + txn.ids().size();
            TopicPartition tp = partitions.get(next % partitions.size());
            txn.ids().add(id);
            txn.acks().add(txn.producer().send(new ProducerRecord<>(tp.topic(), tp.partition(), id, id)));
        }
        txn.producer().flush();
        return next;
    }

    private static void end(Txn txn, Sent sent) throws Exception {
        for (int i = 0; i < txn.ids().size(); i++) {
            sent.add(txn.acks().get(i).get(), txn.ids().get(i), txn.commits());
        }
        if (txn.commits()) {
            txn.producer().commitTransaction();
        } else {
            txn.producer().abortTransaction();
        }
    }

    /**
     * Kafka's last-stable-offset rule: while a transaction is open on a partition, read_committed consumers see
     * nothing from its first record on, not even records written after it outside any transaction; ListOffsets
     * with READ_COMMITTED answers that first offset. Another partition is not held back. After the commit, the
     * transaction's records and the ones after it arrive, in order.
     */
    @Test
    void anOpenTransactionHoldsReadCommittedConsumersBackUntilItCommits() throws Exception {
        createTopics(2, "held-back");
        TopicPartition held = new TopicPartition("held-back", 0);
        TopicPartition other = new TopicPartition("held-back", 1);
        try (KafkaProducer<String, String> plain = TransactionClients.plain(broker.bootstrap());
             KafkaProducer<String, String> txn = TransactionClients.transactional(broker.bootstrap(), "held-back",
                     Map.of());
             Admin admin = TransactionClients.admin(broker.bootstrap());
             KafkaConsumer<String, String> committed = TransactionClients.consumer(broker.bootstrap(),
                     IsolationLevel.READ_COMMITTED)) {
            send(plain, held, "before-", 10);
            TransactionClients.init(txn, "held-back");
            txn.beginTransaction();
            List<Long> txnOffsets = send(txn, held, "txn-", 10);
            long firstOpen = txnOffsets.get(0);
            assertThat(firstOpen).isEqualTo(10);
            send(plain, held, "after-", 10);
            send(plain, other, "other-", 10);

            assertThat(TransactionClients.latest(admin, held, IsolationLevel.READ_UNCOMMITTED))
                    .as("high watermark").isEqualTo(30);
            assertThat(TransactionClients.latest(admin, held, IsolationLevel.READ_COMMITTED))
                    .as("ListOffsets(READ_COMMITTED) of the partition with the open transaction: its first offset")
                    .isEqualTo(firstOpen);
            assertThat(TransactionClients.latest(admin, other, IsolationLevel.READ_COMMITTED))
                    .as("ListOffsets(READ_COMMITTED) of a partition without one").isEqualTo(10);

            List<TopicPartition> both = List.of(held, other);
            Map<TopicPartition, TreeMap<Long, String>> read = TransactionClients.readToEnd(committed, both, 20,
                    READ_TIMEOUT);
            assertThat(read.get(held).values()).as("read_committed, transaction open")
                    .containsExactlyElementsOf(values("before-", 10));
            assertThat(read.get(other).values()).containsExactlyElementsOf(values("other-", 10));
            // Nothing more arrives while the transaction stays open (the records are there: see the high watermark).
            long quiet = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (System.nanoTime() < quiet) {
                for (ConsumerRecord<String, String> r : committed.poll(Duration.ofMillis(100))) {
                    throw new AssertionError("read_committed read " + r.topic() + "-" + r.partition() + "@"
                            + r.offset() + " (" + r.value() + ") while the transaction at " + firstOpen
                            + " is open");
                }
            }
            assertThat(committed.position(held)).as("read_committed position: the last stable offset")
                    .isEqualTo(firstOpen);
            assertThat(committed.endOffsets(List.of(held)).get(held)).as("the consumer's end offset")
                    .isEqualTo(firstOpen);

            txn.commitTransaction();

            List<String> rest = new ArrayList<>();
            GroupConsumer.await("read_committed reads the committed transaction and what followed it", READ_TIMEOUT,
                    () -> {
                        for (ConsumerRecord<String, String> r : committed.poll(Duration.ofMillis(200))) {
                            rest.add(r.partition() + ":" + r.value());
                        }
                        return rest.size() >= 20;
                    }, () -> "read " + rest);
            List<String> expected = new ArrayList<>();
            values("txn-", 10).forEach(v -> expected.add("0:" + v));
            values("after-", 10).forEach(v -> expected.add("0:" + v));
            assertThat(rest).containsExactlyElementsOf(expected);
            GroupConsumer.await("ListOffsets(READ_COMMITTED) reaches the high watermark (commit marker included)",
                    READ_TIMEOUT, () -> listOffset(admin, held, IsolationLevel.READ_COMMITTED)
                            == listOffset(admin, held, IsolationLevel.READ_UNCOMMITTED));
            assertThat(TransactionClients.latest(admin, held, IsolationLevel.READ_UNCOMMITTED))
                    .as("30 records and the commit marker").isEqualTo(31);
        }
    }

    private static long listOffset(Admin admin, TopicPartition tp, IsolationLevel level) {
        try {
            return TransactionClients.latest(admin, tp, level);
        } catch (Exception e) {
            throw new AssertionError("ListOffsets of " + tp + " at " + level, e);
        }
    }

    private static List<String> values(String prefix, int n) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(prefix + i);
        }
        return values;
    }

    /** Sends {@code prefix0..prefix<n-1>} to the partition and returns their acknowledged offsets. */
    private static List<Long> send(KafkaProducer<String, String> producer, TopicPartition tp, String prefix, int n)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (String value : values(prefix, n)) {
            acks.add(producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, value)));
        }
        producer.flush();
        List<Long> offsets = new ArrayList<>();
        for (Future<RecordMetadata> ack : acks) {
            offsets.add(ack.get(30, TimeUnit.SECONDS).offset());
        }
        return offsets;
    }

    /**
     * Zombie fencing at commit (issue 14, point 4): a second producer with the same transactional.id initialises
     * while the first has a transaction open; the first's commit fails with PRODUCER_FENCED, its records are
     * aborted, the second's commit.
     */
    @Test
    void aZombiesCommitIsFencedAndNoneOfItsRecordsBecomeVisible() throws Exception {
        createTopics(2, "fenced-commit");
        List<TopicPartition> partitions = List.of(new TopicPartition("fenced-commit", 0),
                new TopicPartition("fenced-commit", 1));
        try (KafkaProducer<String, String> zombie = TransactionClients.transactional(broker.bootstrap(), "zombie-1",
                Map.of()); KafkaProducer<String, String> successor = TransactionClients.transactional(
                broker.bootstrap(), "zombie-1", Map.of())) {
            TransactionClients.init(zombie, "zombie-1");
            zombie.beginTransaction();
            send(zombie, partitions.get(0), "zombie-", 5);
            send(zombie, partitions.get(1), "zombie-", 5);

            TransactionClients.init(successor, "zombie-1");
            successor.beginTransaction();
            send(successor, partitions.get(0), "successor-", 5);
            send(successor, partitions.get(1), "successor-", 5);

            assertThatThrownBy(zombie::commitTransaction).as("the zombie's commit")
                    .isInstanceOf(ProducerFencedException.class);
            successor.commitTransaction();
        }
        assertOnlySuccessorVisible(partitions, 10);
    }

    /**
     * Zombie fencing at send: after the successor initialised, the zombie's next send in its (aborted) transaction
     * fails (Kafka's brokers: PRODUCER_FENCED, or INVALID_PRODUCER_EPOCH on the Produce request), and so does its
     * commit. None of its records become visible.
     */
    @Test
    void aZombiesSendIsFencedAndNoneOfItsRecordsBecomeVisible() throws Exception {
        createTopics(2, "fenced-send");
        List<TopicPartition> partitions = List.of(new TopicPartition("fenced-send", 0),
                new TopicPartition("fenced-send", 1));
        try (KafkaProducer<String, String> zombie = TransactionClients.transactional(broker.bootstrap(), "zombie-2",
                Map.of()); KafkaProducer<String, String> successor = TransactionClients.transactional(
                broker.bootstrap(), "zombie-2", Map.of())) {
            TransactionClients.init(zombie, "zombie-2");
            zombie.beginTransaction();
            send(zombie, partitions.get(0), "zombie-", 5);
            send(zombie, partitions.get(1), "zombie-", 5);

            TransactionClients.init(successor, "zombie-2");
            successor.beginTransaction();
            send(successor, partitions.get(0), "successor-", 5);
            send(successor, partitions.get(1), "successor-", 5);

            Future<RecordMetadata> late;
            try {
                late = zombie.send(new ProducerRecord<>("fenced-send", 0, null, "zombie-late"));
            } catch (ProducerFencedException e) {
                late = null;    // send itself threw: the client already knew it was fenced
            }
            if (late != null) {
                Future<RecordMetadata> ack = late;
                assertThatThrownBy(() -> ack.get(60, TimeUnit.SECONDS)).as("the fenced zombie's send")
                        .isInstanceOf(ExecutionException.class).cause()
                        .isInstanceOfAny(InvalidProducerEpochException.class, ProducerFencedException.class)
                        .satisfies(e -> System.out.println("the zombie's send failed with " + e));
            } else {
                System.out.println("the zombie's send threw ProducerFencedException");
            }
            assertThatThrownBy(zombie::commitTransaction).as("the zombie's commit after a fenced send")
                    .isInstanceOf(KafkaException.class);
            successor.commitTransaction();
        }
        assertOnlySuccessorVisible(partitions, 10);
    }

    private static void assertOnlySuccessorVisible(List<TopicPartition> partitions, int zombieRecords)
            throws Exception {
        try (KafkaConsumer<String, String> consumer = TransactionClients.consumer(broker.bootstrap(),
                IsolationLevel.READ_COMMITTED)) {
            Map<TopicPartition, TreeMap<Long, String>> read = TransactionClients.readToEnd(consumer, partitions,
                    10, READ_TIMEOUT);
            for (TopicPartition tp : partitions) {
                assertThat(read.get(tp).values()).as("read_committed " + tp)
                        .containsExactlyElementsOf(values("successor-", 5));
            }
        }
        try (KafkaConsumer<String, String> consumer = TransactionClients.consumer(broker.bootstrap(),
                IsolationLevel.READ_UNCOMMITTED)) {
            Map<TopicPartition, TreeMap<Long, String>> read = TransactionClients.readToEnd(consumer, partitions,
                    10 + zombieRecords, READ_TIMEOUT);
            long zombies = read.values().stream().flatMap(m -> m.values().stream())
                    .filter(v -> v.startsWith("zombie-")).count();
            assertThat(zombies).as("the zombie's records are in the log (aborted), seen by read_uncommitted")
                    .isEqualTo(zombieRecords);
        }
    }

    /**
     * Issue 14, point 5 (first half): a producer process with {@code transaction.timeout.ms} 5 s opens a
     * transaction and is SIGKILLed. While the timeout has not passed, read_committed is held at the transaction's
     * first offset; then the broker aborts it: the last stable offset moves on, records written after it become
     * visible, the abandoned ones never do.
     */
    @Test
    void aTransactionLeftOpenByAKilledProducerIsAbortedAfterItsTimeout() throws Exception {
        final long timeoutMs = 5000;
        createTopics(1, "abandoned");
        TopicPartition tp = new TopicPartition("abandoned", 0);
        try (KafkaProducer<String, String> plain = TransactionClients.plain(broker.bootstrap());
             Admin admin = TransactionClients.admin(broker.bootstrap())) {
            send(plain, tp, "before-", 5);
            long launched = System.nanoTime();
            long firstOpen;
            try (TransactionClients.Child child = TransactionClients.Child.start("abandoning producer",
                    TransactionLeftOpen.class, broker.bootstrap(), "abandoning", tp.topic(), "0", "10",
                    Long.toString(timeoutMs))) {
                String[] open = child.next("TXN OPEN ", System.nanoTime() + TimeUnit.SECONDS.toNanos(90))
                        .split(" ");
                firstOpen = Long.parseLong(open[2]);
                assertThat(firstOpen).isEqualTo(5);
                child.kill();
            }
            send(plain, tp, "after-", 5);

            long lso = TransactionClients.latest(admin, tp, IsolationLevel.READ_COMMITTED);
            long answeredAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
            if (answeredAfterMs < timeoutMs) {
                // The transaction began after the launch, so it cannot have timed out yet.
                assertThat(lso).as("last stable offset " + answeredAfterMs + " ms after the producer was launched")
                        .isEqualTo(firstOpen);
            } else {
                System.out.println("LSO hold not checked: the killed producer's transaction may have timed out ("
                        + answeredAfterMs + " ms since launch)");
            }

            try (KafkaConsumer<String, String> consumer = TransactionClients.consumer(broker.bootstrap(),
                    IsolationLevel.READ_COMMITTED)) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                List<String> read = new ArrayList<>();
                GroupConsumer.await("read_committed reads past the abandoned transaction", READ_TIMEOUT, () -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        read.add(r.value());
                    }
                    return read.contains("after-4");
                }, () -> "read " + read + "; ListOffsets(READ_COMMITTED) "
                        + listOffset(admin, tp, IsolationLevel.READ_COMMITTED));
                List<String> expected = new ArrayList<>(values("before-", 5));
                expected.addAll(values("after-", 5));
                assertThat(read).as("read_committed after the timeout").containsExactlyElementsOf(expected);
            }
            // 20 records and the abort marker
            assertThat(TransactionClients.latest(admin, tp, IsolationLevel.READ_COMMITTED)).isEqualTo(21);
            try (KafkaConsumer<String, String> consumer = TransactionClients.consumer(broker.bootstrap(),
                    IsolationLevel.READ_UNCOMMITTED)) {
                Map<TopicPartition, TreeMap<Long, String>> read = TransactionClients.readToEnd(consumer, List.of(tp),
                        20, READ_TIMEOUT);
                assertThat(read.get(tp).values()).as("read_uncommitted: the abandoned records are in the log")
                        .hasSize(20).contains("abandoned-0", "abandoned-9");
            }
        }
    }
}
