package io.tributary.connect.worker;

import io.tributary.connect.plugins.LoaderSwap;
import io.tributary.connect.storage.StatusStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Runs a sink task: its consumer (group {@code connect-<connector>}) polls, each record is converted and transformed,
 * the batch goes to {@code SinkTask.put}, and every {@code offset.flush.interval.ms} (or when the task asks) the
 * offsets {@code SinkTask.preCommit} returns are committed to the group. Offsets are committed only after the task
 * flushed what it was given, so a crash re-delivers, never skips (at-least-once).
 */
final class SinkTaskRunner extends TaskRunner {

    private static final Logger LOG = Logger.getLogger(SinkTaskRunner.class.getName());

    private final SinkTask task;
    private final TaskParts<SinkRecord> parts;
    private final Consumer<byte[], byte[]> consumer;
    private final DeadLetterQueue dlq;
    private final long flushIntervalMs;
    private final PluginMetrics metrics;
    private final TaskMetrics taskMetrics;
    private final java.util.function.Consumer<String> topicUsed;
    private final java.util.Set<String> topicsSeen = new java.util.HashSet<>();
    /** Next offset to commit per partition: one past the last record given to put. */
    private final Map<TopicPartition, OffsetAndMetadata> currentOffsets = new HashMap<>();
    private final Set<TopicPartition> pausedByTask = new HashSet<>();
    private final Map<TopicPartition, Long> rewinds = new HashMap<>();
    private Map<TopicPartition, OffsetAndMetadata> lastCommitted = new HashMap<>();
    /** The consumed records of the batch being delivered, for the errant record reporter's dead letter queue (kept
     *  only when the connector has a reporter). */
    private final Map<String, ConsumerRecord<byte[], byte[]>> delivering = new java.util.concurrent.ConcurrentHashMap<>();
    private List<SinkRecord> retryBatch;
    private long retryTimeoutMs = -1;
    private volatile boolean commitRequested;
    private long nextCommit;

    SinkTaskRunner(String connector, int taskId, SinkTask task, TaskParts<SinkRecord> parts,
                   Consumer<byte[], byte[]> consumer, DeadLetterQueue dlq, long flushIntervalMs, PluginMetrics metrics,
                   TaskMetrics taskMetrics, StatusStore statuses, String workerId, TargetState target,
                   java.util.function.Consumer<String> topicUsed) {
        super(connector, taskId, statuses, workerId, target);
        this.topicUsed = topicUsed;
        this.task = task;
        this.parts = parts;
        this.consumer = consumer;
        this.dlq = dlq;
        this.flushIntervalMs = flushIntervalMs;
        this.metrics = metrics;
        this.taskMetrics = taskMetrics;
    }

    @Override
    void execute() throws Exception {
        try (LoaderSwap ignored = LoaderSwap.to(parts.loader())) {
            task.initialize(new Context());
            task.start(parts.taskConfig());
            subscribe();
            report("RUNNING", null);
            nextCommit = System.currentTimeMillis() + flushIntervalMs;
            while (awaitUnpaused()) {
                iteration();
            }
            commit(new HashSet<>(consumer.assignment()), true);
        }
    }

    private void subscribe() {
        String regex = parts.connectorConfig().getString(ConnectorConfig.TOPICS_REGEX);
        Listener listener = new Listener();
        if (regex != null && !regex.isBlank()) {
            consumer.subscribe(Pattern.compile(regex), listener);
        } else {
            consumer.subscribe(parts.connectorConfig().getList(ConnectorConfig.TOPICS), listener);
        }
    }

