package io.tributary.registry.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS settings under Confluent's names, read under a prefix — {@code ssl.} for the registry's HTTPS listener,
 * {@code schema.registry.ssl.} for a serializer's registry client: {@code keystore.location}, {@code .password},
 * {@code .type} (JKS, as Confluent; PKCS12), {@code key.password}, {@code truststore.*}, and for the listener
 * {@code ssl.client.authentication} (NONE, REQUESTED, REQUIRED; the older {@code ssl.client.auth=true} means
 * REQUIRED), {@code enabled.protocols}, {@code cipher.suites}.
 */
public record TlsSettings(String prefix, Map<String, String> props) {

    /** The settings of {@code props} under {@code prefix} (e.g. {@code "ssl."}). */
    public static TlsSettings of(String prefix, Map<String, String> props) {
        return new TlsSettings(prefix, Map.copyOf(props));
    }

    private String get(String key) {
        String v = props.get(prefix + key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** An HTTPS listener's TLS (Jetty); {@link IllegalArgumentException} names the setting that is wrong. */
    public SslContextFactory.Server server() {
        String keystore = get("keystore.location");
        if (keystore == null) {
            throw new IllegalArgumentException("an https listener needs " + prefix + "keystore.location");
        }
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(readable(prefix + "keystore.location", keystore).toString());
        tls.setKeyStoreType(get("keystore.type") == null ? "JKS" : get("keystore.type").toUpperCase(Locale.ROOT));
        tls.setKeyStorePassword(get("keystore.password"));
        String keyPassword = get("key.password");
        if (keyPassword != null) {
            tls.setKeyManagerPassword(keyPassword);
        }
        String truststore = get("truststore.location");
        if (truststore != null) {
            tls.setTrustStorePath(readable(prefix + "truststore.location", truststore).toString());
            tls.setTrustStoreType(get("truststore.type") == null ? "JKS"
                    : get("truststore.type").toUpperCase(Locale.ROOT));
            tls.setTrustStorePassword(get("truststore.password"));
        }
        String clientAuth = get("client.authentication");
        if (clientAuth == null) {
            clientAuth = "true".equalsIgnoreCase(get("client.auth")) ? "REQUIRED" : "NONE";
        }
        switch (clientAuth.toUpperCase(Locale.ROOT)) {
            case "NONE" -> { }
            case "REQUESTED" -> tls.setWantClientAuth(true);
            case "REQUIRED" -> tls.setNeedClientAuth(true);
            default -> throw new IllegalArgumentException(prefix + "client.authentication must be NONE, REQUESTED or"
                    + " REQUIRED, not " + clientAuth);
        }
        if (get("enabled.protocols") != null) {
            tls.setIncludeProtocols(list(get("enabled.protocols")));
        }
        if (get("cipher.suites") != null) {
            tls.setIncludeCipherSuites(list(get("cipher.suites")));
        }
        // the registry's instances name each other by host.name; clients check it, not the server
        tls.setEndpointIdentificationAlgorithm(null);
        return tls;
    }

    /**
     * A client's TLS: trusts the truststore's CAs (else the JDK's) and presents the keystore's key if one is set.
     * {@link IllegalArgumentException} names the setting that is wrong.
     */
    public SSLContext client() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            String truststore = get("truststore.location");
            tmf.init(truststore == null ? null : load("truststore", truststore));
            KeyManagerFactory kmf = null;
            String keystore = get("keystore.location");
            if (keystore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String password = get("key.password") != null ? get("key.password") : get("keystore.password");
                kmf.init(load("keystore", keystore), password == null ? new char[0] : password.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + prefix + "keystore.* / " + prefix
                    + "truststore.*: " + e.getMessage(), e);
        }
    }

    /** Whether any key or trust store is configured under the prefix. */
    public boolean configured() {
        return get("truststore.location") != null || get("keystore.location") != null;
    }

    private KeyStore load(String store, String location) throws IOException, GeneralSecurityException {
        String type = get(store + ".type");
        KeyStore ks = KeyStore.getInstance(type == null ? "JKS" : type.toUpperCase(Locale.ROOT));
        String password = get(store + ".password");
        try (InputStream in = Files.newInputStream(readable(prefix + store + ".location", location))) {
            ks.load(in, password == null ? null : password.toCharArray());
        }
        return ks;
    }

    private static Path readable(String key, String location) {
        Path path = Path.of(location);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(key + " " + location + " is not a readable file");
        }
        return path;
    }

    private static String[] list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }
}
