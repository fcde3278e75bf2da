package io.tributary.connect.worker;

import io.tributary.connect.plugins.LoaderSwap;
import io.tributary.connect.storage.CommittedOffsetsReader;
import io.tributary.connect.storage.OffsetCodec;
import io.tributary.connect.storage.OffsetStore;
import io.tributary.connect.storage.StatusStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTask.TransactionBoundary;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Runs a source task with exactly-once support (KIP-618, {@code exactly.once.source.support=enabled}): the task's
 * producer is transactional ({@code transactional.id} {@code <group.id>-<connector>-<task>}), and each transaction
 * holds the task's records and the source offsets of those records, written to the offsets topic in Kafka Connect's
 * layout — so both become visible to read_committed readers at once, or neither does.
 *
 * <p>Start: the cluster's leader fences older generations of the connector's tasks ({@link ExactlyOnceStart}),
 * {@code initTransactions} fences this task's own predecessor (the same transactional id) and aborts what it left
 * open, the generation is checked again, and only then are the offsets read — read_committed, so the task resumes
 * exactly after the last committed transaction. A transaction ends at a boundary ({@code transaction.boundary}):
 * after every batch {@code poll()} returned ({@code poll}), once {@code transaction.boundary.interval.ms} has passed
 * at the end of a batch ({@code interval}), or when the task asks through its {@link TransactionContext}
 * ({@code connector}: commit or abort after a record or after the batch; an abort still commits the offsets, so the
 * aborted records are not polled again). Also before a pause, and when the task stops (not when it failed). A
 * failed commit fails the task: the open transaction is aborted by the next {@code initTransactions} of its id.
 */
final class ExactlyOnceSourceTaskRunner extends TaskRunner {

    private static final Logger LOG = Logger.getLogger(ExactlyOnceSourceTaskRunner.class.getName());
    static final Duration OFFSETS_READ_TIMEOUT = Duration.ofMinutes(2);

    private final SourceTask task;
    private final TaskParts<SourceRecord> parts;
    private final SourceRecordConverter converter;
    private final Producer<byte[], byte[]> producer;
    private final CommittedOffsetsReader offsets;
    private final OffsetStore fallbackOffsets;
    private final OffsetCodec codec = new OffsetCodec();
    private final TopicCreator topics;
    private final TransactionBoundary boundary;
    private final long intervalMs;
    private final WorkerTransactionContext transactionContext;
    private final ExactlyOnceStart checks;
    private final PluginMetrics metrics;
    private final TaskMetrics taskMetrics;
    private final Consumer<String> topicUsed;
    private final Set<String> topicsSeen = new java.util.HashSet<>();
    private final AtomicInteger acked = new AtomicInteger();

    // Task thread only.
    private boolean taskStarted;
    private boolean transactionOpen;
    private int transactionSize;
    private long lastCommitMs;
    /** The newest offset of each source partition dispatched since the last commit. */
    private final Map<Map<String, ?>, Map<String, ?>> pendingOffsets = new LinkedHashMap<>();
    /** The records of the open transaction, for {@code SourceTask.commitRecord} once it committed. */
    private final List<Sent> sent = new ArrayList<>();

    /** A record of the open transaction and, once the broker acknowledged it, where it went. */
    private static final class Sent {
        final SourceRecord record;
        volatile RecordMetadata metadata;

        Sent(SourceRecord record) {
            this.record = record;
        }
    }

    /**
     * @param offsets         the connector's offsets topic (its {@code offsets.storage.topic}, or the worker's),
     *                        read_committed; the producer writes the offsets there
     * @param fallbackOffsets the worker's offsets when {@code offsets} is a topic of the connector's own (read when
     *                        a partition has no offset there), else null
     * @param defaultIntervalMs {@code offset.flush.interval.ms}, the interval boundary's default
     */
    ExactlyOnceSourceTaskRunner(String connector, int taskId, SourceTask task, TaskParts<SourceRecord> parts,
                                Producer<byte[], byte[]> producer, CommittedOffsetsReader offsets,
                                OffsetStore fallbackOffsets, TopicCreator topics, long defaultIntervalMs,
                                ExactlyOnceStart checks, PluginMetrics metrics, TaskMetrics taskMetrics,
                                StatusStore statuses, String workerId, TargetState target,
                                Consumer<String> topicUsed) {
        super(connector, taskId, statuses, workerId, target);
        this.task = task;
        this.parts = parts;
        this.converter = new SourceRecordConverter(parts);
        this.producer = producer;
        this.offsets = offsets;
        this.fallbackOffsets = fallbackOffsets;
        this.topics = topics;
        this.boundary = parts.connectorConfig().transactionBoundary();
        Long interval = parts.connectorConfig().transactionBoundaryIntervalMs();
        this.intervalMs = interval != null ? interval : defaultIntervalMs;
        this.transactionContext = boundary == TransactionBoundary.CONNECTOR ? new WorkerTransactionContext() : null;
        this.checks = checks;
        this.metrics = metrics;
        this.taskMetrics = taskMetrics;
        this.topicUsed = topicUsed;
    }

