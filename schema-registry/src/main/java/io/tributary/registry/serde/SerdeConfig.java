package io.tributary.registry.serde;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** The serializers' settings, under Confluent's names. */
record SerdeConfig(List<String> urls, String basicUserInfo, boolean autoRegister, boolean useLatestVersion,
                   boolean normalize, SubjectNameStrategy strategy, boolean specificReader) {

    static SerdeConfig from(Map<String, ?> configs, boolean isKey) {
        Object url = configs.get("schema.registry.url");
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("schema.registry.url", url, "the schema registry's URL is required");
        }
        List<String> urls = url instanceof List<?> list ? list.stream().map(Object::toString).toList()
                : Arrays.stream(url.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String source = string(configs, "basic.auth.credentials.source", "URL");
        String userInfo = "USER_INFO".equalsIgnoreCase(source) ? string(configs, "basic.auth.user.info", null) : null;
        if (userInfo == null && !urls.isEmpty()) {
            String first = urls.get(0);
            int at = first.indexOf('@');
            int scheme = first.indexOf("://");
            if (at > 0 && scheme > 0 && at > scheme) {   // http://user:password@host
                userInfo = first.substring(scheme + 3, at);
                urls = urls.stream().map(u -> u.replaceFirst("://[^@/]*@", "://")).toList();
            }
        }
        String strategyKey = isKey ? "key.subject.name.strategy" : "value.subject.name.strategy";
        SubjectNameStrategy strategy;
        try {
            strategy = SubjectNameStrategy.fromConfig(string(configs, strategyKey, null));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(strategyKey, configs.get(strategyKey), e.getMessage());
        }
        return new SerdeConfig(urls, userInfo, bool(configs, "auto.register.schemas", true),
                bool(configs, "use.latest.version", false), bool(configs, "normalize.schemas", false), strategy,
                bool(configs, "specific.avro.reader", false));
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
