package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterConfigs;
import io.tributary.cluster.controller.ControllerCommand.ConfigOp;
import io.tributary.cluster.controller.ControllerCommand.IncrementalAlterConfigs;
import io.tributary.cluster.controller.ControllerCommand.OpType;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DynamicConfigTest {

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);
    private final ConfigResource topic = ConfigResource.topic("t");

    private ApiError incremental(ConfigResource resource, ConfigOp... ops) {
        return h.run(new IncrementalAlterConfigs(Map.of(resource, List.of(ops)), false)).get(resource);
    }

    @Test
    void setDeleteAppendAndSubtractChangeTopicConfigs() {
        h.addBroker(1, null);
        h.createTopic("t", 1, 1);
        assertThat(incremental(topic, new ConfigOp("retention.ms", OpType.SET, "60000"),
                new ConfigOp("cleanup.policy", OpType.APPEND, "compact"))).isEqualTo(ApiError.NONE);
        assertThat(h.image.configs(topic)).containsEntry("retention.ms", "60000")
                .containsEntry("cleanup.policy", "compact");
        incremental(topic, new ConfigOp("cleanup.policy", OpType.APPEND, "delete"),
                new ConfigOp("retention.ms", OpType.DELETE, null));
        assertThat(h.image.configs(topic)).containsOnlyKeys("cleanup.policy");
        assertThat(h.image.configs(topic).get("cleanup.policy")).isEqualTo("compact,delete");
        incremental(topic, new ConfigOp("cleanup.policy", OpType.SUBTRACT, "compact"));
        assertThat(h.image.configs(topic).get("cleanup.policy")).isEqualTo("delete");
    }

    @Test
    void badChangesAreRefusedWholeWithInvalidConfig() {
        h.addBroker(1, null);
        h.createTopic("t", 1, 1);
        ApiError e = incremental(topic, new ConfigOp("retention.ms", OpType.SET, "1"),
                new ConfigOp("segment.bytes", OpType.SET, "1"));
        assertThat(e.error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(h.image.configs(topic)).isEmpty();
        assertThat(incremental(topic, new ConfigOp("retention.ms", OpType.APPEND, "1")).error())
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(incremental(topic, new ConfigOp("made.up", OpType.SET, "1")).error())
                .isEqualTo(Errors.INVALID_CONFIG);
    }

    @Test
    void unknownTopicAndNonNumericBrokerAreReported() {
        assertThat(incremental(ConfigResource.topic("missing"), new ConfigOp("retention.ms", OpType.SET, "1"))
                .error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(incremental(new ConfigResource(ConfigResource.Type.BROKER, "x"),
                new ConfigOp("min.insync.replicas", OpType.SET, "2")).error()).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void clusterAndBrokerConfigsAreKeptAndAlterConfigsReplacesTheWholeSet() {
        assertThat(incremental(ConfigResource.CLUSTER, new ConfigOp("min.insync.replicas", OpType.SET, "2")))
                .isEqualTo(ApiError.NONE);
        ConfigResource b1 = ConfigResource.broker(1);
        var r = h.run(new AlterConfigs(Map.of(b1, Map.of("log.retention.ms", "5", "message.max.bytes", "10")),
                false));
        assertThat(r.get(b1)).isEqualTo(ApiError.NONE);
        h.run(new AlterConfigs(Map.of(b1, Map.of("log.retention.ms", "6")), false));
        assertThat(h.image.configs(b1)).containsExactlyEntriesOf(Map.of("log.retention.ms", "6"));
        assertThat(h.image.configs(ConfigResource.CLUSTER)).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void validateOnlyChangesNothing() {
        var r = h.run(new IncrementalAlterConfigs(Map.of(ConfigResource.CLUSTER,
                List.of(new ConfigOp("min.insync.replicas", OpType.SET, "2"))), true));
        assertThat(r.get(ConfigResource.CLUSTER)).isEqualTo(ApiError.NONE);
        assertThat(h.image.allConfigs()).isEmpty();
    }

    @Test
    void groupConfigsAreKeptForAGroupThatDoesNotExistAndDeletedByKey() {
        ConfigResource group = ConfigResource.group("readers");
        assertThat(incremental(group, new ConfigOp("share.auto.offset.reset", OpType.SET, "earliest"),
                new ConfigOp("share.record.lock.duration.ms", OpType.SET, "20000"))).isEqualTo(ApiError.NONE);
        assertThat(h.image.configs(group)).containsEntry("share.auto.offset.reset", "earliest")
                .containsEntry("share.record.lock.duration.ms", "20000");
        incremental(group, new ConfigOp("share.auto.offset.reset", OpType.DELETE, null));
        assertThat(h.image.configs(group)).containsOnlyKeys("share.record.lock.duration.ms");
    }

    @Test
    void groupConfigsOutsideTheBrokersBoundsAreRefusedWithTheRangeNamed() {
        ConfigResource group = ConfigResource.group("readers");
        ApiError e = incremental(group, new ConfigOp("share.record.lock.duration.ms", OpType.SET, "100000"));
        assertThat(e.error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(e.message()).contains("share.record.lock.duration.ms", "15000 to 60000",
                "group.share.min.record.lock.duration.ms");
        assertThat(incremental(group, new ConfigOp("share.auto.offset.reset", OpType.APPEND, "earliest")).error())
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(incremental(new ConfigResource(ConfigResource.Type.GROUP, ""),
                new ConfigOp("share.auto.offset.reset", OpType.SET, "earliest")).error())
                .isEqualTo(Errors.INVALID_REQUEST);
        assertThat(h.image.allConfigs()).isEmpty();
    }

    @Test
    void groupConfigBoundsComeFromTheControllersOwnSettings() {
        ControllerConfig wide = ControllerConfig.fromProperties(Map.of(
                "group.share.max.record.lock.duration.ms", "120000"));
        ControllerHarness other = new ControllerHarness(wide);
        ConfigResource group = ConfigResource.group("readers");
        var r = other.run(new IncrementalAlterConfigs(Map.of(group,
                List.of(new ConfigOp("share.record.lock.duration.ms", OpType.SET, "100000"))), false));
        assertThat(r.get(group)).isEqualTo(ApiError.NONE);
    }

    @Test
    void listGroupConfigsTakeAppendAndSubtract() {
        ConfigResource group = ConfigResource.group("streamers");
        incremental(group, new ConfigOp("streams.rack.aware.assignment.tags", OpType.APPEND, "zone"),
                new ConfigOp("streams.rack.aware.assignment.tags", OpType.APPEND, "rack"));
        assertThat(h.image.configs(group).get("streams.rack.aware.assignment.tags")).isEqualTo("zone,rack");
        incremental(group, new ConfigOp("streams.rack.aware.assignment.tags", OpType.SUBTRACT, "zone"));
        assertThat(h.image.configs(group).get("streams.rack.aware.assignment.tags")).isEqualTo("rack");
    }
}
