package io.tributary.broker.security;

import io.tributary.broker.network.ListenerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * How this broker connects, as a client, to the inter-broker listener of another node (replica fetchers, the
 * controller channel, inter-broker requests; the bundled registry and Connect worker through
 * {@link #kafkaClientProperties()}), with Kafka's settings for it: TLS from the listener's {@code ssl.*} (its trust
 * store; its key store, if any, as client certificate; {@code ssl.endpoint.identification.algorithm}, https by
 * default), SASL with {@code sasl.mechanism.inter.broker.protocol} (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512) as the
 * {@code username}/{@code password} of that mechanism's JAAS entry on the listener
 * ({@code listener.name.<l>.<mechanism>.sasl.jaas.config}, else the JAAS file's {@code KafkaServer} section).
 */
public final class InterBrokerSecurity {

    public static final String MECHANISM_KEY = "sasl.mechanism.inter.broker.protocol";

    private static final InterBrokerSecurity PLAINTEXT = new InterBrokerSecurity(SecurityProtocol.PLAINTEXT, null,
            null, null, null, null, Map.of());
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");
    private static final List<String> CLIENT_SSL_KEYS = List.of("ssl.keystore.location", "ssl.keystore.type",
            "ssl.keystore.password", "ssl.key.password", "ssl.keystore.key", "ssl.keystore.certificate.chain",
            "ssl.truststore.location", "ssl.truststore.type", "ssl.truststore.password",
            "ssl.truststore.certificates", "ssl.enabled.protocols", "ssl.cipher.suites",
            "ssl.endpoint.identification.algorithm");

    private final SecurityProtocol protocol;
    private final SSLContext tls;
    private final String endpointIdentification;
    private final String mechanism;
    private final String user;
    private final String password;
    private final Map<String, String> sslSettings;
    private final SecureRandom random = new SecureRandom();

    private InterBrokerSecurity(SecurityProtocol protocol, SSLContext tls, String endpointIdentification,
                                String mechanism, String user, String password, Map<String, String> sslSettings) {
        this.protocol = protocol;
        this.tls = tls;
        this.endpointIdentification = endpointIdentification;
        this.mechanism = mechanism;
        this.user = user;
        this.password = password;
        this.sslSettings = sslSettings;
    }

    /** Plain TCP, no login: a PLAINTEXT inter-broker listener. */
    public static InterBrokerSecurity plaintext() {
        return PLAINTEXT;
    }

    /**
     * The security of connections to {@code listener} (the inter-broker listener), checked now:
     * {@link IllegalArgumentException} names the setting that is missing or wrong.
     */
    public static InterBrokerSecurity forListener(ListenerConfig listener, Map<String, String> brokerProps) {
        SecurityProtocol protocol = listener.protocol();
        if (protocol == SecurityProtocol.PLAINTEXT) {
            return PLAINTEXT;
        }
        boolean usesTls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
        boolean usesSasl = protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
        SSLContext tls = usesTls ? SslContexts.client(listener) : null;
        Map<String, String> ssl = new LinkedHashMap<>();
        if (usesTls) {
            CLIENT_SSL_KEYS.forEach(k -> {
                String v = listener.get(k);
                if (v != null) {
                    ssl.put(k, v);
                }
            });
        }
        String endpoint = listener.get("ssl.endpoint.identification.algorithm", "https").trim();
        if (!usesSasl) {
            return new InterBrokerSecurity(protocol, tls, endpoint, null, null, null, Map.copyOf(ssl));
        }
        String mechanism = brokerProps.getOrDefault(MECHANISM_KEY, "").trim().toUpperCase(Locale.ROOT);
        String loginModule = LOGIN_MODULES.get(mechanism);
        if (loginModule == null) {
            throw new IllegalArgumentException(MECHANISM_KEY + " must name the SASL mechanism brokers log in to the "
                    + listener.name() + " listener with: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (Kafka's default,"
                    + " GSSAPI, is not offered)" + (mechanism.isEmpty() ? "" : ", not " + mechanism));
        }
        List<String> enabled = Arrays.stream(listener.get("sasl.enabled.mechanisms", "").split(","))
                .map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
        if (!enabled.contains(mechanism)) {
            throw new IllegalArgumentException(MECHANISM_KEY + "=" + mechanism + " is not enabled on the inter-broker"
                    + " listener " + listener.name() + " (sasl.enabled.mechanisms=" + String.join(",", enabled) + ")");
        }
        Map<String, ?> login = loginOptions(listener, mechanism, loginModule);
        Object name = login.get("username");
        Object secret = login.get("password");
        if (name == null || secret == null) {
            throw new IllegalArgumentException("the " + mechanism + " JAAS entry of the inter-broker listener "
                    + listener.name() + " needs username=\"...\" password=\"...\": who this broker logs in as");
        }
        return new InterBrokerSecurity(protocol, tls, endpoint, mechanism, name.toString(), secret.toString(),
                Map.copyOf(ssl));
    }

    private static Map<String, ?> loginOptions(ListenerConfig listener, String mechanism, String loginModule) {
        String key = listener.prefix() + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config";
        String text = listener.properties().get(key);
        if (text != null) {
            try {
                return JaasConfig.parse(text).options();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
        }
        return StaticJaasFile.kafkaServerEntry(listener.name(), loginModule).map(StaticJaasFile.Entry::options)
                .orElseThrow(() -> new IllegalArgumentException("brokers log in to the inter-broker listener "
                        + listener.name() + " with " + mechanism + ", but " + key + " is not set and no JAAS file has "
                        + "a " + StaticJaasFile.sections(listener.name()) + " section with " + loginModule));
    }

    /** Connects to {@code address} within {@code timeoutMs} (every later read must also come within it). */
    public Socket open(InetSocketAddress address, int timeoutMs) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(address, timeoutMs);
            plain.setSoTimeout(timeoutMs);
            if (tls == null) {
                return plain;
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, address.getHostString(),
                    address.getPort(), true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(endpointIdentification.isEmpty() ? null
                    : endpointIdentification);
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return secure;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** The SASL mechanism to log in with, or empty for none (PLAINTEXT, SSL). */
    public Optional<String> saslMechanism() {
        return Optional.ofNullable(mechanism);
    }

    /** A fresh login (one per connection and per re-authentication); only when {@link #saslMechanism()} is set. */
    public SaslClientMechanism newLogin() {
        if (mechanism == null) {
            throw new IllegalStateException("no SASL on a " + protocol + " inter-broker listener");
        }
        return SaslClientMechanism.of(mechanism, user, password, random);
    }

    /**
     * The same connection settings for a kafka-clients client (the bundled registry's and Connect worker's):
     * {@code security.protocol}, {@code ssl.*}, {@code sasl.mechanism} and {@code sasl.jaas.config}.
     */
    public Map<String, String> kafkaClientProperties() {
        Map<String, String> out = new LinkedHashMap<>(sslSettings);
        out.put("security.protocol", protocol.name());
        if (mechanism != null) {
            out.put("sasl.mechanism", mechanism);
            out.put("sasl.jaas.config", LOGIN_MODULES.get(mechanism) + " required username=\"" + quoted(user)
                    + "\" password=\"" + quoted(password) + "\";");
        }
        return out;
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return protocol + (mechanism == null ? "" : " " + mechanism + " as " + user);
    }
}
