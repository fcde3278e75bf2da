package io.tributary.connect.herder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.connect.plugins.Plugins;
import io.tributary.connect.storage.FileOffsetStore;
import io.tributary.connect.storage.MemoryStatusStore;
import io.tributary.connect.storage.OffsetCodec;
import io.tributary.connect.worker.ConfigProviders;
import io.tributary.connect.worker.Worker;
import io.tributary.connect.worker.WorkerConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone mode's connector lifecycle and source offsets, with connectors that ask for no tasks: no task means no
 * producer, so nothing here needs a broker.
 */
class StandaloneHerderTest {

    private static final String SOURCE = TestSourceConnector.class.getName();

    private static Plugins plugins;

    @TempDir
    Path dir;

    private MemoryStatusStore statuses;
    private StandaloneHerder herder;

    @BeforeAll
    static void scan() {
        plugins = Plugins.scan(List.of());
    }

    @BeforeEach
    void start() {
        statuses = new MemoryStatusStore();
        Worker worker = new Worker(new WorkerConfig(Map.of()), plugins, new ConfigProviders(Map.of(), plugins),
                new FileOffsetStore(dir.resolve("offsets.dat")), statuses, "w1");
        herder = new StandaloneHerder(worker, statuses, new WorkerInfo("4.3.1", "abc", "cluster-1"));
    }

    @AfterEach
    void stop() {
        herder.close();
    }

    private static Map<String, String> sourceConfig() {
        return new HashMap<>(Map.of("connector.class", SOURCE, "file", "/tmp/in.txt"));
    }

    private HerderException refused(Runnable r) {
        HerderException e = catchThrowableOfType(HerderException.class, r::run);
        assertThat(e).isNotNull();
        return e;
    }

    @Test
    void createsAConnector() {
        Created created = herder.putConnectorConfig("c1", sourceConfig(), false);

        assertThat(created.created()).isTrue();
        assertThat(created.info().name()).isEqualTo("c1");
        assertThat(created.info().type()).isEqualTo(ConnectorType.SOURCE);
        assertThat(created.info().tasks()).isEmpty();
        assertThat(created.info().config()).containsEntry("name", "c1").containsEntry("connector.class", SOURCE);
        assertThat(herder.connectors()).containsExactly("c1");
        ConnectorStatus status = herder.connectorStatus("c1");
        assertThat(status.connector().state()).isEqualTo("RUNNING");
        assertThat(status.connector().workerId()).isEqualTo("w1");
        assertThat(status.type()).isEqualTo(ConnectorType.SOURCE);
    }

    @Test
    void creatingAnExistingConnectorConflictsButReplacingDoesNot() {
        herder.putConnectorConfig("c1", sourceConfig(), false);

        HerderException e = refused(() -> herder.putConnectorConfig("c1", sourceConfig(), false));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e).hasMessage("Connector c1 already exists");

