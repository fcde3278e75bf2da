package io.tributary.connect.rest;

import static io.tributary.connect.rest.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /}, {@code /health}, {@code /connector-plugins} and {@code /admin/loggers} over a real server. */
class WorkerRoutesTest {

    private static final InMemoryHerder HERDER = new InMemoryHerder("worker-1:8083");
    /** Held so JUL keeps the logger (and the level tests set on it) while the class runs. */
    private static final Logger TEST_LOGGER = Logger.getLogger("io.tributary.test.rest.child");
    private static ConnectRestServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        server = new ConnectRestServer(HERDER, RestConfig.of("http://127.0.0.1:0"));
        server.start();
        server.markReady();
        client = new TestClient("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.stop();
        TEST_LOGGER.setLevel(null);
        Logger.getLogger("io.tributary.test.rest").setLevel(null);
    }

    @BeforeEach
    void reset() {
        HERDER.reset();
        Logger.getLogger("io.tributary.test.rest").setLevel(null);
        TEST_LOGGER.setLevel(null);
    }

    @Test
    void rootAnswersTheWorkerInfo() {
        TestClient.Answer answer = client.get("/");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        JsonNode info = answer.json();
        assertThat(info.get("version").asText()).isEqualTo("4.3.1");
        assertThat(info.get("commit").asText()).isEqualTo("abcdef0123456789");
        assertThat(info.get("kafka_cluster_id").asText()).isEqualTo("cluster-1");
    }

    @Test
    void headIsGetWithoutTheBody() {
        TestClient.Answer answer = client.send("HEAD", "/", null, null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void errorsJettyAnswersItselfAreJsonToo() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /connectors/%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400 ");
            assertThat(response).contains("Content-Type: application/json").contains("{\"error_code\":400,");
        }
    }

    @Test
    void optionsListsTheMethodsOfAPath() {
        TestClient.Answer answer = client.send("OPTIONS", "/connectors/x/config", null, null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Allow")).contains("GET", "PUT", "PATCH");
    }

    @Test
    void healthIs503UntilTheWorkerIsReadyThen200() {
        ConnectRestServer starting = new ConnectRestServer(HERDER, RestConfig.of("http://127.0.0.1:0"));
        starting.start();
        try {
            TestClient c = new TestClient("http://127.0.0.1:" + starting.port());
            TestClient.Answer before = c.get("/health");
            assertThat(before.status()).isEqualTo(503);
            assertThat(before.json().get("status").asText()).isEqualTo("starting");
            assertThat(before.json().get("message").asText()).isEqualTo("Worker is still starting up.");

            starting.markReady();
            TestClient.Answer after = c.get("/health");
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.json().get("status").asText()).isEqualTo("healthy");
            assertThat(after.json().get("message").asText())
                    .isEqualTo("Worker has completed startup and is ready to handle requests.");
        } finally {
            starting.stop();
        }
    }

    @Test
    void requestsNeedingConnectorStateWaitForTheWorkerToStart() throws Exception {
        ConnectRestServer starting = new ConnectRestServer(HERDER, RestConfig.of("http://127.0.0.1:0"));
        starting.start();
        try {
            TestClient c = new TestClient("http://127.0.0.1:" + starting.port());
            assertThat(c.get("/").status()).as("GET / answers while starting").isEqualTo(200);
            assertThat(c.get("/connector-plugins").status()).isEqualTo(200);
            java.util.concurrent.CompletableFuture<TestClient.Answer> connectors =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> c.get("/connectors"));
            Thread.sleep(300);
            assertThat(connectors).as("held until the worker has started").isNotDone();
            starting.markReady();
            assertThat(connectors.get(10, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            starting.stop();
        }
    }

    @Test
    void pluginsAreConnectorsOnlyByDefault() {
        JsonNode plugins = client.get("/connector-plugins").json();
        assertThat(plugins).hasSize(2);
        assertThat(plugins.get(0).get("class").asText()).isEqualTo(InMemoryHerder.SINK);
        assertThat(plugins.get(0).get("type").asText()).isEqualTo("sink");
        assertThat(plugins.get(0).get("version").asText()).isEqualTo("4.3.1");
        assertThat(client.get("/connector-plugins?connectorsOnly=true").json()).hasSize(2);
        JsonNode all = client.get("/connector-plugins?connectorsOnly=false").json();
        assertThat(all).hasSize(3);
        assertThat(all.get(2).get("type").asText()).isEqualTo("transformation");
    }

    @Test
    void pluginConfigListsItsKeys() {
        TestClient.Answer answer = client.get("/connector-plugins/FileStreamSource/config");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode key = answer.json().get(0);
        assertThat(key.get("name").asText()).isEqualTo("file");
        assertThat(key.get("type").asText()).isEqualTo("STRING");
        assertThat(key.get("required").asBoolean()).isTrue();
        assertThat(key.has("default_value")).isTrue();
        assertThat(key.get("order_in_group").asInt()).isEqualTo(-1);
        assertThat(key.get("display_name").asText()).isEqualTo("file");
        TestClient.Answer unknown = client.get("/connector-plugins/Nope/config");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).isEqualTo("Unknown plugin Nope.");
    }

