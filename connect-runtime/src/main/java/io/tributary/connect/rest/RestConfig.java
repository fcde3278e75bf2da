package io.tributary.connect.rest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the REST server needs from the worker's configuration, as plain values.
 *
 * @param listeners               {@code listeners}: where to listen, e.g. {@code http://localhost:8083}
 * @param advertisedHostName      {@code rest.advertised.host.name}, or null: the host other workers and
 *                                {@code Location} use instead of the listener's
 * @param advertisedPort          {@code rest.advertised.port}, or null
 * @param advertisedListener      {@code rest.advertised.listener} (http or https), or null for http
 * @param topicTrackingEnabled    {@code topic.tracking.enable}: {@code /connectors/{name}/topics} is 403 when false
 * @param topicTrackingAllowReset {@code topic.tracking.allow.reset}: {@code .../topics/reset} is 403 when false
 * @param maxBodyBytes            request bodies larger than this are answered 413
 * @param forwardTimeout          how long a request forwarded to the leader waits for its answer
 * @param tls                     https listeners' TLS and that of calls to other workers
 * @param basicAuth               HTTP basic authentication ({@code rest.extension.classes}), or null for none
 */
public record RestConfig(List<String> listeners, String advertisedHostName, Integer advertisedPort,
                         String advertisedListener, boolean topicTrackingEnabled, boolean topicTrackingAllowReset,
                         int maxBodyBytes, Duration forwardTimeout, RestTls tls, BasicAuth basicAuth) {

    /** Kafka Connect's default listener: HTTP on every interface, port 8083. */
    public static final String DEFAULT_LISTENER = "http://:8083";
    public static final int DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** Kafka Connect's REST request timeout, which bounds a forwarded request too. */
    public static final Duration DEFAULT_FORWARD_TIMEOUT = Duration.ofSeconds(90);

    public RestConfig {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new ConfigException("listeners", "", "At least one REST listener is required");
        }
        Objects.requireNonNull(forwardTimeout, "forwardTimeout");
        Objects.requireNonNull(tls, "tls");
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }

    /** Listeners only, everything else at Kafka Connect's defaults. */
    public static RestConfig of(String... listeners) {
        return new RestConfig(List.of(listeners), null, null, null, true, true, DEFAULT_MAX_BODY_BYTES,
                DEFAULT_FORWARD_TIMEOUT, RestTls.none(), null);
    }

    /**
     * Reads the REST settings out of a worker's properties by their Kafka Connect names: {@code listeners}
     * (comma-separated, default {@value #DEFAULT_LISTENER}), {@code rest.advertised.host.name},
     * {@code rest.advertised.port}, {@code rest.advertised.listener}, {@code topic.tracking.enable},
     * {@code topic.tracking.allow.reset} (both default true), TLS ({@link RestTls}) and basic authentication
     * ({@link BasicAuth}).
     */
    public static RestConfig fromWorkerConfig(Map<String, ?> props) {
        List<String> listeners = new ArrayList<>();
        Object raw = props.get("listeners");
        if (raw instanceof List<?> list) {
            list.forEach(l -> addListener(listeners, String.valueOf(l)));
        } else if (raw != null) {
            for (String l : raw.toString().split(",")) {
                addListener(listeners, l);
            }
        }
        if (listeners.isEmpty()) {
            listeners.add(DEFAULT_LISTENER);
        }
        String host = string(props, "rest.advertised.host.name");
        String port = string(props, "rest.advertised.port");
        Integer advertisedPort;
        try {
            advertisedPort = port == null ? null : Integer.valueOf(port);
        } catch (NumberFormatException e) {
            throw new ConfigException("rest.advertised.port", port, "Not a port number");
        }
        return new RestConfig(listeners, host, advertisedPort, string(props, "rest.advertised.listener"),
                bool(props, "topic.tracking.enable", true), bool(props, "topic.tracking.allow.reset", true),
                DEFAULT_MAX_BODY_BYTES, DEFAULT_FORWARD_TIMEOUT, RestTls.fromWorkerConfig(props),
                BasicAuth.fromWorkerConfig(props));
    }

    private static void addListener(List<String> out, String listener) {
        if (!listener.isBlank()) {
            out.add(listener.trim());
        }
    }

    private static String string(Map<String, ?> props, String key) {
        Object v = props.get(key);
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }

    private static boolean bool(Map<String, ?> props, String key, boolean fallback) {
        String v = string(props, key);
        return v == null ? fallback : Boolean.parseBoolean(v);
    }
}
