package io.tributary.broker.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tributary.broker.network.ListenerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a TLS listener's server context from Kafka's settings, read per listener: {@code ssl.keystore.location},
 * {@code .type} (JKS by default, as Kafka; or PKCS12), {@code .password}, {@code ssl.key.password};
 * {@code ssl.truststore.*} (the CAs client certificates must chain to); {@code ssl.client.auth}
 * (none, requested, required); {@code ssl.enabled.protocols} (TLSv1.2,TLSv1.3) and {@code ssl.cipher.suites}.
 * A missing or unreadable store fails startup with the key to fix.
 */
public final class SslContexts {

    private SslContexts() {
    }

    /** The listener's server context; {@link IllegalArgumentException} names the setting that is wrong. */
    public static SslContext server(ListenerConfig listener) {
        String keystore = listener.get("ssl.keystore.location");
        if (keystore == null || keystore.isBlank()) {
            throw new IllegalArgumentException(listener.name() + " uses " + listener.protocol() + " but "
                    + listener.prefix() + "ssl.keystore.location (or ssl.keystore.location) is not set");
        }
        try {
            KeyStore keys = load(listener, "ssl.keystore", keystore);
            String keyPassword = listener.get("ssl.key.password", listener.get("ssl.keystore.password", ""));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keyPassword.toCharArray());
            SslContextBuilder builder = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK)
                    .clientAuth(clientAuth(listener))
                    .protocols(list(listener.get("ssl.enabled.protocols", "TLSv1.2,TLSv1.3")));
            String truststore = listener.get("ssl.truststore.location");
            if (truststore != null && !truststore.isBlank()) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(listener, "ssl.truststore", truststore));
                builder.trustManager(tmf);
            }
            String ciphers = listener.get("ssl.cipher.suites");
            if (ciphers != null && !ciphers.isBlank()) {
                builder.ciphers(list(ciphers));
            }
            return builder.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(listener.name() + ": cannot set up TLS: " + e.getMessage()
                    + " (check " + listener.prefix() + "ssl.keystore.* / ssl.truststore.* / ssl.key.password)", e);
        }
    }

    private static KeyStore load(ListenerConfig listener, String prefix, String location)
            throws IOException, GeneralSecurityException {
        String type = listener.get(prefix + ".type", "JKS");
        String password = listener.get(prefix + ".password");
        KeyStore store = KeyStore.getInstance(type.toUpperCase(Locale.ROOT));
        Path path = Path.of(location);
        if (!Files.isReadable(path)) {
            throw new IOException(prefix + ".location " + location + " is not a readable file");
        }
        try (InputStream in = Files.newInputStream(path)) {
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
