package io.tributary.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and the stores TLS tests need, made with the JDK's {@code keytool} (as an
 * operator would): a CA, a server certificate for {@code localhost}/{@code 127.0.0.1} and a client certificate for
 * {@code CN=alice,OU=eng,O=tributary}, each signed by the CA, in PKCS12 stores with one password; the CA also as PEM
 * (for librdkafka's {@code ssl.ca.location}), and the server's key (PKCS#8) and chain in one PEM file, as Kafka's
 * {@code ssl.keystore.type=PEM} takes them.
 */
final class TestCertificates {

    static final String PASSWORD = "test-store-pass";
    static final String CLIENT_DN = "CN=alice,OU=eng,O=tributary";

    final Path caPem;
    final Path truststore;
    final Path serverKeystore;
    final Path clientKeystore;
    final Path serverPem;

    private TestCertificates(Path dir) {
        this.caPem = dir.resolve("ca.pem");
        this.truststore = dir.resolve("truststore.p12");
        this.serverKeystore = dir.resolve("server.p12");
        this.clientKeystore = dir.resolve("client.p12");
        this.serverPem = dir.resolve("server-key-and-chain.pem");
    }

    /** Creates the CA and the stores in {@code dir}. */
    static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestCertificates c = new TestCertificates(dir);
        Path ca = dir.resolve("ca.p12");
        keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=Tributary Test CA", "-ext", "bc:c",
                "-keystore", ca.toString());
        keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", c.caPem.toString());
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", c.caPem.toString(), "-keystore",
                c.truststore.toString());
        signed(dir, ca, c.caPem, c.serverKeystore, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        signed(dir, ca, c.caPem, c.clientKeystore, "client", CLIENT_DN, null);
        writePem(c.serverKeystore, "server", c.serverPem);
        return c;
    }

    /** The key (unencrypted PKCS#8) and certificate chain of {@code alias} in a PKCS12 store, as one PEM file. */
    private static void writePem(Path store, String alias, Path pem) throws IOException {
        try (var in = Files.newInputStream(store)) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            StringBuilder out = new StringBuilder(block("PRIVATE KEY", ks.getKey(alias, PASSWORD.toCharArray())
                    .getEncoded()));
            for (java.security.cert.Certificate c : ks.getCertificateChain(alias)) {
                out.append(block("CERTIFICATE", c.getEncoded()));
            }
            Files.writeString(pem, out, StandardCharsets.US_ASCII);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot write " + pem + ": " + e, e);
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(
                StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The server's key store as Kafka's and Confluent's settings name it: {@code <prefix>ssl.keystore.*}. */
    java.util.Map<String, String> serverKeystoreSettings(String prefix) {
        return java.util.Map.of(prefix + "ssl.keystore.location", serverKeystore.toString(),
                prefix + "ssl.keystore.type", "PKCS12", prefix + "ssl.keystore.password", PASSWORD);
    }

    /** The trust store (the test CA) as {@code <prefix>ssl.truststore.*}. */
    java.util.Map<String, String> truststoreSettings(String prefix) {
        return java.util.Map.of(prefix + "ssl.truststore.location", truststore.toString(),
                prefix + "ssl.truststore.type", "PKCS12", prefix + "ssl.truststore.password", PASSWORD);
    }

    /** A client TLS context that trusts the test CA (and presents no certificate). */
    javax.net.ssl.SSLContext trustingContext() throws IOException {
        try (var in = Files.newInputStream(truststore)) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A key pair in {@code store} whose certificate the CA signed, the chain (CA first) imported back. */
    private static void signed(Path dir, Path ca, Path caPem, Path store, String alias, String dn, String san)
            throws IOException, InterruptedException {
        Path request = dir.resolve(alias + ".csr");
        Path certificate = dir.resolve(alias + ".pem");
        keytool(dir, "-genkeypair", "-alias", alias, "-dname", dn, "-keystore", store.toString());
        keytool(dir, "-certreq", "-alias", alias, "-keystore", store.toString(), "-file", request.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
                "-infile", request.toString(), "-outfile", certificate.toString()));
        if (san != null) {
            sign.addAll(List.of("-ext", san));
        }
        keytool(dir, sign.toArray(String[]::new));
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                store.toString());
        keytool(dir, "-importcert", "-alias", alias, "-file", certificate.toString(), "-keystore", store.toString());
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        boolean makesKey = args[0].equals("-genkeypair");
        if (makesKey) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (makesKey) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
