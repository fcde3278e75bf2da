package io.tributary.streams.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.common.metrics.stats.WindowedSum;
import org.apache.kafka.common.utils.Time;

/**
 * An application's metrics under Kafka Streams' JMX names, so dashboards written for Kafka Streams read them:
 * {@code kafka.streams:type=stream-metrics,client-id=X} (state, alive-stream-threads, application-id),
 * {@code type=stream-thread-metrics,thread-id=X} (process-rate/-total, poll-rate/-total, commit-rate/-total/
 * -latency-avg/-max, task-created-total, task-closed-total) and
 * {@code type=stream-task-metrics,thread-id=X,task-id=Y} (restore-total, restore-rate,
 * restore-remaining-records-total). Kept in kafka-clients' metrics, whose JMX reporter lays out one MBean per
 * group with one attribute per metric, as Kafka Streams' do (Dropwizard's reporter makes one MBean per metric).
 * Consumer lag is the consumers' own {@code records-lag-max} ({@code kafka.consumer:type=consumer-fetch-manager-metrics}).
 */
public final class StreamsMetrics implements AutoCloseable {

    private final Metrics metrics;
    private final String clientId;

    public StreamsMetrics(String clientId) {
        this.clientId = clientId;
        this.metrics = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                new KafkaMetricsContext("kafka.streams"));
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The client-level gauges. */
    public void client(String applicationId, Supplier<String> state, Supplier<Integer> aliveThreads) {
        Map<String, String> tags = Map.of("client-id", clientId);
        gauge("application-id", "stream-metrics", tags, () -> applicationId);
        gauge("state", "stream-metrics", tags, state);
        gauge("alive-stream-threads", "stream-metrics", tags, aliveThreads);
    }

    public ThreadMetrics thread(String threadId) {
        return new ThreadMetrics(threadId);
    }

    private <T> void gauge(String name, String group, Map<String, String> tags, Supplier<T> value) {
        MetricName metricName = metrics.metricName(name, group, tags);
        if (metrics.metric(metricName) == null) {
            metrics.addMetric(metricName, (Gauge<T>) (config, now) -> value.get());
        }
    }

    @Override
    public void close() {
        metrics.close();
    }

    /** One stream thread's sensors; removed when the thread ends. */
    public final class ThreadMetrics {

        private final String threadId;
        private final Map<String, String> tags;
        private final Sensor process;
        private final Sensor poll;
        private final Sensor commit;
        private final Sensor taskCreated;
        private final Sensor taskClosed;
        private final Map<String, Sensor> sensors = new LinkedHashMap<>();

        ThreadMetrics(String threadId) {
            this.threadId = threadId;
            this.tags = Map.of("thread-id", threadId);
            this.process = rateAndTotal("process", false);
            this.poll = rateAndTotal("poll", true);
            this.commit = rateAndTotal("commit", true);
            commit.add(metrics.metricName("commit-latency-avg", "stream-thread-metrics", tags), new Avg());
            commit.add(metrics.metricName("commit-latency-max", "stream-thread-metrics", tags), new Max());
            this.taskCreated = rateAndTotal("task-created", true);
            this.taskClosed = rateAndTotal("task-closed", true);
        }

        /** {@code countCalls}: each recording is one event (its value a latency); else the value is the count. */
        private Sensor rateAndTotal(String what, boolean countCalls) {
            Sensor s = metrics.sensor(threadId + "." + what);
            s.add(metrics.metricName(what + "-rate", "stream-thread-metrics", tags),
                    countCalls ? new Rate(new WindowedCount()) : new Rate(new WindowedSum()));
            s.add(metrics.metricName(what + "-total", "stream-thread-metrics", tags),
                    countCalls ? new CumulativeCount() : new CumulativeSum());
            sensors.put(s.name(), s);
            return s;
        }

        void processed(int records) {
            if (records > 0) {
                process.record(records);
            }
        }

        void polled() {
            poll.record();
        }

        void committed(long latencyMs) {
            commit.record(latencyMs);
        }

        void taskCreated() {
            taskCreated.record();
        }

        void taskClosed() {
            taskClosed.record();
        }

        /** A task's restore metrics: what it restored, and how much it still has to. */
        Sensor restoreSensor(String taskId, Supplier<Long> remaining) {
            Map<String, String> taskTags = Map.of("thread-id", threadId, "task-id", taskId);
            String name = threadId + "." + taskId + ".restore";
            Sensor s = metrics.getSensor(name);
            if (s == null) {
                s = metrics.sensor(name);
                s.add(metrics.metricName("restore-rate", "stream-task-metrics", taskTags),
                        new Rate(new WindowedSum()));
                s.add(metrics.metricName("restore-total", "stream-task-metrics", taskTags), new CumulativeSum());
                gauge("restore-remaining-records-total", "stream-task-metrics", taskTags, remaining);
            }
            sensors.put(s.name(), s);
            return s;
        }

        void remove() {
            sensors.keySet().forEach(metrics::removeSensor);
            metrics.metrics().keySet().stream()
                    .filter(n -> threadId.equals(n.tags().get("thread-id")))
                    .toList().forEach(metrics::removeMetric);
        }
    }
}
