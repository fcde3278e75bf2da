package io.tributary.broker.security.oauthbearer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JWKS served over HTTPS (a certificate made with the JDK's keytool), fetched and refetched by RefreshingJwks. */
class HttpsJwksTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static HttpsServer server;
    static SSLContext tls;
    static final AtomicReference<String> document = new AtomicReference<>();
    static final AtomicInteger status = new AtomicInteger(200);
    static final AtomicInteger requests = new AtomicInteger();
    static KeyPair first;
    static KeyPair second;

    @BeforeAll
    static void serve() throws Exception {
        first = TestJwts.rsa(2048);
        second = TestJwts.rsa(2048);
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "jwks", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(out).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("jwks", keys.getCertificate("jwks"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/jwks", exchange -> {
            requests.incrementAndGet();
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Test
    void aKeyRotatedInIsFetchedEarlyWhenATokenNamesIt() throws Exception {
        status.set(200);
        document.set(TestJwts.jwks(TestJwts.jwk("k1", first)));
        MovableClock clock = new MovableClock();
        try (RefreshingJwks jwks = RefreshingJwks.start(uri(), 3_600_000, 100, 10_000, clock, client())) {
            assertThat(jwks.find("k1", JwsAlgorithm.RS256)).isPresent();
            document.set(TestJwts.jwks(TestJwts.jwk("k1", first), TestJwts.jwk("k2", second)));
            int before = requests.get();
            // the first token naming k2 fails (the keys are not refetched on the event loop) but asks for them
            assertThat(jwks.find("k2", JwsAlgorithm.RS256)).isEmpty();
            await("k2 is fetched", () -> jwks.find("k2", JwsAlgorithm.RS256).isPresent());
            assertThat(requests.get()).isEqualTo(before + 1);
            // another unknown kid within the backoff-max interval asks for nothing
            assertThat(jwks.find("k3", JwsAlgorithm.RS256)).isEmpty();
            assertThat(jwks.find("k4", JwsAlgorithm.RS256)).isEmpty();
            assertThat(requests.get()).isEqualTo(before + 1);
            clock.advance(Duration.ofSeconds(10));
            assertThat(jwks.find("k5", JwsAlgorithm.RS256)).isEmpty();
            await("a refetch once backoff-max has passed", () -> requests.get() == before + 2);
        }
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private final java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(
                1_800_000_000_000L);

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void anEndpointAnsweringAnErrorFailsTheStart() throws Exception {
        status.set(503);
        document.set("down");
        try {
            assertThatThrownBy(() -> RefreshingJwks.start(uri(), 3_600_000, 100, 10_000, Clock.systemUTC(),
                    client())).isInstanceOf(IOException.class).hasMessageContaining("HTTP 503");
        } finally {
            status.set(200);
        }
        // and a certificate the JVM does not trust fails it too
        document.set(TestJwts.jwks(TestJwts.jwk("k1", first)));
        assertThatThrownBy(() -> RefreshingJwks.start(uri(), 3_600_000, 100, 10_000, Clock.systemUTC()))
                .isInstanceOf(IOException.class);
    }
}
