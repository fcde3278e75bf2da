package io.tributary.registry.serde;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The registry settings every serializer (and the Connect converter) reads, under Confluent's names:
 * {@code schema.registry.url} (comma-separated, tried in order; {@code user:password@} in it is taken as basic-auth
 * credentials), {@code basic.auth.credentials.source} ({@code URL} or {@code USER_INFO} with
 * {@code basic.auth.user.info}), {@code auto.register.schemas}, {@code use.latest.version},
 * {@code normalize.schemas}, {@code key|value.subject.name.strategy}, {@code specific.avro.reader},
 * {@code schema.registry.ssl.*} (an https registry's truststore, and keystore for mutual TLS).
 */
public record SerdeConfig(List<String> urls, String basicUserInfo, boolean autoRegister, boolean useLatestVersion,
                          boolean normalize, SubjectNameStrategy strategy, boolean specificReader,
                          javax.net.ssl.SSLContext tls) {

    public static SerdeConfig from(Map<String, ?> configs, boolean isKey) {
        Object url = configs.get("schema.registry.url");
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("schema.registry.url", url, "the schema registry's URL is required");
        }
        List<String> urls = url instanceof List<?> list ? list.stream().map(Object::toString).toList()
                : Arrays.stream(url.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String source = string(configs, "basic.auth.credentials.source", "URL").trim().toUpperCase(Locale.ROOT);
        String userInfo = null;
        switch (source) {
            case "USER_INFO" -> {
                userInfo = string(configs, "basic.auth.user.info",
                        string(configs, "schema.registry.basic.auth.user.info", null));
                if (userInfo == null || userInfo.isEmpty()) {
                    throw new ConfigException("basic.auth.user.info", null,
                            "required when basic.auth.credentials.source=USER_INFO");
                }
            }
            case "URL" -> {
            }
            default -> throw new ConfigException("basic.auth.credentials.source", source, "supported: URL "
                    + "(credentials in the URL, the default) and USER_INFO (basic.auth.user.info)");
        }
        if (userInfo == null && !urls.isEmpty()) {
            String first = urls.get(0);
            int at = first.indexOf('@');
            int scheme = first.indexOf("://");
            if (at > 0 && scheme > 0 && at > scheme) {   // http://user:password@host
                userInfo = first.substring(scheme + 3, at);
            }
        }
        urls = urls.stream().map(u -> u.replaceFirst("://[^@/]*@", "://")).toList();
        String strategyKey = isKey ? "key.subject.name.strategy" : "value.subject.name.strategy";
        SubjectNameStrategy strategy;
        try {
            strategy = SubjectNameStrategy.fromConfig(string(configs, strategyKey, null));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(strategyKey, configs.get(strategyKey), e.getMessage());
        }
        return new SerdeConfig(urls, userInfo, bool(configs, "auto.register.schemas", true),
                bool(configs, "use.latest.version", false), bool(configs, "normalize.schemas", false), strategy,
                bool(configs, "specific.avro.reader", false), tls(configs));
    }

    /**
     * The registry client's TLS from {@code schema.registry.ssl.truststore.*} / {@code .keystore.*} (Confluent's
     * names), or null: the JDK's defaults for an {@code https} URL.
     */
    static javax.net.ssl.SSLContext tls(Map<String, ?> configs) {
        Map<String, String> strings = new java.util.HashMap<>();
        configs.forEach((k, v) -> {
            if (k.startsWith("schema.registry.ssl.") && v != null) {
                strings.put(k, string(configs, k, null));
            }
        });
        io.tributary.registry.tls.TlsSettings settings = io.tributary.registry.tls.TlsSettings.of(
                "schema.registry.ssl.", strings);
        try {
            return settings.configured() ? settings.client() : null;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("schema.registry.ssl.*", null, e.getMessage());
        }
    }

    private static String string(Map<String, ?> configs, String key, String fallback) {
        Object v = configs.get(key);
        if (v instanceof org.apache.kafka.common.config.types.Password p) {
            return p.value();   // a Connect worker hands PASSWORD-typed settings over as Password
        }
        return v == null ? fallback : v.toString();
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : Boolean.parseBoolean(v.toString().trim());
    }
}
