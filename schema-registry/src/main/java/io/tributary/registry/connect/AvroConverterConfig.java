package io.tributary.registry.connect;

import io.tributary.registry.serde.SerdeConfig;
import io.tributary.registry.serde.SubjectNameStrategy;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@link AvroConverter}'s settings, under the names of Confluent's converter (a Connect worker passes them with
 * the {@code key.converter.} / {@code value.converter.} prefix taken off). The registry settings are the
 * serializers' ({@link SerdeConfig}).
 */
record AvroConverterConfig(List<String> urls, String basicUserInfo, boolean autoRegister, boolean useLatestVersion,
                           boolean latestCompatibilityStrict, boolean normalize, SubjectNameStrategy strategy,
                           int cacheSize, ConnectAvroData.Options mapping, javax.net.ssl.SSLContext tls) {

    static final String URL = "schema.registry.url";
    static final String AUTH_SOURCE = "basic.auth.credentials.source";
    static final String AUTH_USER_INFO = "basic.auth.user.info";
    static final String AUTH_USER_INFO_ALIAS = "schema.registry.basic.auth.user.info";
    static final String AUTO_REGISTER = "auto.register.schemas";
    static final String USE_LATEST = "use.latest.version";
    static final String LATEST_STRICT = "latest.compatibility.strict";
    static final String NORMALIZE = "normalize.schemas";
    static final String KEY_STRATEGY = "key.subject.name.strategy";
    static final String VALUE_STRATEGY = "value.subject.name.strategy";
    static final String CACHE_SIZE = "schemas.cache.config";
    static final String CONNECT_META_DATA = "connect.meta.data";
    static final String ENHANCED = "enhanced.avro.schema.support";
    static final String SCRUB = "scrub.invalid.names";
    static final String IGNORE_DEFAULT_FOR_NULLABLES = "ignore.default.for.nullables";

    static AvroConverterConfig from(Map<String, ?> configs, boolean isKey) {
        SerdeConfig serde = SerdeConfig.from(configs, isKey);
        int cacheSize;
        try {
            cacheSize = Integer.parseInt(string(configs, CACHE_SIZE, "1000").trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(CACHE_SIZE, configs.get(CACHE_SIZE), "not a number");
        }
        if (cacheSize < 1) {
            throw new ConfigException(CACHE_SIZE, cacheSize, "must be at least 1");
        }
        return new AvroConverterConfig(serde.urls(), serde.basicUserInfo(), serde.autoRegister(),
                serde.useLatestVersion(), bool(configs, LATEST_STRICT, true), serde.normalize(), serde.strategy(),
                cacheSize, new ConnectAvroData.Options(bool(configs, CONNECT_META_DATA, true),
                        bool(configs, ENHANCED, false), bool(configs, SCRUB, false),
                        bool(configs, IGNORE_DEFAULT_FOR_NULLABLES, false)), serde.tls());
    }

    /** What the converter reads, for Connect's plugin listing and validation. */
    static ConfigDef configDef() {
        return new ConfigDef()
                .define(URL, ConfigDef.Type.LIST, ConfigDef.Importance.HIGH,
                        "Comma-separated URLs of the schema registry (tried in order)")
                .define(AUTH_SOURCE, ConfigDef.Type.STRING, "URL", ConfigDef.Importance.MEDIUM,
                        "Where basic-auth credentials come from: URL (user:password@host) or USER_INFO")
                .define(AUTH_USER_INFO, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.MEDIUM,
                        "user:password, with basic.auth.credentials.source=USER_INFO")
                .define(AUTO_REGISTER, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.MEDIUM,
                        "Register the schema of written data (else look it up; unknown schemas fail)")
                .define(USE_LATEST, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW,
                        "Write with the subject's latest schema")
                .define(LATEST_STRICT, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
                        "With use.latest.version: fail unless the latest schema can read the data's own schema")
                .define(NORMALIZE, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW,
                        "Ask the registry to normalize schemas")
                .define(KEY_STRATEGY, ConfigDef.Type.STRING, "TopicNameStrategy", ConfigDef.Importance.MEDIUM,
                        "Subject of key schemas: TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy")
                .define(VALUE_STRATEGY, ConfigDef.Type.STRING, "TopicNameStrategy", ConfigDef.Importance.MEDIUM,
                        "Subject of value schemas: TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy")
                .define(CACHE_SIZE, ConfigDef.Type.INT, 1000, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                        "How many Connect schemas' translations are kept")
                .define(CONNECT_META_DATA, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
                        "Write Connect's names, versions, docs, defaults and parameters as connect.* properties")
                .define(ENHANCED, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW,
                        "Avro enums keep their full names as Connect schema names (and get them back)")
                .define(SCRUB, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW,
                        "Replace characters Avro does not allow in names with _")
                .define(IGNORE_DEFAULT_FOR_NULLABLES, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW,
                        "A null in an optional field stays null instead of becoming its default");
    }

    private static String string(Map<String, ?> configs, String key, String fallback) {
        Object v = configs.get(key);
        if (v instanceof org.apache.kafka.common.config.types.Password p) {
            return p.value();
        }
        return v == null ? fallback : v.toString();
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : Boolean.parseBoolean(v.toString().trim());
    }
}
