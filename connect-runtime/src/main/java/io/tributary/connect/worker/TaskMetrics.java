package io.tributary.connect.worker;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Meter;

/**
 * One task's metrics under Kafka Connect's names: {@code connector-task-metrics} (status, batch sizes, offset commit
 * times), {@code source-task-metrics} or {@code sink-task-metrics} (records polled/written, read/sent, batch
 * times), and {@code task-error-metrics}. Removed when the task stops.
 */
final class TaskMetrics implements AutoCloseable {

    private final ConnectMetrics owner;
    private final Metrics metrics;
    private final Map<String, String> tags;
    private final String prefix;
    private final List<String> groups;
    private final Sensor batchSize;
    private final Sensor commitTime;
    private final Sensor records;      // source: polled; sink: read
    private final Sensor delivered;    // source: written; sink: sent to put
    private final Sensor batchTime;    // source: poll; sink: put
    private final Sensor errors;
    private final Sensor skipped;
    private Sensor transactionSize;    // exactly-once source tasks only

    TaskMetrics(ConnectMetrics owner, String connector, int task, boolean sink, Supplier<String> status) {
        this.owner = owner;
        this.metrics = owner.metrics();
        this.tags = ConnectMetrics.tags(connector, task);
        this.prefix = connector + "-" + task + ":";
        String kind = sink ? "sink-task-metrics" : "source-task-metrics";
        this.groups = List.of("connector-task-metrics", kind, "task-error-metrics");
        owner.gauge("status", "connector-task-metrics", tags, status);
        batchSize = sensor("batch-size");
        batchSize.add(name("batch-size-avg", "connector-task-metrics"), new Avg());
        batchSize.add(name("batch-size-max", "connector-task-metrics"), new Max());
        commitTime = sensor("offset-commit");
        commitTime.add(name("offset-commit-avg-time-ms", "connector-task-metrics"), new Avg());
        commitTime.add(name("offset-commit-max-time-ms", "connector-task-metrics"), new Max());
        String in = sink ? "sink-record-read" : "source-record-poll";
        String out = sink ? "sink-record-send" : "source-record-write";
        String batch = sink ? "put-batch" : "poll-batch";
        records = sensor(in);
        records.add(new Meter(name(in + "-rate", kind), name(in + "-total", kind)));
        delivered = sensor(out);
        delivered.add(new Meter(name(out + "-rate", kind), name(out + "-total", kind)));
        batchTime = sensor(batch);
        batchTime.add(name(batch + "-avg-time-ms", kind), new Avg());
        batchTime.add(name(batch + "-max-time-ms", kind), new Max());
        errors = sensor("errors");
        errors.add(name("total-record-errors", "task-error-metrics"), new CumulativeSum());
        skipped = sensor("skipped");
        skipped.add(name("total-records-skipped", "task-error-metrics"), new CumulativeSum());
    }

    private Sensor sensor(String name) {
        return metrics.sensor(prefix + name);
    }

    private org.apache.kafka.common.MetricName name(String metric, String group) {
        return metrics.metricName(metric, group, tags);
    }

    /** A poll (source) or a put (sink) of {@code size} records that took {@code nanos}. */
    void batch(int size, long nanos) {
        batchSize.record(size);
        records.record(size);
        batchTime.record(nanos / 1_000_000.0);
    }

    /** Records the broker acknowledged (source) or handed to put (sink). */
    void delivered(int count) {
        delivered.record(count);
    }

    void committed(long nanos) {
        commitTime.record(nanos / 1_000_000.0);
    }

    /**
     * An exactly-once source task committed a transaction of {@code records} records: {@code transaction-size-avg},
     * {@code -max}, {@code -min} in {@code source-task-metrics}, as Apache's worker has them for such tasks.
     */
    synchronized void transactionCommitted(int records) {
        if (transactionSize == null) {
            transactionSize = sensor("transaction-size");
            transactionSize.add(name("transaction-size-avg", "source-task-metrics"), new Avg());
            transactionSize.add(name("transaction-size-max", "source-task-metrics"), new Max());
            transactionSize.add(name("transaction-size-min", "source-task-metrics"),
                    new org.apache.kafka.common.metrics.stats.Min());
        }
        transactionSize.record(records);
    }

    void error(boolean skippedRecord) {
        errors.record();
        if (skippedRecord) {
            skipped.record();
        }
    }

    @Override
    public void close() {
        for (String s : List.of("batch-size", "offset-commit", "source-record-poll", "source-record-write",
                "sink-record-read", "sink-record-send", "poll-batch", "put-batch", "errors", "skipped",
                "transaction-size")) {
            metrics.removeSensor(prefix + s);
        }
        groups.forEach(g -> owner.removeGroup(g, tags));
    }
}
