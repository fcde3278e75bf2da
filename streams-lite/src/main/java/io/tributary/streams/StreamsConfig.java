package io.tributary.streams;

import io.tributary.streams.internal.DeserializationPolicy;
import io.tributary.streams.internal.SerdeDefaults;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;

/**
 * The application's settings, by Kafka Streams' names and defaults. Anything else in the properties (and
 * anything prefixed {@code consumer.}, {@code producer.}, {@code admin.}, {@code restore.consumer.}) is passed to
 * the clients, as Kafka Streams passes it.
 */
public final class StreamsConfig {

    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String AT_LEAST_ONCE = "at_least_once";
    public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String STATE_DIR = "state.dir";
    public static final String DEFAULT_KEY_SERDE = "default.key.serde";
    public static final String DEFAULT_VALUE_SERDE = "default.value.serde";
    public static final String DESERIALIZATION_EXCEPTION_HANDLER = "deserialization.exception.handler";
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String POLL_MS = "poll.ms";
    public static final String BUFFERED_RECORDS_PER_PARTITION = "buffered.records.per.partition";
    public static final String REPARTITION_PURGE_INTERVAL_MS = "repartition.purge.interval.ms";
    public static final String STATESTORE_CACHE_MAX_BYTES = "statestore.cache.max.bytes";
    /** The type of DSL stores that name none: {@value #ROCKS_DB} or {@value #IN_MEMORY} (streams-lite's default). */
    public static final String DEFAULT_DSL_STORE = "default.dsl.store";
    public static final String ROCKS_DB = "rocksDB";
    public static final String IN_MEMORY = "in_memory";

    private final Properties props;

    public StreamsConfig(Properties props) {
        this.props = new Properties();
        this.props.putAll(props);
        String app = applicationId();
        if (app == null || app.isBlank()) {
            throw new IllegalArgumentException("application.id is required");
        }
        if (!app.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("application.id " + app
                    + ": only letters, digits, '.', '_' and '-' (it names topics)");
        }
        processingGuarantee();
        commitIntervalMs();
        deserializationPolicy();
        dslStore();
    }

    public String applicationId() {
        return props.getProperty(APPLICATION_ID);
    }

    public boolean exactlyOnce() {
        return processingGuarantee().equals(EXACTLY_ONCE_V2);
    }

    public String processingGuarantee() {
        String g = props.getProperty(PROCESSING_GUARANTEE, AT_LEAST_ONCE).trim().toLowerCase(Locale.ROOT);
        if (g.equals("exactly_once_beta")) {
            return EXACTLY_ONCE_V2;
        }
        if (!g.equals(AT_LEAST_ONCE) && !g.equals(EXACTLY_ONCE_V2)) {
            throw new IllegalArgumentException(PROCESSING_GUARANTEE + ": " + g + " (at_least_once or exactly_once_v2)");
        }
        return g;
    }

    /** 30 s at least once, 100 ms exactly once — Kafka Streams' defaults. */
    public long commitIntervalMs() {
        long ms = longValue(COMMIT_INTERVAL_MS, exactlyOnce() ? 100 : 30_000);
        if (ms < 0) {
            throw new IllegalArgumentException(COMMIT_INTERVAL_MS + " must not be negative: " + ms);
        }
        return ms;
    }

    public int numStreamThreads() {
        return (int) longValue(NUM_STREAM_THREADS, 1);
    }

    public long pollMs() {
        return longValue(POLL_MS, 100);
    }

    public int bufferedRecordsPerPartition() {
        return (int) longValue(BUFFERED_RECORDS_PER_PARTITION, 1000);
    }

    /** The record cache of all threads together: 10 MiB, Kafka Streams' default (0 turns caching off). */
    public long cacheMaxBytes() {
        long bytes = longValue(STATESTORE_CACHE_MAX_BYTES, longValue("cache.max.bytes.buffering", 10L * 1024 * 1024));
        if (bytes < 0) {
            throw new IllegalArgumentException(STATESTORE_CACHE_MAX_BYTES + " must not be negative: " + bytes);
        }
        return bytes;
    }

