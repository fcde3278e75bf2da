package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Connect REST API over https, with client certificates required and HTTP basic authentication, configured as
 * Apache's worker documents it ({@code listeners=https://...}, {@code listeners.https.ssl.*},
 * {@code rest.extension.classes=...BasicAuthSecurityRestExtension} with a {@code KafkaConnect} JAAS section): Apache's
 * own worker (connect-runtime 4.3.1 with connect-basic-auth-extension) and Tributary's answer the same requests with
 * the same statuses; neither serves a client without a certificate or plain http. Two of Tributary's workers forward
 * a request from the follower to the leader over https with the caller's credentials.
 */
class ConnectRestSecurityCompatTest {

    private static final String ALICE = basic("alice", "alice-secret");

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static TestCertificates certs;
    private static Path jaas;
    private static final List<ConnectWorkerProcess> workers = new ArrayList<>();

    @RegisterExtension
    static final TestWatcher WORKER_LOG_ON_FAILURE = WorkerLogs.tailOnFailure("the last Connect worker's ", 120,
            () -> workers.isEmpty() ? null : workers.get(workers.size() - 1));

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "0")).start();
        certs = TestCertificates.create(dir.resolve("certs"));
        Path users = dir.resolve("connect-users.properties");
        Files.writeString(users, "alice=alice-secret\nbob=bob-secret\n", StandardCharsets.UTF_8);
        jaas = dir.resolve("connect-jaas.conf");
        Files.writeString(jaas, "KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension."
                + "PropertyFileLoginModule required\n  file=\"" + users + "\";\n};\n", StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        workers.forEach(ConnectWorkerProcess::close);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void apacheAndTributaryAnswerTheSameOverHttpsWithClientCertificatesAndBasicAuth() throws Exception {
        List<String> apache = conversation(start(ConnectWorkerProcess.apache("apache-secure", dir.resolve("apache"),
                settings("apache-secure"))));
        List<String> tributary = conversation(start(ConnectWorkerProcess.tributary("tributary-secure",
                dir.resolve("tributary"), settings("tributary-secure"), "distributed", List.of())));

        assertThat(tributary).isEqualTo(apache);
        assertThat(apache).containsExactly(
                "GET / without credentials: 401",
                "GET / with a wrong password: 401",
                "GET / as bob: 200",
                "GET / as alice: 200",
                "POST /connectors as alice: 201",
                "GET /connectors/secure-source/config without credentials: 401",
                "GET /connectors/secure-source/config as alice: 200",
                "DELETE /connectors/secure-source as alice: 204",
                "GET / without a client certificate: refused",
                "GET / over plain http: refused");
    }

    @Test
    void aFollowerForwardsToTheLeaderOverHttpsWithTheCallersCredentials() throws Exception {
        ConnectWorkerProcess first = start(ConnectWorkerProcess.tributary("forward-1", dir.resolve("forward-1"),
                settings("forward"), "distributed", List.of()));
        ConnectWorkerProcess second = start(ConnectWorkerProcess.tributary("forward-2", dir.resolve("forward-2"),
                settings("forward"), "distributed", List.of()));
        HttpClient client = client(true);
        // One of the two is the group's follower: the connector created through it is forwarded to the leader.
        for (ConnectWorkerProcess worker : List.of(first, second)) {
            String name = "via-" + worker.name();
            HttpResponse<String> created = createConnector(client, worker, name);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(send(client, worker, "POST", "/connectors", null, connectorJson(name + "-x")).statusCode())
                    .isEqualTo(401);
        }
        for (ConnectWorkerProcess worker : List.of(first, second)) {
            HttpResponse<String> list = send(client, worker, "GET", "/connectors", ALICE, null);
            assertThat(list.body()).contains("via-forward-1", "via-forward-2").doesNotContain("-x\"");
        }
    }

    /** A distributed worker against the broker, https only, client certificates required, basic auth on. */
    private static Map<String, String> settings(String group) throws IOException {
        Map<String, String> s = ConnectWorkerSettings.forBroker(broker.bootstrap()).group(group)
                .internalTopics(group, 1, 1).schemalessJson().pluginPath().build();
        s.put("listeners", "https://127.0.0.1:" + TributaryProcess.freePort());
        s.put("listeners.https.ssl.keystore.location", certs.serverKeystore.toString());
        s.put("listeners.https.ssl.keystore.type", "PKCS12");
        s.put("listeners.https.ssl.keystore.password", TestCertificates.PASSWORD);
        s.put("listeners.https.ssl.truststore.location", certs.truststore.toString());
        s.put("listeners.https.ssl.truststore.type", "PKCS12");
        s.put("listeners.https.ssl.truststore.password", TestCertificates.PASSWORD);
        s.put("listeners.https.ssl.client.auth", "required");
        // the workers call each other with the same stores: the key store's certificate is their client certificate
        s.put("rest.extension.classes",
                "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension");
        return s;
    }

    private static ConnectWorkerProcess start(ConnectWorkerProcess worker) throws Exception {
        workers.add(worker);
        return worker.jvmOption("-Djava.security.auth.login.config=" + jaas).probeWith(client(true), ALICE).start();
    }

    /** The same requests, each as "what: status" (or "refused" when no HTTP answer came). */
    private static List<String> conversation(ConnectWorkerProcess worker) throws Exception {
        HttpClient client = client(true);
        List<String> out = new ArrayList<>();
        out.add("GET / without credentials: " + send(client, worker, "GET", "/", null, null).statusCode());
        out.add("GET / with a wrong password: " + send(client, worker, "GET", "/", basic("alice", "nope"), null)
                .statusCode());
        out.add("GET / as bob: " + send(client, worker, "GET", "/", basic("bob", "bob-secret"), null).statusCode());
        out.add("GET / as alice: " + send(client, worker, "GET", "/", ALICE, null).statusCode());
        HttpResponse<String> created = createConnector(client, worker, "secure-source");
        out.add("POST /connectors as alice: " + created.statusCode());
        out.add("GET /connectors/secure-source/config without credentials: "
                + send(client, worker, "GET", "/connectors/secure-source/config", null, null).statusCode());
        out.add("GET /connectors/secure-source/config as alice: "
                + send(client, worker, "GET", "/connectors/secure-source/config", ALICE, null).statusCode());
        out.add("DELETE /connectors/secure-source as alice: "
                + send(client, worker, "DELETE", "/connectors/secure-source", ALICE, null).statusCode());
        out.add("GET / without a client certificate: " + refusedOr(() -> send(client(false), worker, "GET", "/",
                ALICE, null).statusCode()));
        String plain = worker.restUrl().replace("https://", "http://");
        out.add("GET / over plain http: " + refusedOr(() -> client.send(HttpRequest.newBuilder(URI.create(plain
                + "/")).timeout(Duration.ofSeconds(5)).header("Authorization", ALICE).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()));
        return out;
    }

    /** POST /connectors as alice, again while the worker answers 409 (its group is still forming). */
    private static HttpResponse<String> createConnector(HttpClient client, ConnectWorkerProcess worker, String name)
            throws Exception {
        String json = connectorJson(name);
        return Await.value("the connector " + name + " is created through " + worker.name(), Duration.ofSeconds(60),
                () -> {
                    HttpResponse<String> r = send(client, worker, "POST", "/connectors", ALICE, json);
                    return r.statusCode() == 409 ? Optional.empty() : Optional.of(r);
                }, () -> "");
    }

    private interface Call {
        int status() throws Exception;
    }

    private static String refusedOr(Call call) throws Exception {
        try {
            return Integer.toString(call.status());
        } catch (IOException e) {
            return "refused";
        }
    }

    private static String connectorJson(String name) throws IOException {
        Path input = dir.resolve(name + ".txt");
        Files.writeString(input, "");
        return ConnectRest.JSON.writeValueAsString(Map.of("name", name, "config",
                FilePipeline.source(input, name + "-lines", 1)));
    }

    private static HttpResponse<String> send(HttpClient client, ConnectWorkerProcess worker, String method,
                                             String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(worker.restUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Trusts the test CA; presents alice's client certificate when {@code withCertificate}. */
    private static HttpClient client(boolean withCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(certs.truststore));
        KeyManagerFactory keys = null;
        if (withCertificate) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(certs.clientKeystore), TestCertificates.PASSWORD.toCharArray());
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        return ks;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