    @Override
    void execute() throws Exception {
        checks.beforeProducer(() -> stopping);
        if (stopping) {
            return; // never initialize a producer that could fence a newer generation
        }
        producer.initTransactions();
        checks.afterProducer();
        offsets.readToEnd(OFFSETS_READ_TIMEOUT);
        try (LoaderSwap ignored = LoaderSwap.to(parts.loader())) {
            task.initialize(new Context());
            taskStarted = true;
            task.start(parts.taskConfig());
            report("RUNNING", null);
            lastCommitMs = System.currentTimeMillis();
            while (awaitUnpaused()) {
                long polled = System.nanoTime();
                List<SourceRecord> batch = poll();
                if (batch != null) {
                    taskMetrics.batch(batch.size(), System.nanoTime() - polled);
                    for (SourceRecord r : batch) {
                        dispatch(r);
                    }
                }
                batchDispatched();
            }
            finalCommit();
        }
    }

    private List<SourceRecord> poll() throws InterruptedException {
        try {
            return task.poll();
        } catch (RetriableException | org.apache.kafka.common.errors.RetriableException e) {
            LOG.log(Level.WARNING, name() + " failed to poll records from SourceTask; will retry", e);
            return null;
        }
    }

    private void dispatch(SourceRecord record) {
        SourceRecordConverter.Converted c;
        try {
            c = converter.convert(record);
        } catch (ErrorHandler.Skipped s) {
            taskMetrics.error(true);
            c = null;
        }
        if (c == null) {
            // dropped by a transform or a tolerated error: its offset still moves on, in this transaction
            offset(record);
            sent.add(new Sent(record));
            boundaryAfter(record);
            return;
        }
        ProducerRecord<byte[], byte[]> out = c.record();
        if (out.topic().equals(offsets.topic())) {
            // A read_committed read of the offsets topic would wait for this task's own open transaction.
            throw new ConnectException("Source tasks may not produce to their own offsets topics when exactly-once "
                    + "support is enabled");
        }
        beginIfNeeded();
        if (topics != null) {
            topics.ensure(out.topic());
        }
        if (topicsSeen.add(out.topic())) {
            topicUsed.accept(out.topic());
        }
        Sent s = new Sent(record);
        sent.add(s);
        try {
            producer.send(out, (metadata, e) -> {
                if (e == null) {
                    s.metadata = metadata;
                    acked.incrementAndGet();
                } else {
                    // the commit fails with it (the producer cannot commit a transaction with a failed send)
                    LOG.log(Level.SEVERE, name() + " failed to send a record to topic " + out.topic(), e);
                }
            });
        } catch (RuntimeException e) {
            throw wrap("Unrecoverable exception trying to send", e);
        }
        offset(record);
        transactionSize++;
        boundaryAfter(record);
    }

    private void offset(SourceRecord record) {
        if (record.sourcePartition() != null && record.sourceOffset() != null) {
            pendingOffsets.remove(record.sourcePartition());
            pendingOffsets.put(record.sourcePartition(), record.sourceOffset());
        }
    }

    private void beginIfNeeded() {
        if (!transactionOpen) {
            producer.beginTransaction();
            transactionOpen = true;
        }
    }

    /** The connector boundary after a record: commit (or abort, then commit the offsets) when the task asked. */
    private void boundaryAfter(SourceRecord record) {
        if (transactionContext == null) {
            return;
        }
        if (transactionContext.shouldAbortOn(record)) {
            LOG.info(name() + ": aborting the transaction for a record on topic " + record.topic()
                    + ", as the connector asked");
            abort();
            commit();
        } else if (transactionContext.shouldCommitOn(record)) {
            commit();
        }
    }

    private void batchDispatched() {
        switch (boundary) {
            case POLL -> commit();
            case INTERVAL -> {
                long now = System.currentTimeMillis();
                if (now >= lastCommitMs + intervalMs) {
                    lastCommitMs = now;
                    commit();
                }
            }
            case CONNECTOR -> connectorBatchBoundary();
        }
    }

    private void connectorBatchBoundary() {
        if (transactionContext.shouldAbortBatch()) {
            LOG.info(name() + ": aborting the transaction for the batch, as the connector asked");
            abort();
            commit();
        } else if (transactionContext.shouldCommitBatch()) {
            commit();
        }
    }

    /** When the task stops or pauses: the open transaction commits, unless the connector defines boundaries. */
    private void finalCommit() {
        if (boundary == TransactionBoundary.CONNECTOR) {
            connectorBatchBoundary();
        } else {
            commit();
        }
    }

    @Override
    void onPause() {
        // committed now, or it would hang open (and time out) while paused
        finalCommit();
    }

    @Override
    void onResume() {
        lastCommitMs = System.currentTimeMillis();
    }