    public long repartitionPurgeIntervalMs() {
        return longValue(REPARTITION_PURGE_INTERVAL_MS, 30_000);
    }

    public int replicationFactor() {
        return (int) longValue(REPLICATION_FACTOR, -1);
    }

    /** {@code state.dir} (default: {@code <java.io.tmpdir>/kafka-streams}, as Kafka Streams) + application id. */
    public Path stateDirectory() {
        String dir = props.getProperty(STATE_DIR, Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams")
                .toString());
        return Path.of(dir, applicationId());
    }

    public DeserializationPolicy deserializationPolicy() {
        String value = props.getProperty(DESERIALIZATION_EXCEPTION_HANDLER,
                props.getProperty("default." + DESERIALIZATION_EXCEPTION_HANDLER));
        return DeserializationPolicy.parse(value);
    }

    /** The default serdes, configured as Kafka Streams configures them (with every property), and DSL store type. */
    public SerdeDefaults serdeDefaults() {
        return new SerdeDefaults(serde(DEFAULT_KEY_SERDE, true), serde(DEFAULT_VALUE_SERDE, false), dslStore());
    }

    /**
     * {@code default.dsl.store}. In memory unless set: a deliberate deviation from Kafka Streams (whose default is
     * {@code rocksDB}) to keep streams-lite light; see the module's README.
     */
    public Materialized.StoreType dslStore() {
        String v = props.getProperty(DEFAULT_DSL_STORE, IN_MEMORY).trim();
        if (v.equalsIgnoreCase(ROCKS_DB)) {
            return Materialized.StoreType.ROCKS_DB;
        }
        if (v.equalsIgnoreCase(IN_MEMORY)) {
            return Materialized.StoreType.IN_MEMORY;
        }
        throw new IllegalArgumentException(DEFAULT_DSL_STORE + ": " + v + " (" + ROCKS_DB + " or " + IN_MEMORY + ")");
    }

    /** Client configs: everything not ours, then the prefixed ones for that client on top. */
    public Map<String, Object> clientConfigs(String prefix) {
        Map<String, Object> configs = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            if (!name.contains(".") || !isPrefixed(name)) {
                configs.put(name, props.getProperty(name));
            }
        }
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                configs.put(name.substring(prefix.length()), props.getProperty(name));
            }
        }
        for (String ours : new String[] {APPLICATION_ID, PROCESSING_GUARANTEE, COMMIT_INTERVAL_MS,
                NUM_STREAM_THREADS, STATE_DIR, DEFAULT_KEY_SERDE, DEFAULT_VALUE_SERDE,
                DESERIALIZATION_EXCEPTION_HANDLER, "default." + DESERIALIZATION_EXCEPTION_HANDLER, REPLICATION_FACTOR,
                POLL_MS, BUFFERED_RECORDS_PER_PARTITION, DEFAULT_DSL_STORE}) {
            configs.remove(ours);
        }
        return configs;
    }

    private static boolean isPrefixed(String name) {
        return name.startsWith("consumer.") || name.startsWith("producer.") || name.startsWith("admin.")
                || name.startsWith("restore.consumer.") || name.startsWith("main.consumer.");
    }

    private long longValue(String name, long defaultValue) {
        String v = props.getProperty(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a number: " + v);
        }
    }

    private Serde<?> serde(String name, boolean isKey) {
        Object value = props.get(name);
        if (value == null) {
            return null;
        }
        Serde<?> serde;
        if (value instanceof Serde<?> s) {
            serde = s;
        } else {
            String className = value instanceof Class<?> c ? c.getName() : value.toString().trim();
            try {
                serde = (Serde<?>) Class.forName(className, true, Thread.currentThread().getContextClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalArgumentException(name + ": cannot make a Serde of " + className + ": " + e, e);
            }
        }
        Map<String, Object> all = new HashMap<>();
        props.forEach((k, v) -> all.put(k.toString(), v));
        serde.configure(all, isKey);
        return serde;
    }
}
