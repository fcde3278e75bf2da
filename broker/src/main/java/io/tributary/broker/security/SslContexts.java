package io.tributary.broker.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tributary.broker.network.ListenerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a TLS listener's server context from Kafka's settings, read per listener: {@code ssl.keystore.location},
 * {@code .type} (JKS by default, as Kafka; PKCS12; or PEM — a file holding the PKCS#8 key and the certificate chain,
 * or the same inline in {@code ssl.keystore.key} and {@code ssl.keystore.certificate.chain}), {@code .password},
 * {@code ssl.key.password}; {@code ssl.truststore.*} (the CAs client certificates must chain to; PEM: a file of
 * certificates or {@code ssl.truststore.certificates}); {@code ssl.client.auth}
 * (none, requested, required); {@code ssl.enabled.protocols} (TLSv1.2,TLSv1.3) and {@code ssl.cipher.suites}.
 * A missing or unreadable store fails startup with the key to fix.
 */
public final class SslContexts {

    private SslContexts() {
    }

    /** The listener's server context; {@link IllegalArgumentException} names the setting that is wrong. */
    public static SslContext server(ListenerConfig listener) {
        try {
            return finish(listener, keys(listener, true).clientAuth(clientAuth(listener)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw failure(listener, e);
        }
    }

    /**
     * The context this broker connects to another node's {@code listener} with, as a Kafka broker does for
     * inter-broker traffic: it trusts the listener's trust store (the JDK's CAs without one) and presents the
     * listener's key store, if it has one, to a peer that asks for a client certificate.
     */
    public static SSLContext client(ListenerConfig listener) {
        try {
            SslContext netty = finish(listener, keys(listener, false));
            return ((JdkSslContext) netty).context();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw failure(listener, e);
        }
    }

    private static SslContext finish(ListenerConfig listener, SslContextBuilder builder)
            throws IOException, GeneralSecurityException {
        builder.sslProvider(SslProvider.JDK).protocols(list(listener.get("ssl.enabled.protocols", "TLSv1.2,TLSv1.3")));
        trust(listener, builder);
        String ciphers = listener.get("ssl.cipher.suites");
        if (ciphers != null && !ciphers.isBlank()) {
            builder.ciphers(list(ciphers));
        }
        return builder.build();
    }

    private static IllegalArgumentException failure(ListenerConfig listener, Exception e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof IllegalArgumentException iae && why.startsWith(listener.name())) {
            return iae;
        }
        return new IllegalArgumentException(listener.name() + ": cannot set up TLS: " + why
                + " (check " + listener.prefix() + "ssl.keystore.* / ssl.truststore.* / ssl.key.password)", e);
    }

    /**
     * A builder holding the listener's key and certificate chain, from a key store or PEM: for the server side (a key
     * store is required), or for the client side (optional: none without a key store).
     */
    private static SslContextBuilder keys(ListenerConfig listener, boolean server)
            throws IOException, GeneralSecurityException {
        if (!server && listener.get("ssl.keystore.location") == null && listener.get("ssl.keystore.key") == null) {
            return SslContextBuilder.forClient();
        }
        if (isPem(listener, "ssl.keystore")) {
            // a PEM key is encrypted (ssl.key.password) or not (no password): there is no store password
            String keyPassword = listener.get("ssl.key.password");
            keyPassword = keyPassword == null || keyPassword.isEmpty() ? null : keyPassword;
            String key = listener.get("ssl.keystore.key");
            String chain = listener.get("ssl.keystore.certificate.chain");
            byte[] pem = key != null && chain != null ? null : Files.readAllBytes(readable("ssl.keystore.location",
                    required(listener, "ssl.keystore.location")));
            InputStream chainIn = pem == null ? stream(chain) : new ByteArrayInputStream(pem);
            InputStream keyIn = pem == null ? stream(key) : new ByteArrayInputStream(pem);
            return server ? SslContextBuilder.forServer(chainIn, keyIn, keyPassword)
                    : SslContextBuilder.forClient().keyManager(chainIn, keyIn, keyPassword);
        }
        String keyPassword = listener.get("ssl.key.password", listener.get("ssl.keystore.password"));
        KeyStore keys = load(listener, "ssl.keystore", required(listener, "ssl.keystore.location"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, (keyPassword == null ? "" : keyPassword).toCharArray());
        return server ? SslContextBuilder.forServer(kmf) : SslContextBuilder.forClient().keyManager(kmf);
    }

    /** The CAs the peer's certificate must chain to, if any are configured. */
    private static void trust(ListenerConfig listener, SslContextBuilder builder)
            throws IOException, GeneralSecurityException {
        String inline = listener.get("ssl.truststore.certificates");
        String truststore = listener.get("ssl.truststore.location");
        if (isPem(listener, "ssl.truststore") && inline != null) {
            builder.trustManager(stream(inline));
        } else if (truststore != null && !truststore.isBlank()) {
            if (isPem(listener, "ssl.truststore")) {
                builder.trustManager(new ByteArrayInputStream(Files.readAllBytes(readable(
                        "ssl.truststore.location", truststore))));
            } else {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(listener, "ssl.truststore", truststore));
                builder.trustManager(tmf);
            }
        }
    }

    private static boolean isPem(ListenerConfig listener, String prefix) {
        return "PEM".equalsIgnoreCase(listener.get(prefix + ".type", "JKS").trim());
    }

    private static String required(ListenerConfig listener, String key) {
        String value = listener.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(listener.name() + " uses " + listener.protocol() + " but "
                    + listener.prefix() + key + " (or " + key + ") is not set");
        }
        return value;
    }

    private static Path readable(String key, String location) throws IOException {
        Path path = Path.of(location);
        if (!Files.isReadable(path)) {
            throw new IOException(key + " " + location + " is not a readable file");
        }
        return path;
    }

    private static InputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static KeyStore load(ListenerConfig listener, String prefix, String location)
            throws IOException, GeneralSecurityException {
        String type = listener.get(prefix + ".type", "JKS");
        String password = listener.get(prefix + ".password");
        KeyStore store = KeyStore.getInstance(type.toUpperCase(Locale.ROOT));
        try (InputStream in = Files.newInputStream(readable(prefix + ".location", location))) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    private static ClientAuth clientAuth(ListenerConfig listener) {
        String value = listener.get("ssl.client.auth", "none").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "none" -> ClientAuth.NONE;
            case "requested" -> ClientAuth.OPTIONAL;
            case "required" -> ClientAuth.REQUIRE;
            default -> throw new IllegalArgumentException(listener.name() + ": ssl.client.auth must be none,"
                    + " requested or required, not " + value);
        };
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
