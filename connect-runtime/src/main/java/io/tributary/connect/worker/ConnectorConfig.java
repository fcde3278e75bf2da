package io.tributary.connect.worker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.connect.source.SourceTask;

/**
 * The settings every connector config has beside the connector's own, under Kafka Connect's names, defaults and
 * groups (which {@code /config/validate} reports).
 */
public final class ConnectorConfig extends AbstractConfig {

    public static final String NAME = "name";
    public static final String CONNECTOR_CLASS = "connector.class";
    public static final String TASKS_MAX = "tasks.max";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";
    public static final String TRANSFORMS = "transforms";
    public static final String PREDICATES = "predicates";
    public static final String ERRORS_RETRY_TIMEOUT = "errors.retry.timeout";
    public static final String ERRORS_RETRY_MAX_DELAY = "errors.retry.delay.max.ms";
    public static final String ERRORS_TOLERANCE = "errors.tolerance";
    public static final String ERRORS_LOG_ENABLE = "errors.log.enable";
    public static final String ERRORS_LOG_MESSAGES = "errors.log.include.messages";
    public static final String TOPICS = "topics";
    public static final String TOPICS_REGEX = "topics.regex";
    public static final String DLQ_TOPIC = "errors.deadletterqueue.topic.name";
    public static final String DLQ_REPLICATION_FACTOR = "errors.deadletterqueue.topic.replication.factor";
    public static final String DLQ_CONTEXT_HEADERS = "errors.deadletterqueue.context.headers.enable";
    /** KIP-618 (source connectors): {@code requested} or {@code required}. */
    public static final String EXACTLY_ONCE_SUPPORT = "exactly.once.support";
    /** KIP-618 (source connectors): {@code poll}, {@code interval} or {@code connector}. */
    public static final String TRANSACTION_BOUNDARY = SourceTask.TRANSACTION_BOUNDARY_CONFIG;
    public static final String TRANSACTION_BOUNDARY_INTERVAL_MS = "transaction.boundary.interval.ms";
    /** KIP-618 (source connectors, distributed mode): an offsets topic of the connector's own. */
    public static final String OFFSETS_STORAGE_TOPIC = "offsets.storage.topic";

    static final String COMMON_GROUP = "Common";
    static final String TRANSFORMS_GROUP = "Transforms";
    static final String PREDICATES_GROUP = "Predicates";
    static final String ERROR_GROUP = "Error Handling";
    static final String EXACTLY_ONCE_GROUP = "Exactly Once Support";
    static final String OFFSETS_TOPIC_GROUP = "offsets.topic";

    /** The definitions of a connector of this kind (source or sink settings added to the common ones). */
    public static ConfigDef definition(boolean sink) {
        ConfigDef def = new ConfigDef()
                .define(NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
                        Importance.HIGH, "Globally unique name to use for this connector.", COMMON_GROUP, 1,
                        Width.MEDIUM, "Connector name")
                .define(CONNECTOR_CLASS, Type.STRING, Importance.HIGH,
                        "Name or alias of the class for this connector.", COMMON_GROUP, 2, Width.LONG,
                        "Connector class")
                .define(TASKS_MAX, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.HIGH,
                        "Maximum number of tasks to use for this connector.", COMMON_GROUP, 3, Width.SHORT, "Tasks max")
                .define(KEY_CONVERTER, Type.STRING, null, Importance.LOW,
                        "Converter of keys; the worker's key.converter when unset.", COMMON_GROUP, 4, Width.SHORT,
                        "Key converter class")
                .define(VALUE_CONVERTER, Type.STRING, null, Importance.LOW,
                        "Converter of values; the worker's value.converter when unset.", COMMON_GROUP, 5, Width.SHORT,
                        "Value converter class")
                .define(HEADER_CONVERTER, Type.STRING, null, Importance.LOW,
                        "Converter of header values; the worker's header.converter when unset.", COMMON_GROUP, 6,
                        Width.SHORT, "Header converter class")
                .define(TRANSFORMS, Type.LIST, "", aliasesUnique(), Importance.LOW,
                        "Aliases of the transformations applied to records, in order.", TRANSFORMS_GROUP, 7,
                        Width.LONG, "Transforms")
                .define(PREDICATES, Type.LIST, "", aliasesUnique(), Importance.LOW,
                        "Aliases of the predicates transformations may be conditioned on.", PREDICATES_GROUP, 8,
                        Width.LONG, "Predicates")
                .define(ERRORS_RETRY_TIMEOUT, Type.LONG, 0L, Importance.MEDIUM,
                        "How long a failed operation is retried (ms); 0 no retries, -1 forever.", ERROR_GROUP, 1,
                        Width.MEDIUM, "Retry Timeout for Errors")
                .define(ERRORS_RETRY_MAX_DELAY, Type.LONG, 60_000L, Importance.MEDIUM,
                        "The longest wait between retries (ms).", ERROR_GROUP, 2, Width.MEDIUM,
                        "Maximum Delay Between Retries for Errors")
                .define(ERRORS_TOLERANCE, Type.STRING, "none", ConfigDef.ValidString.in("none", "all"),
                        Importance.MEDIUM, "none: an error fails the task; all: records in error are skipped.",
                        ERROR_GROUP, 3, Width.SHORT, "Error Tolerance")
                .define(ERRORS_LOG_ENABLE, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Whether each error and the failed operation are logged.", ERROR_GROUP, 4, Width.SHORT,
                        "Log Errors")
                .define(ERRORS_LOG_MESSAGES, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Whether the record in error is logged too.", ERROR_GROUP, 5, Width.SHORT,
                        "Log Error Details");
        if (sink) {
            def.define(TOPICS, Type.LIST, "", Importance.HIGH, "Topics to consume.", COMMON_GROUP, 4, Width.LONG,
                            "Topics")
                    .define(TOPICS_REGEX, Type.STRING, "", Importance.HIGH, "Pattern of topics to consume.",
                            COMMON_GROUP, 4, Width.LONG, "Topics regex")
                    .define(DLQ_TOPIC, Type.STRING, "", Importance.MEDIUM,
                            "Topic records in error go to (errors.tolerance=all).", ERROR_GROUP, 6, Width.MEDIUM,
                            "Dead Letter Queue Topic Name")
                    .define(DLQ_REPLICATION_FACTOR, Type.SHORT, (short) 3, Importance.MEDIUM,
                            "Replication factor of the dead letter queue topic when it is created.", ERROR_GROUP, 7,
                            Width.MEDIUM, "Dead Letter Queue Topic Replication Factor")
                    .define(DLQ_CONTEXT_HEADERS, Type.BOOLEAN, false, Importance.MEDIUM,
                            "Whether records in the dead letter queue carry headers saying what failed.", ERROR_GROUP,
                            8, Width.MEDIUM, "Enable Error Context Headers");
        } else {
            defineExactlyOnce(def);
        }
        return def;
    }

