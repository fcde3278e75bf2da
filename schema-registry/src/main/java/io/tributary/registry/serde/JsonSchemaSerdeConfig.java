package io.tributary.registry.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The JSON Schema serdes' settings, under Confluent's names: the common ones ({@link SerdeConfig}) and
 * {@code use.schema.id}, {@code latest.compatibility.strict}, {@code json.fail.invalid.schema},
 * {@code json.fail.unknown.properties}, {@code json.write.dates.iso8601}, {@code json.indent.output},
 * {@code json.default.property.inclusion}, {@code json.key.type}/{@code json.value.type}, {@code type.property};
 * and ours: {@code json.key.schema}/{@code json.value.schema} (or {@code json.schema}), the schema to write with.
 */
record JsonSchemaSerdeConfig(SerdeConfig common, int useSchemaId, boolean latestCompatibilityStrict,
                             boolean validate, String schema, Class<?> type, String typeProperty,
                             ObjectMapper mapper) {

    static JsonSchemaSerdeConfig from(Map<String, ?> configs, boolean isKey) {
        SerdeConfig common = SerdeConfig.from(configs, isKey);
        String side = isKey ? "key" : "value";
        String schema = string(configs, "json." + side + ".schema", string(configs, "json.schema", null));
        if (schema != null && schema.isBlank()) {
            schema = null;
        }
        int useSchemaId;
        try {
            useSchemaId = Integer.parseInt(string(configs, "use.schema.id", "-1").trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("use.schema.id", configs.get("use.schema.id"), "not an integer");
        }
        Class<?> type = type(configs, "json." + side + ".type");
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                bool(configs, "json.fail.unknown.properties", true));
        mapper.configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS,
                !bool(configs, "json.write.dates.iso8601", false));
        mapper.configure(SerializationFeature.INDENT_OUTPUT, bool(configs, "json.indent.output", false));
        String inclusion = string(configs, "json.default.property.inclusion", null);
        if (inclusion != null && !inclusion.isBlank()) {
            try {
                mapper.setDefaultPropertyInclusion(JsonInclude.Include.valueOf(inclusion.trim()
                        .toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("json.default.property.inclusion", inclusion,
                        "one of ALWAYS, NON_NULL, NON_ABSENT, NON_EMPTY, NON_DEFAULT, CUSTOM, USE_DEFAULTS");
            }
        }
        return new JsonSchemaSerdeConfig(common, useSchemaId, bool(configs, "latest.compatibility.strict", true),
                bool(configs, "json.fail.invalid.schema", false), schema, type,
                string(configs, "type.property", "javaType"), mapper);
    }

    /** A class setting given as a class or its name; null when absent. */
    private static Class<?> type(Map<String, ?> configs, String key) {
        Object v = configs.get(key);
        if (v == null || v instanceof Class<?>) {
            return (Class<?>) v;
        }
        String name = v.toString().trim();
        if (name.isEmpty()) {
            return null;
        }
        try {
            return load(name);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, v, "class not found");
        }
    }

    static Class<?> load(String name) throws ClassNotFoundException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return Class.forName(name, true, loader != null ? loader : JsonSchemaSerdeConfig.class.getClassLoader());
    }

    private static String string(Map<String, ?> configs, String key, String fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : v.toString();
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : Boolean.parseBoolean(v.toString().trim());
    }
}
