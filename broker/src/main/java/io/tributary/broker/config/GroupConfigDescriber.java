package io.tributary.broker.config;

import io.tributary.broker.BrokerConfig;
import io.tributary.cluster.controller.GroupConfigs;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The group configs DescribeConfigs reports for a group, as Kafka 4.4 does: every group config Kafka documents (and
 * an internal one only when the group sets it), each with the group's own value (source GROUP_CONFIG) or else the
 * broker setting it falls back to (STATIC_BROKER_CONFIG when the node's properties set it, else DEFAULT_CONFIG), the
 * broker setting listed among the synonyms under its own name.
 */
public final class GroupConfigDescriber {

    private final GroupConfigs settings;
    private final Map<String, String> staticProperties;

    public GroupConfigDescriber(BrokerConfig config) {
        this.settings = config.controller().groupConfigs();
        this.staticProperties = config.properties();
    }

    /** The configs of the group {@code groupId}, by name; a group without configs (or not existing) shows defaults. */
    public List<ResolvedConfig> describe(MetadataImage image, String groupId) {
        Map<String, String> own = image.configs(ConfigResource.group(groupId));
        List<ResolvedConfig> out = new ArrayList<>();
        for (GroupConfigs.Def d : GroupConfigs.definitions().values()) {
            if (d.internal() && !own.containsKey(d.name())) {
                continue;
            }
            ConfigType type = typeOf(d.kind());
            List<ConfigSynonym> synonyms = new ArrayList<>();
            String value = own.get(d.name());
            if (value != null) {
                synonyms.add(new ConfigSynonym(d.name(), type.normalize(value), ConfigSource.GROUP_CONFIG));
            }
            if (d.brokerKey() != null) {
                ConfigSource source = staticProperties.containsKey(d.brokerKey())
                        ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
                synonyms.add(new ConfigSynonym(d.brokerKey(), type.normalize(settings.brokerSetting(d.brokerKey())),
                        source));
            } else if (d.fixedDefault() != null) {
                synonyms.add(new ConfigSynonym(d.name(), d.fixedDefault(), ConfigSource.DEFAULT_CONFIG));
            }
            ConfigSynonym first = synonyms.isEmpty() ? null : synonyms.get(0);
            out.add(new ResolvedConfig(d.name(), first == null ? null : first.value(),
                    first == null ? ConfigSource.DEFAULT_CONFIG : first.source(), synonyms, type, false, false,
                    d.doc()));
        }
        return out;
    }

    private static ConfigType typeOf(GroupConfigs.Kind kind) {
        return switch (kind) {
            case INT -> ConfigType.INT;
            case LONG -> ConfigType.LONG;
            case BOOLEAN -> ConfigType.BOOLEAN;
            case LIST -> ConfigType.LIST;
            case STRING, OFFSET_RESET, ISOLATION_LEVEL, STREAMS_ASSIGNOR -> ConfigType.STRING;
        };
    }
}
