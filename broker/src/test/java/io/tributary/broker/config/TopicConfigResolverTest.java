package io.tributary.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cluster.metadata.ConfigRecord;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.TopicRecord;
import io.tributary.log.LogConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicConfigResolverTest {

    private static MetadataImage image(MetadataRecord... records) {
        List<MetadataRecord> all = new ArrayList<>();
        all.add(new TopicRecord("t", UUID.randomUUID()));
        all.addAll(List.of(records));
        return new MetadataDelta(MetadataImage.EMPTY).replayAll(all).apply(all.size());
    }

    private static ResolvedConfig find(List<ResolvedConfig> configs, String key) {
        return configs.stream().filter(c -> c.name().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void unsetConfigIsKafkasDefaultWithTheMainBrokerKeyAsSynonym() {
        ResolvedConfig c = find(new TopicConfigResolver(1, Map.of()).describe(image(), "t"), "segment.bytes");

        assertThat(c.value()).isEqualTo("1073741824");
        assertThat(c.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(c.synonyms()).containsExactly(
                new ConfigSynonym("log.segment.bytes", "1073741824", ConfigSource.DEFAULT_CONFIG));
    }

    @Test
    void staticBrokerSettingInOtherUnitsIsConvertedAndReportedAsStatic() {
        ResolvedConfig c = find(new TopicConfigResolver(1, Map.of("log.retention.hours", "2"))
                .describe(image(), "t"), "retention.ms");

        assertThat(c.value()).isEqualTo("7200000");
        assertThat(c.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(c.synonyms().get(0)).isEqualTo(
                new ConfigSynonym("log.retention.hours", "2", ConfigSource.STATIC_BROKER_CONFIG));
    }

    @Test
    void topicOverrideBeatsDynamicBrokerDefaultsWhichBeatStaticSettings() {
        TopicConfigResolver resolver = new TopicConfigResolver(1, Map.of("log.retention.ms", "1000"));
        MetadataImage clusterWide = image(new ConfigRecord(ConfigResource.CLUSTER, "log.retention.ms", "2000"));
        MetadataImage perBroker = image(new ConfigRecord(ConfigResource.CLUSTER, "log.retention.ms", "2000"),
                new ConfigRecord(ConfigResource.broker(1), "log.retention.ms", "3000"));
        MetadataImage overridden = image(new ConfigRecord(ConfigResource.CLUSTER, "log.retention.ms", "2000"),
                new ConfigRecord(ConfigResource.topic("t"), "retention.ms", "4000"));

        assertThat(find(resolver.describe(clusterWide, "t"), "retention.ms"))
                .extracting(ResolvedConfig::value, ResolvedConfig::source)
                .containsExactly("2000", ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        assertThat(find(resolver.describe(perBroker, "t"), "retention.ms"))
                .extracting(ResolvedConfig::value, ResolvedConfig::source)
                .containsExactly("3000", ConfigSource.DYNAMIC_BROKER_CONFIG);
        ResolvedConfig top = find(resolver.describe(overridden, "t"), "retention.ms");
        assertThat(top.value()).isEqualTo("4000");
        assertThat(top.source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(top.synonyms()).extracting(ConfigSynonym::source).containsExactly(
                ConfigSource.DYNAMIC_TOPIC_CONFIG, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
                ConfigSource.STATIC_BROKER_CONFIG, ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void logConfigIsWhatDescribeReports() {
        MetadataImage image = image(new ConfigRecord(ConfigResource.topic("t"), "cleanup.policy", "compact, delete"),
                new ConfigRecord(ConfigResource.topic("t"), "segment.bytes", "1048576"));

        LogConfig log = new TopicConfigResolver(1, Map.of("log.retention.bytes", "5000")).logConfig(image, "t");

        assertThat(log.segmentBytes()).isEqualTo(1048576);
        assertThat(log.retentionBytes()).isEqualTo(5000);
        assertThat(log.compact()).isTrue();
        assertThat(log.delete()).isTrue();
        assertThat(log.retentionMs()).isEqualTo(LogConfig.defaults().retentionMs());
    }

    @Test
    void valueTheLogEngineRefusesFallsBackToItsDefault() {
        MetadataImage image = image(new ConfigRecord(ConfigResource.topic("t"), "segment.index.bytes", "4"));

        LogConfig log = new TopicConfigResolver(1, Map.of()).logConfig(image, "t");

        assertThat(log.segmentIndexBytes()).isEqualTo(LogConfig.defaults().segmentIndexBytes());
    }

    @Test
    void everyLogEngineSettingIsInTheCatalog() {
        assertThat(TopicConfigCatalog.all().keySet()).containsAll(LogConfig.KEYS);
    }
}
