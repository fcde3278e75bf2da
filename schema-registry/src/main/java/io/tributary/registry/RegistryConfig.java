package io.tributary.registry;

import io.tributary.registry.state.CompatibilityLevel;
import io.tributary.registry.tls.TlsSettings;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * The registry's settings, under Confluent's names; a bad value fails with a message naming the key.
 *
 * @param listener          {@code listeners}: the HTTP address served (default {@code http://0.0.0.0:8081})
 * @param bootstrap         {@code kafkastore.bootstrap.servers}
 * @param topic             {@code kafkastore.topic} ({@code _schemas})
 * @param replicationFactor {@code kafkastore.topic.replication.factor} (3; at most the brokers there are)
 * @param timeoutMs         {@code kafkastore.timeout.ms} (500): how long a write waits for the store
 * @param initTimeoutMs     {@code kafkastore.init.timeout.ms} (60000): creating and reading the topic on start
 * @param compatibility     {@code schema.compatibility.level} (backward): the level where none is set
 * @param groupId           {@code schema.registry.group.id} (schema-registry): instances of one registry share it
 * @param hostName          {@code host.name}: how other instances reach this one (default: the listener's host)
 * @param leaderEligible    {@code leader.eligibility} (true): whether this instance may become the writer
 * @param maxBodyBytes      {@code request.max.bytes} (16 MiB): larger request bodies get 413
 * @param sessionTimeoutMs  {@code session.timeout.ms} (10000): an instance silent this long leaves the group, and
 *                          another writer is elected if it was the writer
 * @param tls               the HTTPS listener's TLS ({@code ssl.*}, Confluent's names), null for http
 * @param authentication    HTTP basic authentication ({@code authentication.method=BASIC}), or null
 * @param kafkaSecurity     how the registry's Kafka clients authenticate, under Confluent's names:
 *                          {@code kafkastore.security.protocol}, {@code kafkastore.sasl.*}, {@code kafkastore.ssl.*}
 *                          (passed to the clients without the {@code kafkastore.} prefix)
 */
public record RegistryConfig(URI listener, String bootstrap, String topic, int replicationFactor, long timeoutMs,
                             long initTimeoutMs, CompatibilityLevel compatibility, String groupId, String hostName,
                             boolean leaderEligible, int maxBodyBytes, int sessionTimeoutMs,
                             Map<String, String> kafkaSecurity, TlsSettings tls,
                             io.tributary.registry.rest.BasicAuthentication authentication) {

    /** The settings of {@code props} that say how Kafka clients authenticate, as the clients name them. */
    private static Map<String, String> kafkaSecurity(Map<String, String> props) {
        Map<String, String> out = new java.util.TreeMap<>();
        props.forEach((key, value) -> {
            if (key.equals("kafkastore.security.protocol") || key.startsWith("kafkastore.sasl.")
                    || key.startsWith("kafkastore.ssl.")) {
                out.put(key.substring("kafkastore.".length()), value);
            }
        });
        return Map.copyOf(out);
    }

    private static io.tributary.registry.rest.BasicAuthentication authentication(Map<String, String> props) {
        try {
            return io.tributary.registry.rest.BasicAuthentication.from(props);
        } catch (IllegalArgumentException e) {
            throw invalid("authentication.method", props.get("authentication.method"), e.getMessage());
        }
    }

    /** What the registry's Kafka clients connect with: the bootstrap servers and the security settings. */
    public Map<String, Object> kafkaConnection() {
        Map<String, Object> out = new java.util.HashMap<>(kafkaSecurity);
        out.put("bootstrap.servers", bootstrap);
        return out;
    }

    public static RegistryConfig from(Map<String, String> props) {
        URI listener = listener(props.getOrDefault("listeners", "http://0.0.0.0:8081"));
        String bootstrap = props.get("kafkastore.bootstrap.servers");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("kafkastore.bootstrap.servers is required: the Kafka cluster that "
                    + "holds the _schemas topic, e.g. localhost:9092");
        }
        String levelName = props.getOrDefault("schema.compatibility.level",
                props.getOrDefault("avro.compatibility.level", "backward"));
        CompatibilityLevel level = CompatibilityLevel.fromName(levelName).orElseThrow(() -> invalid(
                "schema.compatibility.level", levelName, "must be one of none, backward, backward_transitive, "
                        + "forward, forward_transitive, full, full_transitive"));
        String host = props.getOrDefault("host.name", listener.getHost().equals("0.0.0.0") ? "localhost"
                : listener.getHost());
        return new RegistryConfig(listener, bootstrap.trim(), props.getOrDefault("kafkastore.topic", "_schemas"),
                (int) positive(props, "kafkastore.topic.replication.factor", 3),
                positive(props, "kafkastore.timeout.ms", 500),
                positive(props, "kafkastore.init.timeout.ms", 60_000), level,
                props.getOrDefault("schema.registry.group.id", "schema-registry"), host,
                bool(props, "leader.eligibility", true),
                (int) positive(props, "request.max.bytes", 16 * 1024 * 1024),
                (int) positive(props, "session.timeout.ms", 10_000), kafkaSecurity(props),
                listener.getScheme().equalsIgnoreCase("https") ? TlsSettings.of("ssl.", props) : null,
                authentication(props));
    }

    /** The URL other instances forward writes to. */
    public String advertisedUrl(int boundPort) {
        return listener.getScheme() + "://" + hostName + ":" + boundPort;
    }

    private static URI listener(String value) {
        String first = value.split(",")[0].trim();
        try {
            URI uri = URI.create(first);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw invalid("listeners", value, "must look like http://host:port or https://host:port");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Invalid value")) {
                throw e;
            }
            throw invalid("listeners", value, "must look like http://host:port");
        }
    }

    private static long positive(Map<String, String> props, String key, long fallback) {
        String s = props.get(key);
        if (s == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(s.trim());
            if (v > 0 && v <= Integer.MAX_VALUE) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(key, s, "must be a positive whole number");
    }

    private static boolean bool(Map<String, String> props, String key, boolean fallback) {
        String s = props.get(key);
        if (s == null) {
            return fallback;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, s, "must be true or false");
        };
    }

    private static IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException("Invalid value " + value + " for configuration " + key + ": " + why);
    }
}
