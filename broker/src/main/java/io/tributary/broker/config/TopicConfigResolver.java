package io.tributary.broker.config;

import io.tributary.broker.BrokerConfig;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.log.InvalidConfigException;
import io.tributary.log.LogConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The configs in force for a topic, as Kafka resolves them: the topic's own override, else the broker key set
 * dynamically for this broker, else dynamically for the cluster, else in the node's properties, else Kafka's
 * default. The same resolution feeds DescribeConfigs and the partition logs' {@link LogConfig}, so what a client
 * is told is what the log obeys.
 */
public final class TopicConfigResolver {

    private static final Logger LOG = Logger.getLogger(TopicConfigResolver.class.getName());

    private final int nodeId;
    private final Map<String, String> staticProperties;

    public TopicConfigResolver(BrokerConfig config) {
        this(config.nodeId(), config.properties());
    }

    public TopicConfigResolver(int nodeId, Map<String, String> staticProperties) {
        this.nodeId = nodeId;
        this.staticProperties = Map.copyOf(staticProperties);
    }

    /** Every known config of the topic, in key order. */
    public List<ResolvedConfig> describe(MetadataImage image, String topic) {
        Map<String, String> overrides = image.configs(ConfigResource.topic(topic));
        ConfigLayers layers = ConfigLayers.of(image, nodeId, staticProperties);
        List<ResolvedConfig> out = new ArrayList<>();
        for (TopicConfigDef def : TopicConfigCatalog.all().values()) {
            out.add(resolve(def, overrides, layers));
        }
        return out;
    }

    private static ResolvedConfig resolve(TopicConfigDef def, Map<String, String> overrides, ConfigLayers layers) {
        List<ConfigSynonym> synonyms = new ArrayList<>();
        String value = null;
        if (overrides.containsKey(def.name())) {
            value = def.type().normalize(overrides.get(def.name()));
            synonyms.add(new ConfigSynonym(def.name(), value, ConfigSource.DYNAMIC_TOPIC_CONFIG));
        }
        for (ConfigLayers.Layer layer : layers.layers()) {
            for (TopicConfigDef.BrokerKey key : def.brokerKeys()) {
                String raw = layer.values().get(key.name());
                if (raw != null) {
                    synonyms.add(new ConfigSynonym(key.name(), raw.trim(), layer.source()));
                    if (value == null) {
                        value = def.fromBrokerValue(key, raw);
                    }
                }
            }
        }
        synonyms.add(new ConfigSynonym(def.mainBrokerKey().name(), def.defaultValue(), ConfigSource.DEFAULT_CONFIG));
        if (value == null) {
            value = def.defaultValue();
        }
        return new ResolvedConfig(def.name(), value, synonyms.get(0).source(), synonyms, def.type(), false, false,
                def.documentation());
    }

    /** The value in force of every known topic config. */
    public Map<String, String> effectiveValues(MetadataImage image, String topic) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ResolvedConfig c : describe(image, topic)) {
            values.put(c.name(), c.value());
        }
        return values;
    }

    /** The topic's {@code min.insync.replicas} in force (1 if unreadable). */
    public int minInsyncReplicas(MetadataImage image, String topic) {
        try {
            return Math.max(1, Integer.parseInt(effectiveValues(image, topic).get("min.insync.replicas")));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /**
     * The settings of the topic's partition logs. A value the log engine refuses (the controller's checks and
     * the log's differ slightly) is left at the engine's default, with a warning, rather than failing the log.
     */
    public LogConfig logConfig(MetadataImage image, String topic) {
        Map<String, String> values = new HashMap<>();
        effectiveValues(image, topic).forEach((k, v) -> {
            if (LogConfig.KEYS.contains(k)) {
                values.put(k, v);
            }
        });
        while (true) {
            try {
                return LogConfig.fromProperties(values);
            } catch (InvalidConfigException e) {
                if (values.remove(e.key()) == null) {
                    throw e;
                }
                LOG.warning("topic " + topic + ": ignoring " + e.getMessage());
            }
        }
    }
}
