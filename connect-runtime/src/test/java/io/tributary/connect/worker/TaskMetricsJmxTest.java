package io.tributary.connect.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.storage.FileOffsetStore;
import io.tributary.connect.storage.MemoryStatusStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source task's metrics reach JMX under Kafka Connect's names and attributes, and leave with the task. */
class TaskMetricsJmxTest {

    @TempDir
    Path tmp;

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    /** Hands out its records in polls of 10, then nothing. */
    public static final class CountingTask extends SourceTask {
        static final int RECORDS = 50;
        private int next;

        @Override
        public String version() {
            return "1";
        }

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (next >= RECORDS) {
                Thread.sleep(20);
                return null;
            }
            List<SourceRecord> out = new ArrayList<>();
            for (int i = 0; i < 10; i++, next++) {
                out.add(new SourceRecord(Map.of("p", 0), Map.of("o", next), "t", Schema.STRING_SCHEMA, "v" + next));
            }
            return out;
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void sourceTaskMetricsAreOnJmxWhileTheTaskRunsAndGoneAfter() throws Exception {
        ConnectMetrics metrics = new ConnectMetrics();
        MemoryStatusStore statuses = new MemoryStatusStore();
        ConnectorConfig config = new ConnectorConfig(Map.of("name", "m", "connector.class", "x"), false);
        StringConverter values = new StringConverter();
        values.configure(Map.of(), false);
        StringConverter keys = new StringConverter();
        keys.configure(Map.of(), true);
        TransformationChain<SourceRecord> none = TransformationChain.empty();
        TaskParts<SourceRecord> parts = new TaskParts<>(config, Map.of(), getClass().getClassLoader(), keys, values,
                new SimpleHeaderConverter(), none, new ErrorHandler(config, "m-0", null));
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        TaskMetrics taskMetrics = new TaskMetrics(metrics, "m", 0, false,
                () -> statuses.tasks("m").get(0) == null ? "unassigned" : statuses.tasks("m").get(0).state()
                        .toLowerCase());
        SourceTaskRunner runner = new SourceTaskRunner("m", 0, new CountingTask(), parts, producer,
                new FileOffsetStore(tmp.resolve("offsets")), null, 60_000, 5_000,
                new PluginMetricsImpl(metrics.metrics(), Map.of("connector", "m", "task", "0")), taskMetrics,
                statuses, "w1", TargetState.STARTED, topic -> { });
        Thread thread = new Thread(runner);
        thread.start();
        ObjectName source = new ObjectName("kafka.connect:type=source-task-metrics,connector=m,task=0");
        ObjectName task = new ObjectName("kafka.connect:type=connector-task-metrics,connector=m,task=0");
        long deadline = System.currentTimeMillis() + 10_000;
        while (((Double) jmx.getAttribute(source, "source-record-write-total")) < CountingTask.RECORDS
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(jmx.getAttribute(source, "source-record-poll-total")).isEqualTo(50.0);
        assertThat(jmx.getAttribute(source, "source-record-write-total")).isEqualTo(50.0);
        assertThat((Double) jmx.getAttribute(source, "poll-batch-max-time-ms")).isGreaterThanOrEqualTo(0.0);
        assertThat(jmx.getAttribute(task, "status")).isEqualTo("running");
        assertThat(jmx.getAttribute(task, "batch-size-max")).isEqualTo(10.0);
        assertThat(jmx.getAttribute(new ObjectName("kafka.connect:type=task-error-metrics,connector=m,task=0"),
                "total-record-errors")).isEqualTo(0.0);
        assertThat(producer.history()).hasSize(50);

        runner.stop();
        assertThat(runner.awaitStop(10_000)).isTrue();
        assertThat(jmx.isRegistered(source)).isFalse();
        assertThat(jmx.isRegistered(task)).isFalse();
        metrics.close();
    }

    @Test
    void workerMetricsCountStartupsUnderConnectWorkerMetrics() throws Exception {
        ConnectMetrics metrics = new ConnectMetrics();
        metrics.workerGauges(() -> 2, () -> 5);
        metrics.connectorStarted(true);
        metrics.connectorStarted(false);
        ObjectName worker = new ObjectName("kafka.connect:type=connect-worker-metrics");
        assertThat(jmx.getAttribute(worker, "connector-count")).isEqualTo(2);
        assertThat(jmx.getAttribute(worker, "task-count")).isEqualTo(5);
        assertThat(jmx.getAttribute(worker, "connector-startup-attempts-total")).isEqualTo(2.0);
        assertThat(jmx.getAttribute(worker, "connector-startup-failure-total")).isEqualTo(1.0);
        metrics.addConnector("c", "org.example.C", "source", "1.0", () -> "running");
        ObjectName connector = new ObjectName("kafka.connect:type=connector-metrics,connector=c");
        assertThat(jmx.getAttribute(connector, "connector-class")).isEqualTo("org.example.C");
        assertThat(jmx.getAttribute(connector, "status")).isEqualTo("running");
        metrics.removeConnector("c");
        assertThat(jmx.isRegistered(connector)).isFalse();
        metrics.close();
        assertThat(jmx.isRegistered(worker)).isFalse();
    }
}
