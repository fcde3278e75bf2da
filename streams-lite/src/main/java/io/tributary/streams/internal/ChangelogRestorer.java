package io.tributary.streams.internal;

import io.tributary.streams.StateRestoreListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds tasks' stores from their changelogs with a stream thread's restore consumer: reads each changelog
 * partition from the task's position (a persistent store's checkpoint) or its beginning up to the end offset it
 * had when the restore began (the last stable offset under exactly-once), a batch per call of
 * {@link #restoreSome()}, and starts each task whose changelogs are all read. Reports to the
 * {@link StateRestoreListener}, the log and the task's restore metrics.
 */
final class ChangelogRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(ChangelogRestorer.class);

    private final KafkaConsumer<byte[], byte[]> restoreConsumer;
    private final StateRestoreListener restoreListener;
    private final StreamsMetrics.ThreadMetrics metrics;
    private final String threadName;
    private final Set<Task> restoring = new LinkedHashSet<>();
    private final Map<TopicPartition, Long> restoreEnds = new HashMap<>();
    private final Map<TopicPartition, Long> restoredCounts = new HashMap<>();
    private boolean restoreAssignmentStale;

    ChangelogRestorer(KafkaConsumer<byte[], byte[]> restoreConsumer, StateRestoreListener restoreListener,
            StreamsMetrics.ThreadMetrics metrics, String threadName) {
        this.restoreConsumer = restoreConsumer;
        this.restoreListener = restoreListener;
        this.metrics = metrics;
        this.threadName = threadName;
    }

    void add(Task task) {
        restoring.add(task);
        restoreAssignmentStale = true;
    }

    boolean isEmpty() {
        return restoring.isEmpty();
    }

    /** Forgets every task (they were revoked or lost). */
    void clear() {
        restoring.clear();
        restoreEnds.clear();
        restoredCounts.clear();
        restoreConsumer.assign(List.of());
    }

    /** Polls the restore consumer once and starts every task whose changelogs have been read to their end. */
    void restoreSome() {
        if (restoring.isEmpty()) {
            return;
        }
        if (restoreAssignmentStale) {
            assignRestoreConsumer();
        }
        if (!restoreConsumer.assignment().isEmpty()) {
            ConsumerRecords<byte[], byte[]> records = restoreConsumer.poll(Duration.ofMillis(10));
            for (TopicPartition tp : records.partitions()) {
                Task task = restoringTaskOf(tp);
                List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    task.restore(record);
                }
                long total = restoredCounts.merge(tp, (long) batch.size(), Long::sum);
                metrics.restoreSensor(task.id().toString(), () -> remaining(task)).record(batch.size());
                if (restoreListener != null) {
                    restoreListener.onBatchRestored(tp, task.changelogStore(tp).name(),
                            batch.get(batch.size() - 1).offset(), total);
                }
            }
        }
        for (Task task : List.copyOf(restoring)) {
            boolean done = true;
            for (TopicPartition tp : task.changelogPartitions()) {
                Long end = restoreEnds.get(tp);
                if (end == null || (end > 0 && restoreConsumer.assignment().contains(tp)
                        && restoreConsumer.position(tp) < end)) {
                    done = false;
                }
            }
            if (done) {
                finishRestore(task);
            }
        }
    }

    /** Records the task still has to read from its changelogs to finish restoring. */
    private long remaining(Task task) {
        long remaining = 0;
        for (TopicPartition tp : task.changelogPartitions()) {
            Long end = restoreEnds.get(tp);
            Long at = task.changelogPositions().get(tp);
            if (end != null) {
                remaining += Math.max(0, end - (at == null ? 0 : at));
            }
        }
        return remaining;
    }

    private void assignRestoreConsumer() {
        Set<TopicPartition> changelogs = new HashSet<>();
        for (Task task : restoring) {
            changelogs.addAll(task.changelogPartitions());
        }
        Map<TopicPartition, Long> ends = restoreConsumer.endOffsets(changelogs);
        List<TopicPartition> toRead = new ArrayList<>();
        for (Task task : restoring) {
            for (TopicPartition tp : task.changelogPartitions()) {
                long end = ends.getOrDefault(tp, 0L);
                Long from = task.changelogPositions().get(tp);
                if (!restoreEnds.containsKey(tp)) {
                    restoredCounts.put(tp, 0L);
                    LOG.info("{}: restoring store {} of task {} from {} from offset {} to {}", threadName,
                            task.changelogStore(tp).name(), task.id(), tp, from == null ? 0 : from, end);
                    if (restoreListener != null) {
                        restoreListener.onRestoreStart(tp, task.changelogStore(tp).name(), from == null ? 0 : from,
                                end);
                    }
                }
                restoreEnds.put(tp, end);
                if (from == null || from < end) {
                    toRead.add(tp);
                }
            }
        }
        restoreConsumer.assign(toRead);
        for (TopicPartition tp : toRead) {
            Long from = restoringTaskOf(tp).changelogPositions().get(tp);
            if (from == null) {
                restoreConsumer.seekToBeginning(List.of(tp));
            } else {
                restoreConsumer.seek(tp, from);
            }
        }
        restoreAssignmentStale = false;
    }

    private void finishRestore(Task task) {
        restoring.remove(task);
        for (TopicPartition tp : task.changelogPartitions()) {
            long total = restoredCounts.getOrDefault(tp, 0L);
            LOG.info("{}: restored store {} of task {}: {} records", threadName, task.changelogStore(tp).name(),
                    task.id(), total);
            if (restoreListener != null) {
                restoreListener.onRestoreEnd(tp, task.changelogStore(tp).name(), total);
            }
            restoreEnds.remove(tp);
            restoredCounts.remove(tp);
            if (restoreConsumer.assignment().contains(tp)) {
                task.changelogPositions().put(tp, restoreConsumer.position(tp));
            }
        }
        task.start();
        restoreAssignmentStale = true;
        if (restoring.isEmpty()) {
            restoreConsumer.assign(List.of());
        }
    }

    private Task restoringTaskOf(TopicPartition changelog) {
        for (Task task : restoring) {
            if (task.changelogPartitions().contains(changelog)) {
                return task;
            }
        }
        throw new IllegalStateException("no restoring task owns " + changelog);
    }
}