    private void iteration() {
        long now = System.currentTimeMillis();
        if (commitRequested || now >= nextCommit) {
            commitRequested = false;
            commit(new HashSet<>(consumer.assignment()), false);
            nextCommit = now + flushIntervalMs;
        }
        applyRewinds();
        if (retryBatch != null) {
            // The task threw RetriableException: all partitions stay paused while the same batch is retried.
            long wait = retryTimeoutMs > 0 ? retryTimeoutMs : 0;
            pollQuietly(Duration.ofMillis(wait));
            deliver(retryBatch);
            return;
        }
        ConsumerRecords<byte[], byte[]> polled;
        try {
            polled = consumer.poll(Duration.ofMillis(Math.max(1, Math.min(1000, nextCommit - now))));
        } catch (WakeupException e) {
            return;
        }
        List<SinkRecord> batch = new ArrayList<>(polled.count());
        delivering.clear();
        boolean keepOriginals = parts.errors().reportsErrantRecords();
        for (TopicPartition tp : polled.partitions()) {
            if (topicsSeen.add(tp.topic())) {
                topicUsed.accept(tp.topic());
            }
            long last = -1;
            for (ConsumerRecord<byte[], byte[]> c : polled.records(tp)) {
                if (keepOriginals) {
                    delivering.put(c.topic() + "/" + c.partition() + "/" + c.offset(), c);
                }
                SinkRecord r = convertAndTransform(c);
                if (r != null) {
                    batch.add(r);
                }
                last = c.offset();
            }
            if (last >= 0) {
                currentOffsets.put(tp, new OffsetAndMetadata(last + 1));
            }
        }
        deliver(batch);
    }

    /** Polls only to keep the group membership alive while every partition is paused. */
    private void pollQuietly(Duration d) {
        consumer.pause(consumer.assignment());
        try {
            consumer.poll(d);
        } catch (WakeupException ignored) {
            // stopping or a transition: the loop looks again
        } finally {
            Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
            resume.removeAll(pausedByTask);
            consumer.resume(resume);
        }
    }

    private void deliver(List<SinkRecord> batch) {
        try {
            long started = System.nanoTime();
            task.put(batch);
            taskMetrics.batch(batch.size(), System.nanoTime() - started);
            taskMetrics.delivered(batch.size());
            retryBatch = null;
            retryTimeoutMs = -1;
        } catch (RetriableException e) {
            LOG.log(Level.INFO, name() + " asked to retry its batch of " + batch.size() + " records: " + e.getMessage());
            retryBatch = batch;
        }
    }

    private SinkRecord convertAndTransform(ConsumerRecord<byte[], byte[]> c) {
        ErrorHandler errors = parts.errors();
        try {
            SchemaAndValue key = errors.execute(ErrorStage.KEY_CONVERTER, parts.keyConverter().getClass(), c,
                    () -> parts.keyConverter().toConnectData(c.topic(), c.headers(), c.key()));
            SchemaAndValue value = errors.execute(ErrorStage.VALUE_CONVERTER, parts.valueConverter().getClass(), c,
                    () -> parts.valueConverter().toConnectData(c.topic(), c.headers(), c.value()));
            ConnectHeaders headers = errors.execute(ErrorStage.HEADER_CONVERTER, parts.headerConverter().getClass(),
                    c, () -> headers(c));
            SinkRecord r = new SinkRecord(c.topic(), c.partition(), key.schema(), key.value(), value.schema(),
                    value.value(), c.offset(), c.timestamp() >= 0 ? c.timestamp() : null, c.timestampType(), headers);
            return errors.execute(ErrorStage.TRANSFORMATION, null, c, () -> parts.transforms().apply(r));
        } catch (ErrorHandler.Skipped s) {
            taskMetrics.error(true);
            return null;
        }
    }

    private ConnectHeaders headers(ConsumerRecord<byte[], byte[]> c) {
        ConnectHeaders out = new ConnectHeaders();
        for (org.apache.kafka.common.header.Header h : c.headers()) {
            SchemaAndValue v = parts.headerConverter().toConnectHeader(c.topic(), h.key(), h.value());
            out.add(h.key(), v);
        }
        return out;
    }

