package io.tributary.connect.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.storage.CommittedOffsetsReader;
import io.tributary.connect.storage.MemoryStatusStore;
import io.tributary.connect.storage.OffsetCodec;
import io.tributary.connect.storage.StatusStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An exactly-once source task's transactions (KIP-618) over kafka-clients' mock producer (records reach its
 * history only when their transaction commits) and a mock consumer of the offsets topic: what each transaction
 * holds, where the offsets go, the start-up order, and the three boundaries.
 */
class ExactlyOnceSourceTaskRunnerTest {

    private static final String CONNECTOR = "eos";
    private static final String OFFSETS = "connect-offsets";

    /** Polls the batches it was given, then nothing; runs a hook on each record's way out if one is set. */
    public static final class ScriptedTask extends SourceTask {
        static final ConcurrentLinkedQueue<List<SourceRecord>> BATCHES = new ConcurrentLinkedQueue<>();
        static final List<String> EVENTS = new CopyOnWriteArrayList<>();
        static volatile java.util.function.BiConsumer<TransactionContext, List<SourceRecord>> onPoll;
        static volatile Map<String, Object> startOffset;
        private TransactionContext transactions;

        @Override
        public String version() {
            return "1";
        }

        @Override
        public void start(Map<String, String> props) {
            startOffset = context.offsetStorageReader().offset(Map.of("p", 0));
            transactions = context.transactionContext();
            EVENTS.add("start");
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            List<SourceRecord> batch = BATCHES.poll();
            if (batch == null) {
                Thread.sleep(5);
                return null;
            }
            if (onPoll != null) {
                onPoll.accept(transactions, batch);
            }
            EVENTS.add("poll " + batch.size());
            return batch;
        }

        @Override
        public void commitRecord(SourceRecord record, RecordMetadata metadata) {
            EVENTS.add("commitRecord " + record.value() + (metadata == null ? " (not sent)" : ""));
        }

        @Override
        public void commit() {
            EVENTS.add("commit");
        }

        @Override
        public void stop() {
        }
    }

    private final MemoryStatusStore statuses = new MemoryStatusStore();
    private final ConnectMetrics metrics = new ConnectMetrics();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final MockConsumer<byte[], byte[]> offsetsConsumer = new MockConsumer<>("earliest");
    private final List<String> checks = new ArrayList<>();
    private ExactlyOnceSourceTaskRunner runner;

    @AfterEach
    void tearDown() throws Exception {
        if (runner != null) {
            runner.stop();
            runner.awaitStop(10_000);
        }
        ScriptedTask.BATCHES.clear();
        ScriptedTask.EVENTS.clear();
        ScriptedTask.onPoll = null;
        ScriptedTask.startOffset = null;
        metrics.close();
    }

    private static SourceRecord record(String topic, int n) {
        return new SourceRecord(Map.of("p", 0), Map.of("o", n), topic, Schema.STRING_SCHEMA, "v" + n);
    }