    @Test
    void validateAnswersConfigInfos() {
        TestClient.Answer answer = client.put("/connector-plugins/FileStreamSourceConnector/config/validate",
                json(Map.of("connector.class", InMemoryHerder.SOURCE, "topic", "t")));
        assertThat(answer.status()).isEqualTo(200);
        JsonNode infos = answer.json();
        assertThat(infos.get("name").asText()).isEqualTo("FileStreamSourceConnector");
        assertThat(infos.get("error_count").asInt()).isEqualTo(1);
        assertThat(infos.get("groups").get(0).asText()).isEqualTo("Common");
        JsonNode value = infos.get("configs").get(0).get("value");
        assertThat(value.get("name").asText()).isEqualTo("file");
        assertThat(value.get("errors").get(0).asText()).contains("Missing required configuration");
        assertThat(value.has("recommended_values")).isTrue();
        assertThat(infos.get("configs").get(0).get("definition").get("importance").asText()).isEqualTo("HIGH");
    }

    @Test
    void validateMatchesThePluginByClassAliasOrSuffix() {
        String body = json(Map.of("connector.class", InMemoryHerder.SOURCE, "file", "f"));
        assertThat(client.put("/connector-plugins/FileStreamSource/config/validate", body).status()).isEqualTo(200);
        assertThat(client.put("/connector-plugins/" + InMemoryHerder.SOURCE + "/config/validate", body).status())
                .isEqualTo(200);
        String alias = json(Map.of("connector.class", "FileStreamSource", "file", "f"));
        assertThat(client.put("/connector-plugins/FileStreamSourceConnector/config/validate", alias).status())
                .isEqualTo(200);
        // Without connector.class the body goes to the herder as it is.
        assertThat(client.put("/connector-plugins/FileStreamSource/config/validate", "{\"file\": \"f\"}").status())
                .isEqualTo(200);
        assertThat(HERDER.calls).contains("validate FileStreamSource");
    }

