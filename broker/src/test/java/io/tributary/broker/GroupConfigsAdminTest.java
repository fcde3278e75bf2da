package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.config.GroupConfigResolver;
import io.tributary.broker.group.GroupConfig;
import io.tributary.broker.share.ShareConfig;
import io.tributary.broker.share.ShareGroupSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group configs (the GROUP config resource, KIP-848/KIP-932) through Apache kafka-clients 4.4 Admin against one
 * in-process node started with a static {@code group.share.record.lock.duration.ms}: what {@code kafka-configs
 * --entity-type groups} does, the validation Kafka applies, and the broker-side lookup share groups read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupConfigsAdminTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> STATIC = Map.of("group.share.record.lock.duration.ms", "20000");

    private TestBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        broker = TestBroker.start(dir, STATIC);
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static ConfigResource group(String id) {
        return new ConfigResource(ConfigResource.Type.GROUP, id);
    }

    private Config describe(String groupId) throws Exception {
        ConfigResource r = group(groupId);
        return broker.admin.describeConfigs(List.of(r), new DescribeConfigsOptions().includeSynonyms(true))
                .all().get().get(r);
    }

    private void alter(String groupId, AlterConfigOp... ops) throws Exception {
        broker.admin.incrementalAlterConfigs(Map.of(group(groupId), List.of(ops))).all().get();
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    private static AlterConfigOp delete(String key) {
        return new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE);
    }

    private Throwable alterFailure(String groupId, AlterConfigOp op) {
        try {
            alter(groupId, op);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the change was accepted");
    }

    @Test
    void autoOffsetResetIsSetDescribedAsGroupConfigAndDeletedBackToTheDefault() throws Exception {
        Config before = describe("readers");
        assertThat(before.get("share.auto.offset.reset").value()).isEqualTo("latest");
        assertThat(before.get("share.auto.offset.reset").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(before.get("share.record.lock.duration.ms").value()).isEqualTo("20000");
        assertThat(before.get("share.record.lock.duration.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(before.get("consumer.session.timeout.ms").value()).isEqualTo("45000");
        assertThat(before.entries()).extracting(ConfigEntry::name).contains("share.isolation.level",
                "share.delivery.count.limit", "share.partition.max.record.locks", "streams.num.standby.replicas",
                "errors.deadletterqueue.topic.name");

        alter("readers", set("share.auto.offset.reset", "earliest"));
        ConfigEntry set = describe("readers").get("share.auto.offset.reset");
        assertThat(set.value()).isEqualTo("earliest");
        assertThat(set.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
        assertThat(set.isReadOnly()).isFalse();

        alter("readers", delete("share.auto.offset.reset"));
        ConfigEntry deleted = describe("readers").get("share.auto.offset.reset");
        assertThat(deleted.value()).isEqualTo("latest");
        assertThat(deleted.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void anUnknownNameAnOutOfRangeLockDurationAndABadResetAreInvalidConfigNamingTheProblem() throws Exception {
        assertThat(alterFailure("strict", set("share.made.up", "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Unknown group config name: share.made.up");
        assertThat(alterFailure("strict", set("share.record.lock.duration.ms", "100000")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("share.record.lock.duration.ms must be in the range 15000 to 60000 inclusive");
        assertThat(alterFailure("strict", set("share.auto.offset.reset", "sometimes")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("share.auto.offset.reset")
                .hasMessageContaining("by_duration");
        assertThat(alterFailure("strict", new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                AlterConfigOp.OpType.APPEND))).isInstanceOf(InvalidConfigurationException.class);
        assertThat(describe("strict").get("share.auto.offset.reset").source())
                .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void validateOnlyChecksWithoutStoring() throws Exception {
        broker.admin.incrementalAlterConfigs(Map.of(group("dry"), List.of(set("share.auto.offset.reset",
                "by_duration:PT1H"))), new AlterConfigsOptions().validateOnly(true)).all().get();
        assertThat(describe("dry").get("share.auto.offset.reset").value()).isEqualTo("latest");
        assertThatThrownBy(() -> broker.admin.incrementalAlterConfigs(Map.of(group("dry"),
                List.of(set("share.delivery.count.limit", "50"))), new AlterConfigsOptions().validateOnly(true))
                .all().get()).hasCauseInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void theResolverReflectsAChangeAndGroupConfigsSurviveARestart() throws Exception {
        GroupConfigResolver resolver = new GroupConfigResolver(() -> broker.server.metadataImage(),
                GroupConfig.defaults(), ShareConfig.from(STATIC));
        ShareGroupSettings before = resolver.share("durable");
        assertThat(before).isEqualTo(new ShareGroupSettings("latest", false, 20_000, 5, 2000, 45_000, 5000));
        assertThat(resolver.share("durable")).isSameAs(before);

        alter("durable", set("share.auto.offset.reset", "earliest"), set("share.isolation.level", "read_committed"),
                set("share.record.lock.duration.ms", "45000"), set("consumer.heartbeat.interval.ms", "6000"));
        TestBroker.await("the resolver shows the change", WAIT,
                () -> resolver.share("durable").autoOffsetReset().equals("earliest"));
        assertThat(resolver.share("durable"))
                .isEqualTo(new ShareGroupSettings("earliest", true, 45_000, 5, 2000, 45_000, 5000));
        assertThat(resolver.consumer("durable").heartbeatIntervalMs()).isEqualTo(6000);
        assertThat(resolver.share("others")).isSameAs(before);

        broker.close();
        broker = broker.startAgain();
        TestBroker.await("the group's configs are back after the restart", WAIT, () -> {
            try {
                return "earliest".equals(describe("durable").get("share.auto.offset.reset").value());
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(describe("durable").get("share.record.lock.duration.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
    }
}
