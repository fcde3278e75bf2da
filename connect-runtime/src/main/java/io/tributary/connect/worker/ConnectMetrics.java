package io.tributary.connect.worker;

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
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.utils.Time;

/**
 * The worker's metrics under Kafka Connect's JMX names ({@code kafka.connect:type=connect-worker-metrics},
 * {@code type=connector-metrics,connector=X}, {@code type=connector-task-metrics,connector=X,task=N},
 * {@code type=source-task-metrics}, {@code type=sink-task-metrics}, {@code type=task-error-metrics}), one MBean
 * per group with one attribute per metric, as dashboards and JMX exporters written for Apache's worker read them.
 * Kept in kafka-clients' metrics (the API plugins report their own metrics through, KIP-877), whose JMX reporter
 * lays MBeans out exactly so; Dropwizard's reporter has one MBean per metric instead.
 */
public final class ConnectMetrics implements AutoCloseable {

    private final Metrics metrics;
    private final Sensor connectorStartups;
    private final Sensor connectorStartupFailures;
    private final Sensor taskStartups;
    private final Sensor taskStartupFailures;

    public ConnectMetrics() {
        metrics = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                new KafkaMetricsContext("kafka.connect"));
        connectorStartups = total("connector-startup-attempts-total", "connector-startup");
        connectorStartupFailures = total("connector-startup-failure-total", "connector-startup-failure");
        taskStartups = total("task-startup-attempts-total", "task-startup");
        taskStartupFailures = total("task-startup-failure-total", "task-startup-failure");
    }

    private Sensor total(String metric, String sensor) {
        Sensor s = metrics.sensor(sensor);
        s.add(metrics.metricName(metric, "connect-worker-metrics"), new CumulativeSum());
        return s;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** {@code connector-count} and {@code task-count}: what this worker runs. */
    void workerGauges(Supplier<Integer> connectors, Supplier<Integer> tasks) {
        metrics.addMetric(metrics.metricName("connector-count", "connect-worker-metrics"),
                (Gauge<Integer>) (c, now) -> connectors.get());
        metrics.addMetric(metrics.metricName("task-count", "connect-worker-metrics"),
                (Gauge<Integer>) (c, now) -> tasks.get());
    }

    void connectorStarted(boolean ok) {
        connectorStartups.record();
        if (!ok) {
            connectorStartupFailures.record();
        }
    }

    void taskStarted(boolean ok) {
        taskStartups.record();
        if (!ok) {
            taskStartupFailures.record();
        }
    }

    /** {@code connector-metrics}: class, type, version and status of a connector this worker runs. */
    void addConnector(String connector, String className, String type, String version, Supplier<String> status) {
        Map<String, String> tags = tags(connector, null);
        gauge("connector-class", "connector-metrics", tags, () -> className);
        gauge("connector-type", "connector-metrics", tags, () -> type);
        gauge("connector-version", "connector-metrics", tags, () -> version);
        gauge("status", "connector-metrics", tags, status);
    }

    void removeConnector(String connector) {
        removeGroup("connector-metrics", tags(connector, null));
    }

    void gauge(String name, String group, Map<String, String> tags, Supplier<?> value) {
        MetricName n = metrics.metricName(name, group, tags);
        metrics.removeMetric(n);
        metrics.addMetric(n, (Gauge<Object>) (c, now) -> value.get());
    }

    void removeGroup(String group, Map<String, String> tags) {
        for (MetricName n : List.copyOf(metrics.metrics().keySet())) {
            if (n.group().equals(group) && n.tags().equals(tags)) {
                metrics.removeMetric(n);
            }
        }
    }

    static Map<String, String> tags(String connector, Integer task) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("connector", connector);
        if (task != null) {
            t.put("task", String.valueOf(task));
        }
        return t;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