    @Test
    void validateWithAnotherConnectorClassIs400() {
        TestClient.Answer answer = client.put("/connector-plugins/FileStreamSink/config/validate",
                json(Map.of("connector.class", InMemoryHerder.SOURCE)));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("message").asText()).isEqualTo("Included connector type "
                + InMemoryHerder.SOURCE + " does not match request type FileStreamSink");
        assertThat(HERDER.calls).noneMatch(c -> c.startsWith("validate"));
    }

    @Test
    void loggersRoundTrip() {
        TestClient.Answer set = client.put("/admin/loggers/io.tributary.test.rest", "{\"level\": \"DEBUG\"}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json()).hasSize(2);
        assertThat(set.json().get(0).asText()).isEqualTo("io.tributary.test.rest");
        assertThat(set.json().get(1).asText()).isEqualTo("io.tributary.test.rest.child");
        assertThat(TEST_LOGGER.isLoggable(Level.FINE)).isTrue();
        assertThat(TEST_LOGGER.isLoggable(Level.FINER)).isFalse();

        JsonNode one = client.get("/admin/loggers/io.tributary.test.rest.child").json();
        assertThat(one.get("level").asText()).isEqualTo("DEBUG");
        assertThat(one.get("last_modified").asLong()).isPositive();

        JsonNode all = client.get("/admin/loggers").json();
        assertThat(all.get("io.tributary.test.rest").get("level").asText()).isEqualTo("DEBUG");
        assertThat(all.get("io.tributary.test.rest").get("last_modified").asLong()).isPositive();
        assertThat(all.get("root").get("level").asText()).isNotEmpty();
        assertThat(all.get("root").has("last_modified")).isTrue();

        // Setting the same level again changes nothing.
        assertThat(client.put("/admin/loggers/io.tributary.test.rest", "{\"level\": \"debug\"}").json()).isEmpty();
        assertThat(client.put("/admin/loggers/io.tributary.test.rest", "{\"level\": \"ERROR\"}").json()).hasSize(2);
        assertThat(client.get("/admin/loggers/io.tributary.test.rest.child").json().get("level").asText())
                .isEqualTo("ERROR");
    }

    @Test
    void rootLoggerIsNamedRoot() {
        JsonNode root = client.get("/admin/loggers/root").json();
        assertThat(root.get("level").asText()).isIn("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");
    }

    @Test
    void loggerErrorsUseKafkasCodes() {
        TestClient.Answer unknown = client.get("/admin/loggers/no.such.logger.anywhere");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).isEqualTo("Logger no.such.logger.anywhere not found.");

        TestClient.Answer noLevel = client.put("/admin/loggers/io.tributary.test.rest", "{\"lvl\": \"DEBUG\"}");
        assertThat(noLevel.status()).isEqualTo(400);
        assertThat(noLevel.json().get("message").asText())
                .isEqualTo("Desired 'level' parameter was not specified in request.");

        TestClient.Answer badLevel = client.put("/admin/loggers/io.tributary.test.rest", "{\"level\": \"LOUD\"}");
        assertThat(badLevel.status()).isEqualTo(404);
        assertThat(badLevel.json().get("message").asText()).isEqualTo("invalid log level 'LOUD'.");

        assertThat(client.put("/admin/loggers/io.tributary.test.rest", "level=DEBUG").status()).isEqualTo(500);
    }

    @Test
    void clusterScopeIs204AndAppliesHere() {
        TestClient.Answer answer = client.put("/admin/loggers/io.tributary.test.rest?scope=cluster",
                "{\"level\": \"WARN\"}");
        assertThat(answer.status()).isEqualTo(204);
        assertThat(client.get("/admin/loggers/io.tributary.test.rest.child").json().get("level").asText())
                .isEqualTo("WARN");
        // An unknown scope is the worker's, as in Kafka.
        TestClient.Answer other = client.put("/admin/loggers/io.tributary.test.rest?scope=galaxy",
                "{\"level\": \"INFO\"}");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json()).hasSize(2);
    }

    @Test
    void topicTrackingDisabledIs403() {
        ConnectRestServer noTracking = new ConnectRestServer(HERDER, new RestConfig(List.of("http://127.0.0.1:0"),
                null, null, null, false, false, 1024, Duration.ofSeconds(5), RestTls.none(), null));
        ConnectRestServer noReset = new ConnectRestServer(HERDER, new RestConfig(List.of("http://127.0.0.1:0"),
                null, null, null, true, false, 1024, Duration.ofSeconds(5), RestTls.none(), null));
        noTracking.start();
        noTracking.markReady();
        noReset.start();
        noReset.markReady();
        try {
            HERDER.putConnectorConfig("c", Map.of("connector.class", InMemoryHerder.SOURCE), false);
            TestClient a = new TestClient("http://127.0.0.1:" + noTracking.port());
            assertThat(a.get("/connectors/c/topics").json().get("message").asText())
                    .isEqualTo("Topic tracking is disabled.");
            assertThat(a.put("/connectors/c/topics/reset", null).status()).isEqualTo(403);
            TestClient b = new TestClient("http://127.0.0.1:" + noReset.port());
            assertThat(b.get("/connectors/c/topics").status()).isEqualTo(200);
            TestClient.Answer reset = b.put("/connectors/c/topics/reset", null);
            assertThat(reset.status()).isEqualTo(403);
            assertThat(reset.json().get("message").asText()).isEqualTo("Topic tracking reset is disabled.");
        } finally {
            noTracking.stop();
            noReset.stop();
        }
    }
}
