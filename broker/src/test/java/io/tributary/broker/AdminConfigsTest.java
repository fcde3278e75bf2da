package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.config.TopicConfigCatalog;
import io.tributary.broker.config.TopicConfigDef;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterConfigsRequestData;
import io.tributary.protocol.message.AlterConfigsResponseData;
import io.tributary.protocol.message.DescribeConfigsRequestData;
import io.tributary.protocol.message.DescribeConfigsResponseData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache kafka-clients 4.4 Admin against one in-process node (started with a static {@code log.retention.bytes}):
 * DescribeConfigs for topics and the broker, IncrementalAlterConfigs reaching the partition logs, and the legacy
 * AlterConfigs over a raw connection (Admin 4.x no longer sends it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConfigsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        broker = TestBroker.start(dir, Map.of("log.retention.bytes", "123456789"));
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private void create(String topic, Map<String, String> configs) throws Exception {
        broker.admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get();
        TestBroker.await(topic + " is hosted", WAIT, () -> broker.server.partitions().partition(topic, 0) != null);
    }

    private Config describe(ConfigResource resource) throws Exception {
        return broker.admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private void alter(ConfigResource resource, AlterConfigOp... ops) throws Exception {
        broker.admin.incrementalAlterConfigs(Map.of(resource, List.of(ops))).all().get();
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    @Test
    void describeConfigsReportsAnOverrideAsDynamicTopicConfigAndTheRestAsDefaultsOrStatic() throws Exception {
        create("described", Map.of("cleanup.policy", "compact"));

        Config config = describe(topic("described"));

        ConfigEntry policy = config.get("cleanup.policy");
        assertThat(policy.value()).isEqualTo("compact");
        assertThat(policy.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(policy.isDefault()).isFalse();
        ConfigEntry segment = config.get("segment.bytes");
        assertThat(segment.value()).isEqualTo("1073741824");
        assertThat(segment.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(segment.isDefault()).isTrue();
        assertThat(segment.type()).isEqualTo(ConfigEntry.ConfigType.INT);
        ConfigEntry retentionBytes = config.get("retention.bytes");
        assertThat(retentionBytes.value()).isEqualTo("123456789");
        assertThat(retentionBytes.source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.entries()).extracting(ConfigEntry::name)
                .containsAll(TopicConfigCatalog.all().keySet());
    }

    @Test
    void describeConfigsGivesSynonymsAndDocumentationWhenAskedAndOnlyTheKeysAsked() throws Exception {
        create("filtered", Map.of("retention.bytes", "1000"));
        ConfigResource resource = topic("filtered");

        Config config = broker.admin.describeConfigs(List.of(resource), new DescribeConfigsOptions()
                .includeSynonyms(true).includeDocumentation(true)).all().get().get(resource);

        ConfigEntry entry = config.get("retention.bytes");
        assertThat(entry.synonyms()).extracting(ConfigEntry.ConfigSynonym::name, ConfigEntry.ConfigSynonym::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("retention.bytes",
                                ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
                        org.assertj.core.groups.Tuple.tuple("log.retention.bytes",
                                ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG),
                        org.assertj.core.groups.Tuple.tuple("log.retention.bytes",
                                ConfigEntry.ConfigSource.DEFAULT_CONFIG));
        assertThat(entry.documentation()).isNotBlank();
    }

    @Test
    void incrementalAlterConfigsChangesRetentionAndTheChangeReachesThePartitionLog() throws Exception {
        create("altered", Map.of());

        alter(topic("altered"), set("retention.ms", "3600000"));

        ConfigEntry retention = describe(topic("altered")).get("retention.ms");
        assertThat(retention.value()).isEqualTo("3600000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        TestBroker.await("the log of altered-0 keeps records one hour", WAIT,
                () -> broker.server.partitions().partition("altered", 0).log().config().retentionMs() == 3_600_000);

        alter(topic("altered"), new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE));

        assertThat(describe(topic("altered")).get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        TestBroker.await("the log of altered-0 is back to the default retention", WAIT,
                () -> broker.server.partitions().partition("altered", 0).log().config().retentionMs() == 604_800_000L);
    }

    @Test
    void anInvalidValueOrAnUnknownKeyIsAnInvalidConfiguration() throws Exception {
        create("strict", Map.of());

        assertThatThrownBy(() -> alter(topic("strict"), set("retention.ms", "soon")))
                .hasCauseInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> alter(topic("strict"), set("no.such.config", "1")))
                .hasCauseInstanceOf(InvalidConfigurationException.class);
        assertThat(describe(topic("strict")).get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void describingOrAlteringAnUnknownTopicIsUnknownTopicOrPartition() {
        assertThatThrownBy(() -> describe(topic("absent")))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> alter(topic("absent"), set("retention.ms", "1000")))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void everyTopicConfigDescribedIsOneTheControllerAccepts() throws Exception {
        create("catalogued", Map.of());
        Collection<AlterConfigOp> ops = new ArrayList<>();
        for (TopicConfigDef def : TopicConfigCatalog.all().values()) {
            ops.add(set(def.name(), def.defaultValue()));
        }

        broker.admin.incrementalAlterConfigs(Map.of(topic("catalogued"), ops),
                new AlterConfigsOptions().validateOnly(true)).all().get();

        assertThat(describe(topic("catalogued")).entries()).allSatisfy(e ->
                assertThat(e.source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG));
    }

    @Test
    void brokerConfigsDescribeThisNodeAndAnotherNodesIdIsAnInvalidRequest() throws Exception {
        Config config = describe(new ConfigResource(ConfigResource.Type.BROKER, "1"));

        assertThat(config.get("log.retention.bytes").value()).isEqualTo("123456789");
        assertThat(config.get("log.retention.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.get("log.retention.bytes").isReadOnly()).isFalse();
        assertThat(config.get("num.partitions").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("log.dirs").isReadOnly()).isTrue();
        try (RawClient raw = new RawClient(broker.server.boundAddress())) {
            DescribeConfigsResponseData response = (DescribeConfigsResponseData) raw.send(new DescribeConfigsRequestData()
                    .setResources(List.of(new DescribeConfigsRequestData.DescribeConfigsResource()
                            .setResourceType((byte) 4).setResourceName("7"))), (short) 4);
            assertThat(response.results().get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        }
    }

    @Test
    void clusterWideBrokerDefaultsApplyToTopicsWithoutAnOverride() throws Exception {
        create("inheriting", Map.of());
        ConfigResource cluster = new ConfigResource(ConfigResource.Type.BROKER, "");

        alter(cluster, set("log.retention.ms", "7200000"));
        try {
            ConfigEntry retention = describe(topic("inheriting")).get("retention.ms");
            assertThat(retention.value()).isEqualTo("7200000");
            assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            assertThat(describe(cluster).entries()).extracting(ConfigEntry::name).containsExactly("log.retention.ms");
            TestBroker.await("the log of inheriting-0 keeps records two hours", WAIT, () ->
                    broker.server.partitions().partition("inheriting", 0).log().config().retentionMs() == 7_200_000);
        } finally {
            alter(cluster, new AlterConfigOp(new ConfigEntry("log.retention.ms", null), AlterConfigOp.OpType.DELETE));
        }
    }

    @Test
    void legacyAlterConfigsReplacesATopicsOverrides() throws Exception {
        create("replaced", Map.of("retention.ms", "1000", "segment.bytes", "1048576"));
        AlterConfigsRequestData request = new AlterConfigsRequestData().setResources(List.of(
                new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2).setResourceName("replaced")
                        .setConfigs(List.of(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                                .setValue("2000"))),
                new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2).setResourceName("replaced")
                        .setConfigs(List.of()),
                new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2).setResourceName("absent")
                        .setConfigs(List.of())));

        try (RawClient raw = new RawClient(broker.server.boundAddress())) {
            AlterConfigsResponseData response = (AlterConfigsResponseData) raw.send(request, (short) 1);
            assertThat(response.responses()).extracting(AlterConfigsResponseData.AlterConfigsResourceResponse::errorCode)
                    .containsExactly(Errors.INVALID_REQUEST.code(), Errors.INVALID_REQUEST.code(),
                            Errors.UNKNOWN_TOPIC_OR_PARTITION.code());

            response = (AlterConfigsResponseData) raw.send(new AlterConfigsRequestData().setResources(
                    List.of(request.resources().get(0))), (short) 1);
            assertThat(response.responses().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        }
        Config config = describe(topic("replaced"));
        assertThat(config.get("retention.ms").value()).isEqualTo("2000");
        assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }
}