    /** Flushes the task through preCommit and commits what it returns for these partitions. */
    private void commit(Set<TopicPartition> partitions, boolean closing) {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
        currentOffsets.forEach((tp, o) -> {
            if (partitions.contains(tp)) {
                current.put(tp, o);
            }
        });
        if (dlq != null) {
            dlq.flush(); // a record reported to the DLQ is safe before its offset is committed
        }
        Map<TopicPartition, OffsetAndMetadata> committable;
        try {
            committable = task.preCommit(new HashMap<>(current));
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, name() + ": offset commit failed; the records since the last commit will be"
                    + " delivered again", t);
            if (!closing) {
                rewindToCommitted(partitions);
            }
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        committable.forEach((tp, o) -> {
            if (partitions.contains(tp) && o != null && !o.equals(lastCommitted.get(tp))) {
                toCommit.put(tp, o);
            }
        });
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            long started = System.nanoTime();
            consumer.commitSync(toCommit);
            taskMetrics.committed(System.nanoTime() - started);
            lastCommitted.putAll(toCommit);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name() + ": committing offsets " + toCommit + " failed", e);
        }
    }

    /** After a failed flush, deliver again from what the group has committed. */
    private void rewindToCommitted(Set<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = lastCommitted.get(tp);
            if (c != null) {
                consumer.seek(tp, c.offset());
                currentOffsets.put(tp, c);
            }
        }
    }

    private void applyRewinds() {
        Map<TopicPartition, Long> todo;
        synchronized (rewinds) {
            if (rewinds.isEmpty()) {
                return;
            }
            todo = new HashMap<>(rewinds);
            rewinds.clear();
        }
        todo.forEach((tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
                currentOffsets.put(tp, new OffsetAndMetadata(offset));
            }
        });
    }

    @Override
    void onPause() {
        consumer.pause(consumer.assignment());
    }

    @Override
    void onResume() {
        Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
        resume.removeAll(pausedByTask);
        consumer.resume(resume);
    }

    @Override
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    void close() {
        try (LoaderSwap ignored = LoaderSwap.to(parts.loader())) {
            try {
                task.close(new HashSet<>(consumer.assignment()));
            } catch (Throwable t) {
                LOG.log(Level.WARNING, name() + ": SinkTask.close threw", t);
            }
            try {
                task.stop();
            } catch (Throwable t) {
                LOG.log(Level.WARNING, name() + ": SinkTask.stop threw", t);
            }
        }
        consumer.close(Duration.ofSeconds(10));
        if (dlq != null) {
            dlq.close();
        }
        parts.close();
        taskMetrics.close();
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<TopicPartition> revoked = new HashSet<>(partitions);
            commit(revoked, true);
            task.close(revoked);
            revoked.forEach(tp -> {
                currentOffsets.remove(tp);
                lastCommitted.remove(tp);
                pausedByTask.remove(tp);
            });
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: close without committing.
            task.close(new HashSet<>(partitions));
            partitions.forEach(tp -> {
                currentOffsets.remove(tp);
                lastCommitted.remove(tp);
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                long position = consumer.position(tp);
                currentOffsets.put(tp, new OffsetAndMetadata(position));
                lastCommitted.put(tp, new OffsetAndMetadata(position));
            }
            task.open(new HashSet<>(partitions));
            if (target == TargetState.PAUSED || retryBatch != null) {
                consumer.pause(partitions);
            }
            applyRewinds();
        }
    }

    private final class Context implements SinkTaskContext {
        @Override
        public Map<String, String> configs() {
            return parts.taskConfig();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            synchronized (rewinds) {
                rewinds.putAll(offsets);
            }
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            offset(Map.of(tp, offset));
        }

        @Override
        public void timeout(long timeoutMs) {
            retryTimeoutMs = timeoutMs;
        }

        @Override
        public Set<TopicPartition> assignment() {
            return consumer.assignment();
        }

        @Override
        public void pause(TopicPartition... partitions) {
            pausedByTask.addAll(List.of(partitions));
            consumer.pause(List.of(partitions));
        }

        @Override
        public void resume(TopicPartition... partitions) {
            List.of(partitions).forEach(pausedByTask::remove);
            if (target != TargetState.PAUSED && retryBatch == null) {
                consumer.resume(List.of(partitions));
            }
        }

        @Override
        public void requestCommit() {
            commitRequested = true;
        }

        @Override
        public ErrantRecordReporter errantRecordReporter() {
            if (!parts.errors().reportsErrantRecords()) {
                return null;
            }
            return (record, error) -> {
                ConsumerRecord<byte[], byte[]> original = delivering.get(record.originalTopic() + "/"
                        + record.originalKafkaPartition() + "/" + record.originalKafkaOffset());
                if (original == null) {
                    original = new ConsumerRecord<>(record.originalTopic(), record.originalKafkaPartition(),
                            record.originalKafkaOffset(), null, null);
                }
                parts.errors().report(original, error);
                Future<Void> done = CompletableFuture.completedFuture(null);
                return done;
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return metrics;
        }
    }
}
