package io.tributary.connect.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.connect.plugins.Plugins;
import io.tributary.connect.storage.FileOffsetStore;
import io.tributary.connect.storage.MemoryStatusStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clients of an exactly-once source task, and the worker setting that turns it on, as Apache's worker has them. */
class ExactlyOnceClientConfigTest {

    @TempDir
    Path dir;

    private Worker worker(Map<String, String> settings) {
        Plugins plugins = Plugins.scan(List.of());
        return new Worker(new WorkerConfig(settings), plugins, new ConfigProviders(Map.of(), plugins),
                new FileOffsetStore(dir.resolve("offsets")), new MemoryStatusStore(), "w1");
    }

    private static ConnectorConfig source(String... keyValues) {
        Map<String, String> props = new HashMap<>(Map.of("name", "orders", "connector.class", "x"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return new ConnectorConfig(props, false);
    }

    @Test
    void theTransactionalIdIsGroupConnectorTask() {
        assertThat(Worker.taskTransactionalId("connect-cluster", "orders", 3)).isEqualTo("connect-cluster-orders-3");
    }

    @Test
    void aTaskProducerIsIdempotentWithItsTransactionalIdWhateverTheSettingsSay() {
        try (Worker w = worker(Map.of("group.id", "g", "exactly.once.source.support", "enabled",
                "producer.enable.idempotence", "false", "producer.transactional.id", "mine", "producer.linger.ms", "7"))) {
            Map<String, Object> p = w.exactlyOnceProducerConfig(source("producer.override.transactional.id", "x"),
                    "orders", 2);

            assertThat(p).containsEntry("transactional.id", "g-orders-2").containsEntry("enable.idempotence", "true")
                    .containsEntry("acks", "all").containsEntry("linger.ms", "7")
                    .containsEntry("client.id", "connector-producer-orders-2");
        }
    }

    @Test
    void theOffsetsConsumerReadsCommittedAndJoinsNoGroup() {
        try (Worker w = worker(Map.of("group.id", "g", "consumer.group.id", "oops",
                "consumer.isolation.level", "read_uncommitted"))) {
            Map<String, Object> c = w.offsetsConsumerConfig(source(), "connector-consumer-orders-0");

            assertThat(c).containsEntry("isolation.level", "read_committed").doesNotContainKey("group.id")
                    .containsEntry("enable.auto.commit", "false");
        }
    }

    @Test
    void theConnectorsOffsetsTopicIsItsOwnOrTheWorkers() {
        try (Worker w = worker(Map.of("offset.storage.topic", "connect-offsets"))) {
            assertThat(w.connectorOffsetsTopic(source())).isEqualTo("connect-offsets");
            assertThat(w.connectorOffsetsTopic(source("offsets.storage.topic", "orders-offsets")))
                    .isEqualTo("orders-offsets");
        }
    }

    @Test
    void theWorkerSettingTakesApachesThreeValues() {
        assertThat(new WorkerConfig(Map.of()).exactlyOnceSourceEnabled()).isFalse();
        assertThat(new WorkerConfig(Map.of("exactly.once.source.support", "preparing")).exactlyOnceSourceEnabled())
                .isFalse();
        assertThat(new WorkerConfig(Map.of("exactly.once.source.support", "enabled")).exactlyOnceSourceEnabled())
                .isTrue();
        assertThatThrownBy(() -> new WorkerConfig(Map.of("exactly.once.source.support", "on")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value on for configuration exactly.once.source.support");
    }
}