    private void abort() {
        if (!transactionOpen) {
            LOG.warning(name() + ": ignoring the connector's request to abort the transaction, as it is empty");
            return;
        }
        producer.abortTransaction();
        transactionOpen = false;
        transactionSize = 0;
        sent.forEach(s -> s.metadata = null);   // never visible: as if dropped
    }

    /** Writes the pending offsets into the transaction and commits it; then {@code commitRecord}s and commit(). */
    private void commit() {
        long started = System.nanoTime();
        if (!transactionOpen && pendingOffsets.isEmpty()) {
            taskMetrics.committed(System.nanoTime() - started);
            commitTask();
            return;
        }
        beginIfNeeded();   // an abort just ended the transaction: the offsets get one of their own
        Map<ByteBuffer, ByteBuffer> entries = new HashMap<>();
        pendingOffsets.forEach((p, o) -> entries.put(codec.key(connector, p), codec.value(o)));
        for (Map.Entry<ByteBuffer, ByteBuffer> e : entries.entrySet()) {
            try {
                producer.send(new ProducerRecord<>(offsets.topic(), bytes(e.getKey()), bytes(e.getValue())),
                        (metadata, error) -> {
                            if (error != null) {
                                LOG.log(Level.SEVERE, name() + " failed to write offsets to " + offsets.topic(),
                                        error);
                            }
                        });
            } catch (RuntimeException ex) {
                throw wrap("Failed to flush offsets and/or records for task " + name(), ex);
            }
        }
        try {
            producer.commitTransaction();   // flushes: every record and offset acknowledged, or it throws
        } catch (RuntimeException e) {
            throw wrap("Failed to flush offsets and/or records for task " + name(), e);
        } finally {
            transactionOpen = false;
        }
        offsets.committed(entries);
        pendingOffsets.clear();
        taskMetrics.committed(System.nanoTime() - started);
        taskMetrics.transactionCommitted(transactionSize);
        transactionSize = 0;
        int delivered = acked.getAndSet(0);
        if (delivered > 0) {
            taskMetrics.delivered(delivered);
        }
        for (Sent s : sent) {
            try {
                task.commitRecord(s.record, s.metadata);
            } catch (Throwable t) {
                LOG.log(Level.WARNING, name() + ": SourceTask.commitRecord threw", t);
            }
        }
        sent.clear();
        commitTask();
    }

    private void commitTask() {
        try {
            task.commit();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, name() + ": SourceTask.commit threw", t);
        }
    }

    private ConnectException wrap(String message, Throwable e) {
        if (e instanceof InvalidProducerEpochException || e.getCause() instanceof InvalidProducerEpochException) {
            return new ConnectException("The task " + name() + " was unable to finish writing records to Kafka "
                    + "before its producer transaction expired. It may be necessary to reconfigure this connector in "
                    + "order for it to run healthily with exactly-once support. Options for this include: tune the "
                    + "connector's producer configuration for higher throughput, increase the transaction timeout "
                    + "for the connector's producers, decrease the offset commit interval (if using interval-based "
                    + "transaction boundaries), or use the 'poll' transaction boundary (if the connector is not "
                    + "already configured to use it).", e);
        }
        return new ConnectException(message, e);
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Override
    void wakeup() {
    }

    @Override
    void close() {
        if (taskStarted) {
            try (LoaderSwap ignored = LoaderSwap.to(parts.loader())) {
                task.stop();
            } catch (Throwable t) {
                LOG.log(Level.WARNING, name() + ": SourceTask.stop threw", t);
            }
        }
        // An open transaction (the task failed) is aborted by closing; a zombie's close cannot hurt its successor.
        producer.close(Duration.ofSeconds(30));
        offsets.close();
        parts.close();
        taskMetrics.close();
    }

    /** The task's offsets: its offsets topic, read_committed to the end at each call, then the worker's. */
    private final class TaskOffsets implements OffsetStore {
        @Override
        public Map<ByteBuffer, ByteBuffer> all() {
            offsets.readToEnd(OFFSETS_READ_TIMEOUT);
            if (fallbackOffsets == null) {
                return offsets.all();
            }
            Map<ByteBuffer, ByteBuffer> merged = new HashMap<>(fallbackOffsets.all());
            merged.putAll(offsets.all());
            return merged;
        }

        @Override
        public void write(Map<ByteBuffer, ByteBuffer> entries) {
            throw new UnsupportedOperationException("an exactly-once task writes offsets in its transactions");
        }

        @Override
        public void close() {
        }
    }

    private final class Context implements SourceTaskContext {
        private final OffsetStorageReader reader = new StoredOffsets(new TaskOffsets(), codec, connector);

        @Override
        public Map<String, String> configs() {
            return parts.taskConfig();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return reader;
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return metrics;
        }

        @Override
        public TransactionContext transactionContext() {
            return transactionContext;
        }
    }
}