        Map<String, String> changed = sourceConfig();
        changed.put("file", "/tmp/other.txt");
        Created replaced = herder.putConnectorConfig("c1", changed, true);
        assertThat(replaced.created()).isFalse();
        assertThat(herder.connectorConfig("c1")).containsEntry("file", "/tmp/other.txt");
    }

    @Test
    void anInvalidConfigIsRefusedAndNothingIsCreated() {
        Map<String, String> invalid = sourceConfig();
        invalid.remove("file");

        HerderException e = refused(() -> herder.putConnectorConfig("c1", invalid, false));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("Connector configuration is invalid and contains the following 1 error(s):");
        assertThat(herder.connectors()).isEmpty();
    }

    @Test
    void anUnknownConnectorIsNotFound() {
        HerderException e = refused(() -> herder.connectorStatus("nope"));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e).hasMessage("Connector nope not found");
    }

    @Test
    void patchSetsAndRemovesKeys() {
        Map<String, String> config = sourceConfig();
        config.put("batch.size", "10");
        herder.putConnectorConfig("c1", config, false);
        Map<String, String> patch = new HashMap<>();
        patch.put("batch.size", null);
        patch.put("file", "/tmp/patched.txt");

        ConnectorInfo info = herder.patchConnectorConfig("c1", patch);

        assertThat(info.config()).doesNotContainKey("batch.size").containsEntry("file", "/tmp/patched.txt");
    }

    @Test
    void deleteRemovesTheConnectorAndItsStatus() {
        herder.putConnectorConfig("c1", sourceConfig(), false);

        herder.deleteConnector("c1");

        assertThat(herder.connectors()).isEmpty();
        assertThat(statuses.connector("c1")).isNull();
        assertThat(refused(() -> herder.deleteConnector("c1")).status()).isEqualTo(404);
    }

    @Test
    void offsetsChangeOnlyWhileStopped() {
        herder.putConnectorConfig("c1", sourceConfig(), false);
        List<ConnectorOffset> offsets = List.of(new ConnectorOffset(Map.of("filename", "a.txt"), Map.of("position", 5)));

        HerderException e = refused(() -> herder.alterOffsets("c1", offsets));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("Connectors must be in the STOPPED state");

        herder.stopConnector("c1");
        assertThat(herder.connectorStatus("c1").connector().state()).isEqualTo("STOPPED");
        assertThat(herder.alterOffsets("c1", offsets))
                .isEqualTo("The offsets for this connector have been altered successfully");

        assertThat(herder.offsets("c1")).containsExactly(
                new ConnectorOffset(Map.of("filename", "a.txt"), Map.of("position", 5L)));
    }

    @Test
    void alteredOffsetsAreInTheFileInConnectsLayout() {
        herder.putConnectorConfig("c1", sourceConfig(), false);
        herder.stopConnector("c1");

        herder.alterOffsets("c1", List.of(new ConnectorOffset(Map.of("filename", "a.txt"), Map.of("position", 5))));

        Map<ByteBuffer, ByteBuffer> stored = new FileOffsetStore(dir.resolve("offsets.dat")).all();
        assertThat(stored).hasSize(1);
        Map.Entry<ByteBuffer, ByteBuffer> only = stored.entrySet().iterator().next();
        assertThat(StandardCharsets.UTF_8.decode(only.getKey().duplicate()).toString())
                .isEqualTo("[\"c1\",{\"filename\":\"a.txt\"}]");
        assertThat(StandardCharsets.UTF_8.decode(only.getValue().duplicate()).toString())
                .isEqualTo("{\"position\":5}");
    }

    @Test
    void offsetsAreThoseOfTheConnectorOnly() throws Exception {
        herder.putConnectorConfig("c1", sourceConfig(), false);
        herder.stopConnector("c1");
        OffsetCodec codec = new OffsetCodec();
        FileOffsetStore other = new FileOffsetStore(dir.resolve("offsets.dat"));
        other.write(Map.of(codec.key("c2", Map.of("filename", "b.txt")), codec.value(Map.of("position", 9)),
                ByteBuffer.wrap("not connect's".getBytes(StandardCharsets.UTF_8)), ByteBuffer.wrap(new byte[]{1})));
        herder.close();
        // A fresh herder over the same file: c1 has no offsets of its own, c2's and the stray record are not its.
        start();
        herder.putConnectorConfig("c1", sourceConfig(), false);

        assertThat(herder.offsets("c1")).isEmpty();
    }

    @Test
    void aNullOffsetRemovesAndResetRemovesAll() {
        herder.putConnectorConfig("c1", sourceConfig(), false);
        herder.stopConnector("c1");
        herder.alterOffsets("c1", List.of(
                new ConnectorOffset(Map.of("filename", "a.txt"), Map.of("position", 5)),
                new ConnectorOffset(Map.of("filename", "b.txt"), Map.of("position", 7))));

        herder.alterOffsets("c1", List.of(new ConnectorOffset(Map.of("filename", "a.txt"), null)));
        assertThat(herder.offsets("c1")).containsExactly(
                new ConnectorOffset(Map.of("filename", "b.txt"), Map.of("position", 7L)));

        assertThat(herder.resetOffsets("c1")).isEqualTo("The offsets for this connector have been reset successfully");
        assertThat(herder.offsets("c1")).isEmpty();
    }

    @Test
    void resumingAStoppedConnectorRunsItAgain() {
        herder.putConnectorConfig("c1", sourceConfig(), false);
        herder.stopConnector("c1");

        herder.resumeConnector("c1");

        assertThat(herder.connectorStatus("c1").connector().state()).isEqualTo("RUNNING");
    }

    @Test
    void pausingAStoppedConnectorMarksItPaused() {
        herder.putConnectorConfig("c1", sourceConfig(), false);
        herder.stopConnector("c1");

        herder.pauseConnector("c1");

        assertThat(herder.connectorStatus("c1").connector().state()).isEqualTo("PAUSED");
    }

    @Test
    void validateFillsInTheConnectorClassFromThePath() {
        ConfigInfos infos = herder.validate(SOURCE, Map.of("name", "c1", "file", "f"));

        assertThat(infos.errorCount()).isZero();
        assertThat(infos.name()).isEqualTo(SOURCE);
    }
}