    private static List<SourceRecord> batch(int from, int to) {
        List<SourceRecord> out = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            out.add(record("t", n));
        }
        return out;
    }

    /** The offsets topic (one partition) holding these committed records. */
    private void offsetsTopic(List<ConsumerRecord<byte[], byte[]>> records) {
        TopicPartition tp = new TopicPartition(OFFSETS, 0);
        offsetsConsumer.updatePartitions(OFFSETS, List.of(new PartitionInfo(OFFSETS, 0, Node.noNode(),
                new Node[0], new Node[0])));
        offsetsConsumer.updateBeginningOffsets(Map.of(tp, 0L));
        offsetsConsumer.updateEndOffsets(Map.of(tp, (long) records.size()));
        offsetsConsumer.schedulePollTask(() -> records.forEach(offsetsConsumer::addRecord));
    }

    private ExactlyOnceSourceTaskRunner start(Map<String, String> settings) {
        Map<String, String> props = new HashMap<>(Map.of("name", CONNECTOR, "connector.class", "x"));
        props.putAll(settings);
        ConnectorConfig config = new ConnectorConfig(props, false);
        StringConverter values = new StringConverter();
        values.configure(Map.of(), false);
        StringConverter keys = new StringConverter();
        keys.configure(Map.of(), true);
        TransformationChain<SourceRecord> none = TransformationChain.empty();
        TaskParts<SourceRecord> parts = new TaskParts<>(config, Map.of(), getClass().getClassLoader(), keys, values,
                new SimpleHeaderConverter(), none, new ErrorHandler(config, CONNECTOR + "-0", null));
        TaskMetrics taskMetrics = new TaskMetrics(metrics, CONNECTOR, 0, false, () -> "running");
        ExactlyOnceStart start = new ExactlyOnceStart() {
            @Override
            public void beforeProducer(BooleanSupplier stopping) {
                checks.add("fenced (producer initialized: " + producer.transactionInitialized() + ")");
            }

            @Override
            public void afterProducer() {
                checks.add("verified (producer initialized: " + producer.transactionInitialized() + ")");
            }
        };
        runner = new ExactlyOnceSourceTaskRunner(CONNECTOR, 0, new ScriptedTask(), parts, producer,
                new CommittedOffsetsReader(OFFSETS, offsetsConsumer), null, null, 60_000, start,
                new PluginMetricsImpl(metrics.metrics(), Map.of("connector", CONNECTOR, "task", "0")), taskMetrics,
                statuses, "w1", TargetState.STARTED, topic -> { });
        Thread thread = new Thread(runner);
        thread.start();
        return runner;
    }

    private void awaitEvent(String event) throws InterruptedException {
        awaitUntil(() -> {
            StatusStore.State s = statuses.tasks(CONNECTOR).get(0);
            assertThat(s == null ? null : s.state()).as("task state; %s", s).isNotEqualTo("FAILED");
            return ScriptedTask.EVENTS.contains(event);
        });
        assertThat(ScriptedTask.EVENTS).contains(event);
    }

    private void awaitTaskFailed() throws InterruptedException {
        awaitUntil(() -> statuses.tasks(CONNECTOR).get(0) != null
                && "FAILED".equals(statuses.tasks(CONNECTOR).get(0).state()));
    }

    /** Polls the condition until it holds or 10 s pass (the task runs on a thread of its own). */
    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    private void stopTask() throws InterruptedException {
        runner.stop();
        assertThat(runner.awaitStop(10_000)).isTrue();
        runner = null;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The committed records, as "topic:value" (offset records as "offsets:<key> -> <value>"). */
    private List<String> committed() {
        List<String> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            out.add(r.topic().equals(OFFSETS) ? "offsets:" + text(r.key()) + " -> " + text(r.value())
                    : r.topic() + ":" + text(r.value()));
        }
        return out;
    }

    @Test
    void eachPollIsOneTransactionHoldingItsRecordsAndTheirOffsets() throws Exception {
        offsetsTopic(List.of());
        ScriptedTask.BATCHES.add(batch(0, 2));
        ScriptedTask.BATCHES.add(batch(3, 4));
        start(Map.of());
        awaitEvent("poll 2");
        awaitEvent("commitRecord v4");
        stopTask();

        assertThat(checks).containsExactly("fenced (producer initialized: false)",
                "verified (producer initialized: true)");
        assertThat(producer.commitCount()).isGreaterThanOrEqualTo(2);
        assertThat(committed()).containsExactly("t:v0", "t:v1", "t:v2",
                "offsets:[\"eos\",{\"p\":0}] -> {\"o\":2}",
                "t:v3", "t:v4",
                "offsets:[\"eos\",{\"p\":0}] -> {\"o\":4}");
        // commitRecord only once the transaction committed, then commit()
        List<String> events = ScriptedTask.EVENTS;
        assertThat(events.indexOf("commitRecord v2")).isLessThan(events.indexOf("poll 2"));
        assertThat(events.subList(events.indexOf("commitRecord v0"), events.indexOf("commitRecord v2") + 2))
                .containsExactly("commitRecord v0", "commitRecord v1", "commitRecord v2", "commit");
        assertThat(producer.transactionAborted()).isFalse();
    }

    @Test
    void theTaskStartsFromTheOffsetsOfCommittedTransactionsReadAfterItsProducerFencedItsPredecessor()
            throws Exception {
        OffsetCodec codec = new OffsetCodec();
        offsetsTopic(List.of(new ConsumerRecord<>(OFFSETS, 0, 0, bytes(codec.key(CONNECTOR, Map.of("p", 0))),
                bytes(codec.value(Map.of("o", 41))))));
        start(Map.of());
        awaitEvent("start");

        assertThat(ScriptedTask.startOffset).isEqualTo(Map.of("o", 41L));
        assertThat(checks).hasSize(2);
    }

    @Test
    void aTaskMayNotWriteToItsOffsetsTopic() throws Exception {
        offsetsTopic(List.of());
        ScriptedTask.BATCHES.add(List.of(record("t", 0), record(OFFSETS, 1)));
        start(Map.of());
        awaitTaskFailed();
        assertThat(statuses.tasks(CONNECTOR).get(0).trace()).contains(
                "Source tasks may not produce to their own offsets topics when exactly-once support is enabled");
        stopTask();
        assertThat(committed()).isEmpty();
    }

    @Test
    void aFailedCommitFailsTheTaskAndNothingOfItIsCommitted() throws Exception {
        offsetsTopic(List.of());
        producer.commitTransactionException = new ProducerFencedException("a newer producer of this id");
        ScriptedTask.BATCHES.add(batch(0, 1));
        start(Map.of());
        awaitTaskFailed();
        assertThat(statuses.tasks(CONNECTOR).get(0).trace()).contains("Failed to flush offsets and/or records")
                .contains("ProducerFencedException");
        stopTask();
        assertThat(committed()).isEmpty();
        assertThat(ScriptedTask.EVENTS).noneMatch(e -> e.startsWith("commitRecord"));
    }

    @Test
    void intervalBoundariesCommitOnlyAfterTheIntervalAndWhenTheTaskStops() throws Exception {
        offsetsTopic(List.of());
        ScriptedTask.BATCHES.add(batch(0, 1));
        ScriptedTask.BATCHES.add(batch(2, 3));
        start(Map.of("transaction.boundary", "interval", "transaction.boundary.interval.ms", "3600000"));
        awaitEvent("poll 2");
        Thread.sleep(50);
        assertThat(committed()).as("within the interval").isEmpty();

        stopTask();

        assertThat(committed()).containsExactly("t:v0", "t:v1", "t:v2", "t:v3",
                "offsets:[\"eos\",{\"p\":0}] -> {\"o\":3}");
    }

    @Test
    void aConnectorDefinesItsBoundariesThroughItsTransactionContext() throws Exception {
        offsetsTopic(List.of());
        ScriptedTask.onPoll = (transactions, batch) -> {
            assertThat(transactions).isNotNull();
            String first = String.valueOf(batch.get(0).value());
            if (first.equals("v0")) {
                transactions.commitTransaction(batch.get(1));      // v0, v1 committed; v2 left open
            } else if (first.equals("v3")) {
                transactions.abortTransaction(batch.get(0));       // v2, v3 aborted, their offsets kept
            } else if (first.equals("v4")) {
                transactions.commitTransaction();                  // after the batch
            }
        };
        ScriptedTask.BATCHES.add(batch(0, 2));
        ScriptedTask.BATCHES.add(batch(3, 3));
        ScriptedTask.BATCHES.add(batch(4, 5));
        ScriptedTask.BATCHES.add(batch(6, 6));       // never committed: the task asks for nothing
        start(Map.of("transaction.boundary", "connector"));
        awaitEvent("poll 1");
        awaitEvent("commitRecord v5");
        stopTask();

        String o = "offsets:[\"eos\",{\"p\":0}] -> ";
        assertThat(committed()).containsExactly("t:v0", "t:v1", o + "{\"o\":1}", o + "{\"o\":3}", "t:v4", "t:v5",
                o + "{\"o\":5}");
        assertThat(ScriptedTask.EVENTS).contains("commitRecord v2 (not sent)", "commitRecord v3 (not sent)");
    }

    @Test
    void withoutConnectorBoundariesATaskHasNoTransactionContext() throws Exception {
        offsetsTopic(List.of());
        List<TransactionContext> seen = new CopyOnWriteArrayList<>();
        ScriptedTask.onPoll = (transactions, batch) -> seen.add(transactions == null ? null : transactions);
        ScriptedTask.BATCHES.add(batch(0, 0));
        start(Map.of());
        awaitEvent("poll 1");
        assertThat(seen).containsExactly((TransactionContext) null);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
