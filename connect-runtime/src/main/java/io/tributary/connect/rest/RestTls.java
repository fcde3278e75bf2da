package io.tributary.connect.rest;

import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS of the REST API under Kafka Connect's names: the server side of {@code https} listeners, and the worker's own
 * calls to other workers (forwarded requests, zombie fencing). The settings are the worker's
 * {@code listeners.https.ssl.*} when any of them is given, else its {@code ssl.*} — all or nothing, as Apache's
 * worker reads them. Key and trust stores are loaded by kafka-clients' own {@link DefaultSslEngineFactory} (JKS,
 * PKCS12, PEM), so every {@code ssl.*} setting means what it means to a Kafka client; {@code ssl.client.auth}
 * ({@code none}, {@code requested}, {@code required}) asks https clients for a certificate.
 */
public final class RestTls {

    static final String LISTENER_PREFIX = "listeners.https.";
    private static final String CLIENT_AUTH = "ssl.client.auth";
    private static final ConfigDef SSL_SETTINGS = new ConfigDef().withClientSslSupport();

    private final String origin;
    private final Map<String, Object> settings;
    private final String clientAuth;
    private final boolean configured;
    private volatile SSLContext context;

    private RestTls(String origin, Map<String, Object> settings, String clientAuth, boolean configured) {
        this.origin = origin;
        this.settings = settings;
        this.clientAuth = clientAuth;
        this.configured = configured;
    }

    /** The worker's REST TLS settings; nothing is loaded until a listener or a call needs it. */
    public static RestTls fromWorkerConfig(Map<String, ?> props) {
        Map<String, Object> prefixed = new HashMap<>();
        Map<String, Object> plain = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(LISTENER_PREFIX + "ssl.")) {
                prefixed.put(key.substring(LISTENER_PREFIX.length()), value);
            } else if (key.startsWith("ssl.")) {
                plain.put(key, value);
            }
        });
        boolean usePrefixed = !prefixed.isEmpty();
        Map<String, Object> chosen = usePrefixed ? prefixed : plain;
        String origin = usePrefixed ? LISTENER_PREFIX : "";
        Object auth = chosen.get(CLIENT_AUTH);
        String clientAuth = auth == null ? "none" : auth.toString().trim().toLowerCase(Locale.ROOT);
        if (!List.of("none", "requested", "required").contains(clientAuth)) {
            throw new ConfigException(origin + CLIENT_AUTH, auth, "must be one of none, requested, required");
        }
        Map<String, Object> parsed;
        try {
            parsed = SSL_SETTINGS.parse(chosen);
        } catch (ConfigException e) {
            throw new ConfigException("Invalid REST TLS setting (" + origin + "ssl.*): " + e.getMessage());
        }
        return new RestTls(origin, parsed, clientAuth, !chosen.isEmpty());
    }

    /** No TLS settings: https calls trust the JDK's CAs; an https listener cannot start. */
    public static RestTls none() {
        return fromWorkerConfig(Map.of());
    }

    /** The TLS of an https listener; fails with a {@link ConfigException} naming what is missing or wrong. */
    SslContextFactory.Server server() {
        if (settings.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) == null
                && settings.get(SslConfigs.SSL_KEYSTORE_KEY_CONFIG) == null) {
            throw new ConfigException(origin + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, null,
                    "an https REST listener needs a key store (" + origin + "ssl.keystore.location, or the PEM "
                            + origin + "ssl.keystore.key and " + origin + "ssl.keystore.certificate.chain)");
        }
        SslContextFactory.Server server = new SslContextFactory.Server();
        server.setSslContext(context());
        server.setNeedClientAuth(clientAuth.equals("required"));
        server.setWantClientAuth(clientAuth.equals("requested"));
        @SuppressWarnings("unchecked")
        List<String> protocols = (List<String>) settings.get(SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG);
        if (protocols != null && !protocols.isEmpty()) {
            server.setIncludeProtocols(protocols.toArray(String[]::new));
        }
        @SuppressWarnings("unchecked")
        List<String> ciphers = (List<String>) settings.get(SslConfigs.SSL_CIPHER_SUITES_CONFIG);
        if (ciphers != null && !ciphers.isEmpty()) {
            server.setIncludeCipherSuites(ciphers.toArray(String[]::new));
        }
        server.setEndpointIdentificationAlgorithm(null);   // the client checks the server's name, not the reverse
        return server;
    }

    /** An HTTP client builder for calls to other workers: trusts the configured trust store, else the JDK's CAs. */
    public HttpClient.Builder httpClient() {
        HttpClient.Builder builder = HttpClient.newBuilder();
        return configured ? builder.sslContext(context()) : builder;
    }

    private SSLContext context() {
        SSLContext c = context;
        if (c == null) {
            synchronized (this) {
                if (context == null) {
                    context = load();
                }
                c = context;
            }
        }
        return c;
    }

    private SSLContext load() {
        try (DefaultSslEngineFactory factory = new DefaultSslEngineFactory()) {
            factory.configure(settings);
            return factory.sslContext();
        } catch (KafkaException e) {
            throw new ConfigException("Cannot set up the REST API's TLS from " + origin + "ssl.*: " + e.getMessage());
        }
    }
}
