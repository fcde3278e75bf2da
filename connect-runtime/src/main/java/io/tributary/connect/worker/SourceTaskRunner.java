package io.tributary.connect.worker;

import io.tributary.connect.plugins.LoaderSwap;
import io.tributary.connect.storage.OffsetCodec;
import io.tributary.connect.storage.OffsetStore;
import io.tributary.connect.storage.StatusStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Runs a source task: poll, transform, convert, send with the task's producer; every
 * {@code offset.flush.interval.ms} the offsets of the records the broker acknowledged (in order per source
 * partition) go to the offset store, then {@code SourceTask.commit()}. A crash replays from the last committed
 * offsets: at-least-once.
 */
final class SourceTaskRunner extends TaskRunner {

    private static final Logger LOG = Logger.getLogger(SourceTaskRunner.class.getName());

    private final SourceTask task;
    private final TaskParts<SourceRecord> parts;
    private final SourceRecordConverter converter;
    private final Producer<byte[], byte[]> producer;
    private final OffsetStore offsets;
    private final OffsetCodec codec = new OffsetCodec();
    private final SubmittedRecords submitted = new SubmittedRecords();
    private final TopicCreator topics;
    private final long flushIntervalMs;
    private final long flushTimeoutMs;
    private final PluginMetrics metrics;
    private final TaskMetrics taskMetrics;
    private final java.util.function.Consumer<String> topicUsed;
    private final java.util.Set<String> topicsSeen = new java.util.HashSet<>();
    private volatile Throwable producerFailure;
    private final java.util.concurrent.atomic.AtomicInteger ackedSinceLastPoll = new java.util.concurrent.atomic.AtomicInteger();

    SourceTaskRunner(String connector, int taskId, SourceTask task, TaskParts<SourceRecord> parts,
                     Producer<byte[], byte[]> producer, OffsetStore offsets, TopicCreator topics, long flushIntervalMs,
                     long flushTimeoutMs, PluginMetrics metrics, TaskMetrics taskMetrics, StatusStore statuses,
                     String workerId, TargetState target, java.util.function.Consumer<String> topicUsed) {
        super(connector, taskId, statuses, workerId, target);
        this.topicUsed = topicUsed;
        this.task = task;
        this.parts = parts;
        this.converter = new SourceRecordConverter(parts);
        this.producer = producer;
        this.offsets = offsets;
        this.topics = topics;
        this.flushIntervalMs = flushIntervalMs;
        this.flushTimeoutMs = flushTimeoutMs;
        this.metrics = metrics;
        this.taskMetrics = taskMetrics;
    }

    @Override
    void execute() throws Exception {
        try (LoaderSwap ignored = LoaderSwap.to(parts.loader())) {
            task.initialize(new Context());
            task.start(parts.taskConfig());
            report("RUNNING", null);
            long nextCommit = System.currentTimeMillis() + flushIntervalMs;
            while (awaitUnpaused()) {
                long polled = System.nanoTime();
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    taskMetrics.batch(batch.size(), System.nanoTime() - polled);
                    for (SourceRecord r : batch) {
                        send(r);
                    }
                }
                // Counted by the producer's callbacks, recorded here: one sensor update per poll, not per record.
                int acked = ackedSinceLastPoll.getAndSet(0);
                if (acked > 0) {
                    taskMetrics.delivered(acked);
                    submitted.trim();
                }
                if (producerFailure != null) {
                    throw new ConnectException("Unrecoverable exception from producer send callback", producerFailure);
                }
                if (System.currentTimeMillis() >= nextCommit) {
                    commitOffsets();
                    nextCommit = System.currentTimeMillis() + flushIntervalMs;
                }
            }
            commitOffsets();
        }
    }

    private void send(SourceRecord record) {
        SourceRecordConverter.Converted c;
        try {
            c = converter.convert(record);
        } catch (ErrorHandler.Skipped s) {
            taskMetrics.error(true);
            skip(record);
            return;
        }
        if (c == null) {
            skip(record);
            return;
        }
        SourceRecord r = c.transformed();
        if (topics != null) {
            topics.ensure(r.topic());
        }
        if (topicsSeen.add(r.topic())) {
            topicUsed.accept(r.topic());
        }
        SubmittedRecords.Submitted s = submitted.submit(record.sourcePartition(), record.sourceOffset());
        producer.send(c.record(), (metadata, e) -> {
            if (e != null) {
                LOG.log(Level.SEVERE, name() + " failed to send a record to topic " + r.topic(), e);
                producerFailure = e;
                wakeup();
                return;
            }
            s.ack();
            ackedSinceLastPoll.incrementAndGet();
            commitRecord(record, metadata);
        });
    }

    /** A record dropped by a transform or a tolerated error still moves its partition's offset on. */
    private void skip(SourceRecord record) {
        submitted.submit(record.sourcePartition(), record.sourceOffset()).ack();
        commitRecord(record, null);
    }

    private void commitRecord(SourceRecord record, RecordMetadata metadata) {
        try {
            task.commitRecord(record, metadata);
        } catch (Throwable t) {
            LOG.log(Level.WARNING, name() + ": SourceTask.commitRecord threw", t);
        }
    }

    /** Waits (up to offset.flush.timeout.ms) for sends in flight, then stores every acknowledged prefix. */
    private void commitOffsets() {
        long started = System.nanoTime();
        long deadline = System.currentTimeMillis() + flushTimeoutMs;
        producer.flush();
        while (submitted.unacked() > 0 && System.currentTimeMillis() < deadline && producerFailure == null) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        Map<Map<String, ?>, Map<String, ?>> committable = submitted.takeCommittable();
        if (committable.isEmpty()) {
            return;
        }
        Map<ByteBuffer, ByteBuffer> entries = new HashMap<>();
        committable.forEach((p, o) -> entries.put(codec.key(connector, p), codec.value(o)));
        try {
            offsets.write(entries);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, name() + " could not commit offsets; the records since the last commit will be"
                    + " sent again after a restart", e);
            return;
        }
        taskMetrics.committed(System.nanoTime() - started);
        try {
            task.commit();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, name() + ": SourceTask.commit threw", t);
        }
    }

    @Override
    void wakeup() {
    }

    @Override
    void close() {
        try (LoaderSwap ignored = LoaderSwap.to(parts.loader())) {
            task.stop();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, name() + ": SourceTask.stop threw", t);
        }
        producer.close(Duration.ofSeconds(30));
        parts.close();
        taskMetrics.close();
    }

    private final class Context implements SourceTaskContext {
        @Override
        public Map<String, String> configs() {
            return parts.taskConfig();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new StoredOffsets(offsets, codec, connector);
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return metrics;
        }
    }
}
