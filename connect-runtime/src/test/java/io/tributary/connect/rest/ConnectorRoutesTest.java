package io.tributary.connect.rest;

import static io.tributary.connect.rest.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code /connectors} routes over a real Jetty server and an in-memory herder: status codes and JSON shapes. */
class ConnectorRoutesTest {

    private static final InMemoryHerder HERDER = new InMemoryHerder("worker-1:8083");
    private static ConnectRestServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        server = new ConnectRestServer(HERDER, new RestConfig(List.of("http://localhost:0"), null, null, null, true,
                true, 64 * 1024, Duration.ofSeconds(10), RestTls.none(), null));
        server.start();
        server.markReady();
        client = new TestClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        HERDER.reset();
    }

    private static Map<String, String> sourceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", InMemoryHerder.SOURCE);
        config.put("tasks.max", "1");
        config.put("file", "/tmp/in.txt");
        config.put("topic", "lines");
        return config;
    }

    private static TestClient.Answer create(String name) {
        return client.post("/connectors", json(Map.of("name", name, "config", sourceConfig())));
    }

    private static void assertError(TestClient.Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = answer.json();
        assertThat(body.get("error_code").asInt()).isEqualTo(status);
        if (message != null) {
            assertThat(body.get("message").asText()).isEqualTo(message);
        }
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void createAnswers201WithTheConnectorInfoAndItsLocation() {
        TestClient.Answer answer = create("file-source");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.header("Location")).isEqualTo("http://localhost:" + server.port() + "/connectors/file-source");
        JsonNode info = answer.json();
        assertThat(info.get("name").asText()).isEqualTo("file-source");
        assertThat(info.get("config").get("name").asText()).isEqualTo("file-source");
        assertThat(info.get("config").get("connector.class").asText()).isEqualTo(InMemoryHerder.SOURCE);
        assertThat(info.get("tasks").get(0).get("connector").asText()).isEqualTo("file-source");
        assertThat(info.get("tasks").get(0).get("task").asInt()).isZero();
        assertThat(info.get("type").asText()).isEqualTo("source");
        assertThat(HERDER.calls).contains("putConnectorConfig file-source false");
    }

    @Test
    void createTwiceIsTheHerdersConflict() {
        create("dup");
        assertError(create("dup"), 409, "Connector dup already exists");
    }

    @Test
    void createTrimsTheNameAsKafkaDoes() {
        TestClient.Answer answer = create("  padded  ");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("name").asText()).isEqualTo("padded");
        assertThat(answer.json().get("config").get("name").asText()).isEqualTo("padded");
    }

    @Test
    void createWithoutNameOrWithABlankOneIs400() {
        TestClient.Answer missing = client.post("/connectors", json(Map.of("config", sourceConfig())));
        assertError(missing, 400, null);
        assertThat(missing.json().get("message").asText()).contains("String may not be empty");

        assertError(create("   "), 400, null);
        assertThat(HERDER.calls).noneMatch(c -> c.startsWith("putConnectorConfig"));
    }

    @Test
    void createWithoutConfigIs400() {
        assertError(client.post("/connectors", "{\"name\": \"x\"}"), 400, null);
        assertError(client.post("/connectors", "{\"name\": \"x\", \"config\": null}"), 400, null);
    }

    @Test
    void createWhoseConfigNamesAnotherConnectorIs400() {
        Map<String, String> config = sourceConfig();
        config.put("name", "other");
        assertError(client.post("/connectors", json(Map.of("name", "mine", "config", config))), 400,
                "Connector name configuration (other) doesn't match connector name in the URL (mine)");
    }

    @Test
    void createWithTheSameNameInTheConfigIsFine() {
        Map<String, String> config = sourceConfig();
        config.put("name", "same");
        assertThat(client.post("/connectors", json(Map.of("name", "same", "config", config))).status())
                .isEqualTo(201);
    }

    @Test
    void bodiesThatAreNotTheJsonExpectedAre500WithJacksonsMessageAsKafkaAnswers() {
        TestClient.Answer notJson = client.post("/connectors", "{\"name\": \"x\", ");
        assertError(notJson, 500, null);
        assertThat(notJson.json().get("message").asText()).contains("Unexpected end-of-input");

        TestClient.Answer configNotObject = client.post("/connectors", "{\"name\": \"x\", \"config\": \"nope\"}");
        assertError(configNotObject, 500, null);
        assertThat(configNotObject.json().get("message").asText()).contains("Map");

        TestClient.Answer unknownField = client.post("/connectors",
                "{\"name\": \"x\", \"config\": {}, \"tasks\": []}");
        assertError(unknownField, 500, null);
        assertThat(unknownField.json().get("message").asText()).contains("Unrecognized field \"tasks\"");

        assertError(client.put("/connectors/x/config", "[1, 2]"), 500, null);
        assertThat(HERDER.calls).noneMatch(c -> c.startsWith("putConnectorConfig"));
    }

    @Test
    void anEmptyBodyIs400() {
        assertError(client.post("/connectors", ""), 400, null);
        assertError(client.put("/connectors/x/config", "null"), 400, null);
    }

    @Test
    void aBodyOfAnotherContentTypeIs415() {
        assertError(client.send("PUT", "/connectors/x/config", json(sourceConfig()), "text/plain"), 415,
                "HTTP 415 Unsupported Media Type");
        // No Content-Type at all is taken as JSON.
        assertThat(client.send("PUT", "/connectors/x/config", json(sourceConfig()), null).status()).isEqualTo(201);
        assertThat(client.send("PUT", "/connectors/x/config", json(sourceConfig()),
                "application/json; charset=UTF-8").status()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = json(Map.of("name", "big", "config", Map.of("blob", "x".repeat(70 * 1024))));
        assertError(client.post("/connectors", big), 413, null);
    }

    @Test
    void initialStatePausedOrStoppedIsAppliedAndAnUnknownOneIs400() {
        TestClient.Answer paused = client.post("/connectors",
                json(Map.of("name", "p", "config", sourceConfig(), "initial_state", "paused")));
        assertThat(paused.status()).isEqualTo(201);
        assertThat(client.get("/connectors/p/status").json().get("connector").get("state").asText())
                .isEqualTo("PAUSED");
        client.post("/connectors", json(Map.of("name", "s", "config", sourceConfig(), "initial_state", "STOPPED")));
        assertThat(client.get("/connectors/s/status").json().get("connector").get("state").asText())
                .isEqualTo("STOPPED");
        assertError(client.post("/connectors",
                json(Map.of("name", "q", "config", sourceConfig(), "initial_state", "SLEEPING"))), 400, null);
    }

    @Test
    void listAnswersTheNames() {
        create("b");
        create("a");
        TestClient.Answer answer = client.get("/connectors");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).hasSize(2);
        assertThat(answer.json().get(0).asText()).isEqualTo("a");
        assertThat(client.get("/connectors/").status()).isEqualTo(200);
    }

    @Test
    void listExpandsStatusInfoOrBoth() {
        create("a");
        JsonNode status = client.get("/connectors?expand=status").json();
        assertThat(status.get("a").get("status").get("connector").get("state").asText()).isEqualTo("RUNNING");
        assertThat(status.get("a").get("status").get("connector").get("worker_id").asText()).isEqualTo("worker-1:8083");
        assertThat(status.get("a").get("status").get("connector").has("trace")).isFalse();
        assertThat(status.get("a").get("status").get("tasks").get(0).get("id").asInt()).isZero();
        assertThat(status.get("a").has("info")).isFalse();

        JsonNode info = client.get("/connectors?expand=info").json();
        assertThat(info.get("a").get("info").get("config").get("topic").asText()).isEqualTo("lines");
        assertThat(info.get("a").has("status")).isFalse();

        JsonNode both = client.get("/connectors?expand=status&expand=info").json();
        assertThat(both.get("a").has("status")).isTrue();
        assertThat(both.get("a").has("info")).isTrue();

        JsonNode unknown = client.get("/connectors?expand=nothing").json();
        assertThat(unknown.get("a").isEmpty()).isTrue();
    }

    @Test
    void unknownConnectorIs404FromTheHerder() {
        assertError(client.get("/connectors/nope"), 404, "Connector nope not found");
        assertError(client.get("/connectors/nope/config"), 404, "Connector nope not found");
        assertError(client.get("/connectors/nope/status"), 404, "Connector nope not found");
        assertError(client.delete("/connectors/nope"), 404, "Connector nope not found");
        assertError(client.put("/connectors/nope/pause", null), 404, "Connector nope not found");
    }

    @Test
    void getConnectorAndItsConfig() {
        create("c");
        JsonNode info = client.get("/connectors/c").json();
        assertThat(info.get("name").asText()).isEqualTo("c");
        assertThat(info.get("type").asText()).isEqualTo("source");
        JsonNode config = client.get("/connectors/c/config").json();
        assertThat(config.get("file").asText()).isEqualTo("/tmp/in.txt");
        assertThat(config.get("name").asText()).isEqualTo("c");
    }

    @Test
    void putConfigCreatesWith201ThenReplacesWith200() {
        TestClient.Answer created = client.put("/connectors/c/config", json(sourceConfig()));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/connectors/c");
        assertThat(created.json().get("config").get("name").asText()).isEqualTo("c");

        Map<String, String> changed = sourceConfig();
        changed.put("topic", "other");
        TestClient.Answer replaced = client.put("/connectors/c/config", json(changed));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.header("Location")).isNull();
        assertThat(replaced.json().get("config").get("topic").asText()).isEqualTo("other");
        assertThat(HERDER.calls).contains("putConnectorConfig c true");
    }

    @Test
    void putConfigNamingAnotherConnectorIs400() {
        Map<String, String> config = sourceConfig();
        config.put("name", "d");
        assertError(client.put("/connectors/c/config", json(config)), 400,
                "Connector name configuration (d) doesn't match connector name in the URL (c)");
    }

    @Test
    void putConfigInvalidForTheHerderIsItsBadRequest() {
        assertError(client.put("/connectors/c/config", "{\"tasks.max\": \"1\"}"), 400, null);
    }

    @Test
    void patchConfigSetsAndRemovesKeys() {
        create("c");
        TestClient.Answer answer = client.patch("/connectors/c/config", "{\"topic\": \"t2\", \"file\": null}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("config").get("topic").asText()).isEqualTo("t2");
        assertThat(answer.json().get("config").has("file")).isFalse();
        assertError(client.patch("/connectors/none/config", "{\"topic\": \"t2\"}"), 404, "Connector none not found");
    }

    @Test
    void deleteIs204WithoutBody() {
        create("c");
        TestClient.Answer answer = client.delete("/connectors/c");
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.header("Content-Type")).isNull();
        assertError(client.get("/connectors/c"), 404, "Connector c not found");
    }

    @Test
    void statusTasksAndTaskStatus() {
        create("c");
        JsonNode status = client.get("/connectors/c/status").json();
        assertThat(status.get("name").asText()).isEqualTo("c");
        assertThat(status.get("connector").get("state").asText()).isEqualTo("RUNNING");
        assertThat(status.get("tasks").get(0).get("state").asText()).isEqualTo("RUNNING");
        assertThat(status.get("type").asText()).isEqualTo("source");

        JsonNode tasks = client.get("/connectors/c/tasks").json();
        assertThat(tasks.get(0).get("id").get("connector").asText()).isEqualTo("c");
        assertThat(tasks.get(0).get("id").get("task").asInt()).isZero();
        assertThat(tasks.get(0).get("config").get("task.class").asText()).endsWith("FileStreamSourceTask");

        JsonNode task = client.get("/connectors/c/tasks/0/status").json();
        assertThat(task.get("id").asInt()).isZero();
        assertThat(task.get("state").asText()).isEqualTo("RUNNING");
        assertThat(task.get("worker_id").asText()).isEqualTo("worker-1:8083");

        assertError(client.get("/connectors/c/tasks/7/status"), 404, "No status found for task c-7");
        assertError(client.get("/connectors/c/tasks/zero/status"), 404, "HTTP 404 Not Found");
    }

    @Test
    void plainRestartIs204AndKip745RestartIs202WithTheStatus() {
        create("c");
        TestClient.Answer plain = client.post("/connectors/c/restart", null);
        assertThat(plain.status()).isEqualTo(204);
        assertThat(plain.body()).isEmpty();
        assertThat(HERDER.calls).contains("restartConnector c false false");

        TestClient.Answer withTasks = client.post("/connectors/c/restart?includeTasks=true", null);
        assertThat(withTasks.status()).isEqualTo(202);
        assertThat(withTasks.json().get("connector").get("state").asText()).isEqualTo("RESTARTING");
        assertThat(withTasks.json().get("tasks").get(0).get("state").asText()).isEqualTo("RESTARTING");
        assertThat(HERDER.calls).contains("restartConnector c true false");

        TestClient.Answer onlyFailed = client.post("/connectors/c/restart?includeTasks=false&onlyFailed=true", null);
        assertThat(onlyFailed.status()).isEqualTo(202);
        assertThat(HERDER.calls).contains("restartConnector c false true");
    }

    @Test
    void taskRestartIs204() {
        create("c");
        assertThat(client.post("/connectors/c/tasks/0/restart", null).status()).isEqualTo(204);
        assertThat(HERDER.calls).contains("restartTask c 0");
    }

    @Test
    void pauseAndResumeAre202AndStopIs204() {
        create("c");
        TestClient.Answer pause = client.put("/connectors/c/pause", null);
        assertThat(pause.status()).isEqualTo(202);
        assertThat(pause.body()).isEmpty();
        assertThat(client.get("/connectors/c/status").json().get("connector").get("state").asText())
                .isEqualTo("PAUSED");
        assertThat(client.put("/connectors/c/resume", null).status()).isEqualTo(202);
        assertThat(client.get("/connectors/c/status").json().get("connector").get("state").asText())
                .isEqualTo("RUNNING");
        assertThat(client.put("/connectors/c/stop", null).status()).isEqualTo(204);
        assertThat(client.get("/connectors/c/status").json().get("connector").get("state").asText())
                .isEqualTo("STOPPED");
    }

    @Test
    void offsetsReadAlterAndReset() {
        create("c");
        assertThat(client.get("/connectors/c/offsets").json().get("offsets")).isEmpty();
        String body = "{\"offsets\": [{\"partition\": {\"filename\": \"/tmp/in.txt\"}, \"offset\": {\"position\": 42}}]}";

        // Running: the herder refuses (Kafka requires STOPPED).
        assertError(client.patch("/connectors/c/offsets", body), 400, null);

        client.put("/connectors/c/stop", null);
        TestClient.Answer altered = client.patch("/connectors/c/offsets", body);
        assertThat(altered.status()).isEqualTo(200);
        assertThat(altered.json().get("message").asText())
                .isEqualTo("The offsets for this connector have been altered successfully");
        JsonNode offsets = client.get("/connectors/c/offsets").json().get("offsets");
        assertThat(offsets).hasSize(1);
        assertThat(offsets.get(0).get("partition").get("filename").asText()).isEqualTo("/tmp/in.txt");
        assertThat(offsets.get(0).get("offset").get("position").asInt()).isEqualTo(42);

        TestClient.Answer reset = client.delete("/connectors/c/offsets");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().get("message").asText())
                .isEqualTo("The offsets for this connector have been reset successfully");
        assertThat(client.get("/connectors/c/offsets").json().get("offsets")).isEmpty();
    }

    @Test
    void alteringNoOffsetsIs400() {
        create("c");
        assertError(client.patch("/connectors/c/offsets", "{\"offsets\": []}"), 400,
                "Partitions / offsets need to be provided for an alter offsets request");
        assertError(client.patch("/connectors/c/offsets", "{}"), 400,
                "Partitions / offsets need to be provided for an alter offsets request");
    }

    @Test
    void aNullOffsetMeansRemoveAndReachesTheHerder() {
        create("c");
        client.put("/connectors/c/stop", null);
        String body = "{\"offsets\": [{\"partition\": {\"kafka_topic\": \"t\", \"kafka_partition\": 0}, \"offset\": null}]}";
        assertThat(client.patch("/connectors/c/offsets", body).status()).isEqualTo(200);
        JsonNode offsets = client.get("/connectors/c/offsets").json().get("offsets");
        assertThat(offsets.get(0).get("offset").isNull()).isTrue();
    }

    @Test
    void topicsAndTheirReset() {
        create("c");
        TestClient.Answer topics = client.get("/connectors/c/topics");
        assertThat(topics.status()).isEqualTo(200);
        assertThat(topics.json().get("c").get("topics").get(0).asText()).isEqualTo("topic-c");
        assertThat(topics.json().size()).isEqualTo(1);

        assertThat(client.put("/connectors/c/topics/reset", null).status()).isEqualTo(202);
        assertThat(client.get("/connectors/c/topics").json().get("c").get("topics")).isEmpty();
    }

    @Test
    void unknownPathIs404AndAnotherMethodIs405() {
        assertError(client.get("/nothing/here"), 404, "HTTP 404 Not Found");
        assertError(client.get("/connectors/c/nothing"), 404, "HTTP 404 Not Found");
        TestClient.Answer wrong = client.send("DELETE", "/connectors/c/status", null, null);
        assertError(wrong, 405, "HTTP 405 Method Not Allowed");
        assertThat(wrong.header("Allow")).contains("GET");
        assertError(client.post("/connectors/c/pause", ""), 405, "HTTP 405 Method Not Allowed");
    }

    @Test
    void anUnforeseenFailureIs500WithItsMessage() {
        HERDER.failWith = new IllegalStateException("the herder broke");
        assertError(client.get("/connectors"), 500, "the herder broke");
    }

    @Test
    void namesNeedingEncodingWork() {
        TestClient.Answer created = client.put("/connectors/my%20connector/config", json(sourceConfig()));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("my connector");
        assertThat(created.header("Location")).endsWith("/connectors/my%20connector");
        assertThat(client.get("/connectors/my%20connector/status").status()).isEqualTo(200);
        assertThat(client.put("/connectors/a%2Fb/config", json(sourceConfig())).json().get("name").asText())
                .isEqualTo("a/b");
    }
    @Test
    void fenceIsApachesInternalRouteAnswering204() {
        create("file-source");
        TestClient.Answer answer = client.put("/connectors/file-source/fence", null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        assertThat(HERDER.calls).contains("fenceZombies file-source");
        assertError(client.put("/connectors/nope/fence", null), 404, "Connector nope not found");
    }
}