    /** Apache's source connector settings of KIP-618, with its names, defaults, validators and groups. */
    private static void defineExactlyOnce(ConfigDef def) {
        ConfigDef.Range atLeastZero = ConfigDef.Range.atLeast(0);
        def.define(EXACTLY_ONCE_SUPPORT, Type.STRING, "requested",
                        ConfigDef.CaseInsensitiveValidString.in("requested", "required"), Importance.MEDIUM,
                        "Permitted values are requested, required. If set to \"required\", forces a preflight check "
                                + "for the connector to ensure that it can provide exactly-once semantics with the "
                                + "given configuration; the worker must have exactly-once source support enabled.",
                        EXACTLY_ONCE_GROUP, 1, Width.SHORT, "Exactly once support")
                .define(TRANSACTION_BOUNDARY, Type.STRING, "poll",
                        ConfigDef.CaseInsensitiveValidString.in("poll", "interval", "connector"), Importance.MEDIUM,
                        "Permitted values are: poll, interval, connector. 'poll': a transaction per batch of records "
                                + "the task returns; 'interval': a transaction per transaction.boundary.interval.ms; "
                                + "'connector': the task defines them through its TransactionContext.",
                        EXACTLY_ONCE_GROUP, 2, Width.SHORT, "Transaction Boundary")
                .define(TRANSACTION_BOUNDARY_INTERVAL_MS, Type.LONG, null,
                        ConfigDef.LambdaValidator.with((name, value) -> {
                            if (value != null) {
                                atLeastZero.ensureValid(name, value);
                            }
                        }, atLeastZero::toString), Importance.LOW,
                        "With transaction.boundary=interval, how often tasks commit their transaction; unset: the "
                                + "worker's offset.flush.interval.ms.",
                        EXACTLY_ONCE_GROUP, 3, Width.SHORT, "Transaction boundary interval")
                .define(OFFSETS_STORAGE_TOPIC, Type.STRING, null, new ConfigDef.NonEmptyString(), Importance.LOW,
                        "The name of a separate offsets topic for this connector (created if missing); unset: the "
                                + "worker's offset.storage.topic. Distributed mode only.",
                        OFFSETS_TOPIC_GROUP, 1, Width.LONG, "Offsets topic");
    }

    private static ConfigDef.Validator aliasesUnique() {
        return (name, value) -> {
            @SuppressWarnings("unchecked")
            List<String> aliases = (List<String>) value;
            if (aliases != null && aliases.size() > aliases.stream().distinct().count()) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, "Duplicate alias provided.");
            }
        };
    }

    private final Map<String, String> originals;

    /**
     * Converter classes are held as names (STRING, where Kafka says CLASS): the worker loads them through the
     * connector's plugin loader and maps Apache's class names to ours, which a plain class lookup would not.
     */
    public ConnectorConfig(Map<String, String> props, boolean sink) {
        super(definition(sink), props, false);
        this.originals = Map.copyOf(props);
    }

    public String name() {
        return getString(NAME);
    }

    public Map<String, String> originalStrings() {
        return originals;
    }

    /** Settings under {@code prefix}, the prefix removed (a transform's, a predicate's, a client override's). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new HashMap<>();
        originals.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** A source connector's {@code transaction.boundary}. */
    public SourceTask.TransactionBoundary transactionBoundary() {
        return SourceTask.TransactionBoundary.fromProperty(getString(TRANSACTION_BOUNDARY));
    }

    /** {@code transaction.boundary.interval.ms}, or null when unset. */
    public Long transactionBoundaryIntervalMs() {
        return getLong(TRANSACTION_BOUNDARY_INTERVAL_MS);
    }

    /** A source connector's own {@code offsets.storage.topic}, or null. */
    public String offsetsTopic() {
        String t = getString(OFFSETS_STORAGE_TOPIC);
        return t == null || t.isBlank() ? null : t.trim();
    }

    public boolean toleratesAll() {
        return "all".equals(getString(ERRORS_TOLERANCE));
    }
}
