package io.tributary.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.BrokerConfig;
import io.tributary.broker.group.ConsumerGroupSettings;
import io.tributary.broker.group.GroupConfig;
import io.tributary.broker.share.ShareConfig;
import io.tributary.broker.share.ShareGroupSettings;
import io.tributary.cluster.metadata.ConfigRecord;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GroupConfigResolverTest {

    private final AtomicReference<MetadataImage> image = new AtomicReference<>(MetadataImage.EMPTY);
    private final GroupConfigResolver resolver = new GroupConfigResolver(image::get, GroupConfig.defaults(),
            ShareConfig.from(Map.of("group.share.delivery.count.limit", "7")));

    private void set(String group, String key, String value) {
        MetadataImage base = image.get();
        image.set(new MetadataDelta(base).replayAll(List.of(new ConfigRecord(ConfigResource.group(group), key, value)))
                .apply(base.offset() + 1));
    }

    @Test
    void aGroupWithoutConfigsGetsTheBrokersShareSettings() {
        assertThat(resolver.share("g")).isEqualTo(new ShareGroupSettings("latest", false, 30_000, 7, 2000, 45_000,
                5000));
        assertThat(resolver.consumer("g")).isEqualTo(new ConsumerGroupSettings(45_000, 5000));
    }

    @Test
    void aGroupsConfigsOverrideTheDefaultsOnceTheImageHasThem() {
        ShareGroupSettings before = resolver.share("g");
        set("g", "share.auto.offset.reset", "by_duration:PT1H");
        set("g", "share.isolation.level", "read_committed");
        set("g", "share.partition.max.record.locks", "3000");
        assertThat(resolver.share("g")).isEqualTo(new ShareGroupSettings("by_duration:PT1H", true, 30_000, 7, 3000,
                45_000, 5000));
        set("g", "share.auto.offset.reset", null);
        assertThat(resolver.share("g").autoOffsetReset()).isEqualTo("latest");
        assertThat(resolver.share("other")).isEqualTo(before);
    }

    @Test
    void settingsAreParsedOncePerImage() {
        set("g", "share.record.lock.duration.ms", "20000");
        ShareGroupSettings first = resolver.share("g");
        assertThat(resolver.share("g")).isSameAs(first);
        assertThat(resolver.share("none")).isSameAs(resolver.share("also-none"));
        set("h", "share.record.lock.duration.ms", "25000");
        assertThat(resolver.share("g")).isEqualTo(first);
    }

    @Test
    void describeListsDocumentedConfigsWithGroupValuesOverStaticAndDefaultOnes() {
        BrokerConfig config = BrokerConfig.from(Map.of("group.share.record.lock.duration.ms", "20000"));
        set("g", "share.auto.offset.reset", "earliest");
        set("g", "streams.num.warmup.replicas", "3");
        List<ResolvedConfig> configs = new GroupConfigDescriber(config).describe(image.get(), "g");
        Map<String, ResolvedConfig> byName = new HashMap<>();
        configs.forEach(c -> byName.put(c.name(), c));
        assertThat(byName.get("share.auto.offset.reset").source()).isEqualTo(ConfigSource.GROUP_CONFIG);
        assertThat(byName.get("share.auto.offset.reset").synonyms()).extracting(ConfigSynonym::source)
                .containsExactly(ConfigSource.GROUP_CONFIG, ConfigSource.DEFAULT_CONFIG);
        assertThat(byName.get("share.record.lock.duration.ms").value()).isEqualTo("20000");
        assertThat(byName.get("share.record.lock.duration.ms").source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(byName.get("share.record.lock.duration.ms").synonyms().get(0).name())
                .isEqualTo("group.share.record.lock.duration.ms");
        assertThat(byName.get("share.delivery.count.limit").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(byName.get("share.delivery.count.limit").type()).isEqualTo(ConfigType.INT);
        assertThat(byName).containsKey("streams.num.warmup.replicas")
                .doesNotContainKey("streams.acceptable.recovery.lag");
    }
}
