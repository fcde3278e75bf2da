package io.tributary.connect.worker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * A worker's settings, under Kafka Connect's names and defaults. Validated by kafka-clients' {@link ConfigDef}, so a
 * bad worker.properties gets the message Apache's worker gives ("Missing required configuration ...").
 */
public final class WorkerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";
    public static final String PLUGIN_PATH = "plugin.path";
    public static final String OFFSET_FLUSH_INTERVAL_MS = "offset.flush.interval.ms";
    public static final String OFFSET_FLUSH_TIMEOUT_MS = "offset.flush.timeout.ms";
    public static final String TASK_SHUTDOWN_TIMEOUT_MS = "task.shutdown.graceful.timeout.ms";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_HOST = "rest.advertised.host.name";
    public static final String ADVERTISED_PORT = "rest.advertised.port";
    public static final String ADVERTISED_LISTENER = "rest.advertised.listener";
    public static final String CONFIG_PROVIDERS = "config.providers";
    public static final String OVERRIDE_POLICY = "connector.client.config.override.policy";
    public static final String TOPIC_CREATION_ENABLE = "topic.creation.enable";
    public static final String OFFSET_STORAGE_FILE = "offset.storage.file.filename";
    public static final String CLIENT_ID = "client.id";
    public static final String GROUP_ID = "group.id";
    public static final String CONFIG_TOPIC = "config.storage.topic";
    public static final String OFFSET_TOPIC = "offset.storage.topic";
    public static final String STATUS_TOPIC = "status.storage.topic";
    public static final String SCHEDULED_REBALANCE_MAX_DELAY_MS = "scheduled.rebalance.max.delay.ms";
    /** KIP-618, distributed mode: {@code disabled}, {@code preparing} or {@code enabled}. */
    public static final String EXACTLY_ONCE_SOURCE_SUPPORT = "exactly.once.source.support";

    static ConfigDef definition() {
        return new ConfigDef()
                .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Importance.HIGH,
                        "The Kafka cluster the worker and its connectors use.")
                .define(KEY_CONVERTER, Type.STRING, "org.apache.kafka.connect.json.JsonConverter", Importance.HIGH,
                        "Converter of record keys between Connect data and bytes, unless a connector sets its own.")
                .define(VALUE_CONVERTER, Type.STRING, "org.apache.kafka.connect.json.JsonConverter", Importance.HIGH,
                        "Converter of record values between Connect data and bytes, unless a connector sets its own.")
                .define(HEADER_CONVERTER, Type.STRING, "org.apache.kafka.connect.storage.SimpleHeaderConverter",
                        Importance.LOW, "Converter of header values.")
                .define(PLUGIN_PATH, Type.LIST, "", Importance.LOW,
                        "Directories holding plugins: each subdirectory or jar is one isolated plugin location.")
                .define(OFFSET_FLUSH_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "How often tasks' offsets are committed.")
                .define(OFFSET_FLUSH_TIMEOUT_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "How long an offset commit may wait for outstanding records before it is cancelled.")
                .define(TASK_SHUTDOWN_TIMEOUT_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "How long a stopping task may take before it is abandoned.")
                .define(LISTENERS, Type.LIST, "http://:8083", Importance.LOW, "The REST API's listeners.")
                .define(ADVERTISED_HOST, Type.STRING, null, Importance.LOW, "Host name other workers call.")
                .define(ADVERTISED_PORT, Type.INT, null, Importance.LOW, "Port other workers call.")
                .define(ADVERTISED_LISTENER, Type.STRING, null, Importance.LOW, "Protocol other workers call.")
                .define(CONFIG_PROVIDERS, Type.LIST, "", Importance.LOW,
                        "Names of ConfigProviders for ${provider:path:key} references in configs.")
                .define(OVERRIDE_POLICY, Type.STRING, "All", Importance.MEDIUM,
                        "Which client settings connectors may override: All, None or Principal (or a class).")
                .define(TOPIC_CREATION_ENABLE, Type.BOOLEAN, true, Importance.LOW,
                        "Whether source connectors' topic.creation.* settings create their topics.")
                .define(OFFSET_STORAGE_FILE, Type.STRING, null, Importance.HIGH,
                        "Standalone mode: the file holding source connectors' offsets.")
                .define(CLIENT_ID, Type.STRING, "", Importance.LOW, "Prefix of the worker's client ids.")
                // Distributed mode: required there, checked when a distributed worker starts.
                .define(GROUP_ID, Type.STRING, null, Importance.HIGH, "The Connect cluster this worker joins.")
                .define(CONFIG_TOPIC, Type.STRING, null, Importance.HIGH, "Topic of connector configs.")
                .define("config.storage.replication.factor", Type.SHORT, (short) 3, Importance.LOW,
                        "Replication factor of the config topic when created (-1: the broker's default).")
                .define(OFFSET_TOPIC, Type.STRING, null, Importance.HIGH, "Topic of source connectors' offsets.")
                .define("offset.storage.partitions", Type.INT, 25, Importance.LOW,
                        "Partitions of the offsets topic when created.")
                .define("offset.storage.replication.factor", Type.SHORT, (short) 3, Importance.LOW,
                        "Replication factor of the offsets topic when created (-1: the broker's default).")
                .define(STATUS_TOPIC, Type.STRING, null, Importance.HIGH, "Topic of connector and task statuses.")
                .define("status.storage.partitions", Type.INT, 5, Importance.LOW,
                        "Partitions of the status topic when created.")
                .define("status.storage.replication.factor", Type.SHORT, (short) 3, Importance.LOW,
                        "Replication factor of the status topic when created (-1: the broker's default).")
                .define("session.timeout.ms", Type.INT, 10_000, Importance.HIGH,
                        "How long a silent worker stays in the group.")
                .define("heartbeat.interval.ms", Type.INT, 3_000, Importance.HIGH,
                        "How often a worker tells the group it is alive.")
                .define("rebalance.timeout.ms", Type.INT, 60_000, Importance.HIGH,
                        "How long the group waits for workers to rejoin in a rebalance.")
                .define(SCHEDULED_REBALANCE_MAX_DELAY_MS, Type.INT, 300_000, ConfigDef.Range.atLeast(0),
                        Importance.LOW, "How long a departed worker's connectors and tasks wait for it to return "
                                + "before they move to other workers.")
                .define(EXACTLY_ONCE_SOURCE_SUPPORT, Type.STRING, "disabled",
                        ConfigDef.ValidString.in("disabled", "preparing", "enabled"), Importance.HIGH,
                        "Distributed mode: whether source tasks write their records and source offsets in one "
                                + "transaction each, and the leader fences an older generation of a connector's "
                                + "tasks before a new one starts ('enabled'; 'preparing' on every worker first when "
                                + "an existing cluster is upgraded). Standalone workers ignore it, as Apache's do.");
    }

    private final Map<String, String> originals;

    public WorkerConfig(Map<String, String> props) {
        super(definition(), props, false);
        this.originals = Map.copyOf(props);
    }

    public Map<String, String> originalStrings() {
        return originals;
    }

    /** Settings under a prefix ({@code producer.}, {@code consumer.}, {@code admin.}), with the prefix removed. */
    public Map<String, Object> withPrefix(String prefix) {
        Map<String, Object> out = new HashMap<>();
        originals.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /**
     * The worker-level {@code security.protocol}, {@code sasl.*} and {@code ssl.*} settings: the worker's own clients
     * (group membership, internal topics, its admin) connect with them, as Apache's worker's do. Connectors' clients
     * do not: they take theirs with the {@code producer.}, {@code consumer.} and {@code admin.} prefixes.
     */
    public Map<String, Object> clientSecurity() {
        Map<String, Object> out = new HashMap<>();
        originals.forEach((k, v) -> {
            if (k.equals("security.protocol") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                out.put(k, v);
            }
        });
        return out;
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS));
    }

    /** A distributed-mode setting that has no default: Kafka's message when it is missing. */
    public String required(String key) {
        String v = getString(key);
        if (v == null || v.isBlank()) {
            throw new org.apache.kafka.common.config.ConfigException("Missing required configuration \"" + key
                    + "\" which has no default value.");
        }
        return v.trim();
    }

    /** {@code exactly.once.source.support=enabled}: what distributed mode acts on (standalone ignores it). */
    public boolean exactlyOnceSourceEnabled() {
        return "enabled".equals(getString(EXACTLY_ONCE_SOURCE_SUPPORT));
    }

    /**
     * {@code enabled} or {@code preparing}: the leader writes the config topic through the transactional producer
     * {@code connect-cluster-<group.id>}, so a leader that lost its place can no longer write.
     */
    public boolean transactionalLeaderEnabled() {
        return !"disabled".equals(getString(EXACTLY_ONCE_SOURCE_SUPPORT));
    }

    public List<String> pluginPath() {
        return getList(PLUGIN_PATH);
    }
}
