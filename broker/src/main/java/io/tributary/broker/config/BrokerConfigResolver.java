package io.tributary.broker.config;

import io.tributary.broker.BrokerConfig;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The broker configs DescribeConfigs reports for this node (the broker resource named by its id): the broker keys
 * Tributary knows, with Kafka's defaults, plus every other key the node was started with; each resolved dynamic
 * for this broker, then dynamic cluster default, then static, then default. The cluster resource (named "")
 * reports only the cluster-wide dynamic values, as Kafka does.
 */
public final class BrokerConfigResolver {

    /** Broker keys the controller lets IncrementalAlterConfigs change: every other one is read-only. */
    public static final Set<String> DYNAMIC_KEYS = Set.of("log.cleanup.policy", "compression.type",
            "log.retention.ms", "log.retention.bytes", "log.segment.bytes", "log.roll.ms",
            "log.message.timestamp.type", "message.max.bytes", "min.insync.replicas", "unclean.leader.election.enable");

    /** Broker-only keys (not topic defaults): type and default. */
    private record Def(ConfigType type, String defaultValue, String doc) {
    }

    private static final Map<String, Def> BROKER_ONLY = Map.ofEntries(
            Map.entry("node.id", new Def(ConfigType.INT, "1", "This node's id.")),
            Map.entry("process.roles", new Def(ConfigType.LIST, "broker,controller", "Roles this node plays.")),
            Map.entry("listeners", new Def(ConfigType.STRING, "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093",
                    "Addresses the node listens on.")),
            Map.entry("advertised.listeners", new Def(ConfigType.STRING, null, "Addresses given to clients.")),
            Map.entry("controller.quorum.voters", new Def(ConfigType.LIST, null, "The metadata quorum's voters.")),
            Map.entry("log.dirs", new Def(ConfigType.STRING, "./data", "Directories holding partition logs.")),
            Map.entry("metadata.log.dir", new Def(ConfigType.STRING, null, "Directory of the metadata log.")),
            Map.entry("num.partitions", new Def(ConfigType.INT, "1", "Partitions of a topic created without a count.")),
            Map.entry("default.replication.factor", new Def(ConfigType.INT, "1",
                    "Replication factor of a topic created without one.")),
            Map.entry("auto.create.topics.enable", new Def(ConfigType.BOOLEAN, "true",
                    "Whether Metadata requests for unknown topics create them.")),
            Map.entry("socket.request.max.bytes", new Def(ConfigType.INT, "104857600", "Largest request accepted.")),
            Map.entry("connections.max.idle.ms", new Def(ConfigType.LONG, "600000",
                    "Idle time after which a connection is closed.")),
            Map.entry("broker.session.timeout.ms", new Def(ConfigType.INT, "9000",
                    "Silence after which the controller fences a broker.")));

    private final int nodeId;
    private final Map<String, String> staticProperties;

    public BrokerConfigResolver(BrokerConfig config) {
        this.nodeId = config.nodeId();
        this.staticProperties = config.properties();
    }

    /** This node's configs, by key order. */
    public List<ResolvedConfig> describeNode(MetadataImage image) {
        ConfigLayers layers = ConfigLayers.of(image, nodeId, staticProperties);
        Map<String, TopicConfigDef> topicDefaults = TopicConfigCatalog.byBrokerKey();
        Set<String> keys = new TreeSet<>(BROKER_ONLY.keySet());
        keys.addAll(topicDefaults.keySet());
        for (ConfigLayers.Layer layer : layers.layers()) {
            keys.addAll(layer.values().keySet());
        }
        List<ResolvedConfig> out = new ArrayList<>();
        for (String key : keys) {
            ConfigType type = ConfigType.UNKNOWN;
            String defaultValue = null;
            String doc = null;
            TopicConfigDef topicDef = topicDefaults.get(key);
            if (BROKER_ONLY.containsKey(key)) {
                Def d = BROKER_ONLY.get(key);
                type = d.type();
                defaultValue = d.defaultValue();
                doc = d.doc();
            } else if (topicDef != null) {
                boolean main = topicDef.mainBrokerKey().name().equals(key);
                type = main ? topicDef.type() : ConfigType.LONG;
                defaultValue = main ? topicDef.defaultValue() : null;
                doc = "Default of the topic config " + topicDef.name() + ".";
            }
            out.add(resolve(key, type, defaultValue, doc, layers.layers()));
        }
        return out;
    }

    /** The cluster-wide dynamic defaults (the broker resource named ""). */
    public List<ResolvedConfig> describeClusterDefaults(MetadataImage image) {
        List<ResolvedConfig> out = new ArrayList<>();
        for (Map.Entry<String, String> e : image.configs(ConfigResource.CLUSTER).entrySet()) {
            ConfigSynonym s = new ConfigSynonym(e.getKey(), e.getValue(), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            out.add(new ResolvedConfig(e.getKey(), e.getValue(), s.source(), List.of(s), typeOf(e.getKey()),
                    !DYNAMIC_KEYS.contains(e.getKey()), false, null));
        }
        return out;
    }

    private static ConfigType typeOf(String key) {
        if (BROKER_ONLY.containsKey(key)) {
            return BROKER_ONLY.get(key).type();
        }
        TopicConfigDef d = TopicConfigCatalog.byBrokerKey().get(key);
        return d == null ? ConfigType.UNKNOWN : d.type();
    }

    private static ResolvedConfig resolve(String key, ConfigType type, String defaultValue, String doc,
                                          List<ConfigLayers.Layer> layers) {
        boolean sensitive = isSensitive(key);
        List<ConfigSynonym> synonyms = new ArrayList<>();
        for (ConfigLayers.Layer layer : layers) {
            String v = layer.values().get(key);
            if (v != null) {
                synonyms.add(new ConfigSynonym(key, sensitive ? null : v.trim(), layer.source()));
            }
        }
        if (defaultValue != null) {
            synonyms.add(new ConfigSynonym(key, sensitive ? null : defaultValue, ConfigSource.DEFAULT_CONFIG));
        }
        String value = synonyms.isEmpty() || sensitive ? null : type.normalize(synonyms.get(0).value());
        ConfigSource source = synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG : synonyms.get(0).source();
        return new ResolvedConfig(key, value, source, synonyms, sensitive ? ConfigType.PASSWORD : type,
                !DYNAMIC_KEYS.contains(key), sensitive, doc);
    }

    private static boolean isSensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.endsWith(".jaas.config");
    }
}
