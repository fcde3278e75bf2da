package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Connect's REST contract, as Apache's worker 4.3.1 answers it, against Tributary's worker in its own JVM
 * (distributed mode, one worker, a Tributary broker): worker info, plugins, connector CRUD with its status codes
 * and error bodies, validation, pause/resume/stop, KIP-875 offsets of a stopped file source and file sink (and what
 * the source does after they are altered or reset), KIP-745 restarts, expansions, active topics and
 * {@code /admin/loggers}.
 *
 * <p>{@code -Dcompat.connect.worker=apache} runs the same assertions against Apache's worker instead (a check of the
 * test itself: the contract is Apache's).
 */
class TributaryConnectRestCompatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = FilePipeline.SOURCE;
    private static final String SINK = FilePipeline.SINK;

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static ConnectWorkerProcess worker;
    private static ConnectRest rest;
    private static boolean apache;

    @RegisterExtension
    static final TestWatcher WORKER_LOG_ON_FAILURE = WorkerLogs.tailOnFailure("the Connect worker's ", 100,
            () -> worker);

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "300",
                "auto.create.topics.enable", "false")).start();
        Map<String, String> settings = ConnectWorkerSettings.forBroker(broker.bootstrap())
                .group("tributary-connect-rest")
                .converters("org.apache.kafka.connect.storage.StringConverter")
                .internalTopics("rest", 3, 3)
                .offsetFlushMs(200)
                .session(6000)
                .shortConsumerSessions()
                .pluginPath()
                .build();
        apache = "apache".equals(System.getProperty("compat.connect.worker"));
        long started = System.nanoTime();
        if (apache) {
            settings.put("plugin.discovery", "service_load");
            worker = ConnectWorkerProcess.apache("apache-connect-rest", dir.resolve("worker"), settings).start();
        } else {
            worker = ConnectWorkerProcess.tributary("tributary-connect-rest", dir.resolve("worker"), settings,
                    "distributed", List.of()).start();
        }
        System.out.printf("%s worker up in %d ms%n", apache ? "Apache's" : "Tributary's", ConnectLines.since(started));
        rest = new ConnectRest(worker.restUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            WorkerLogs.stopAndReport(worker, worker.name(), apache ? " ERROR " : " SEVERE ", 20);
        }
        if (broker != null) {
            broker.stop();
        }
    }

    private static String path(String connector, String rest) {
        return "/connectors/" + connector + rest;
    }

    private static Map<String, String> fileSource(Path file, String topic) {
        return FilePipeline.source(file, topic, 1);
    }

    /** Asserts Kafka Connect's error body: {@code {"error_code": status, "message": ...}}. */
    private static void assertError(ConnectRest.Reply r, int status, String what) {
        assertThat(r.status()).as(what + ": " + r).isEqualTo(status);
        assertThat(r.json()).as(what + " answers JSON: " + r).isNotNull();
        assertThat(r.json().path("error_code").asInt()).as(what + ": " + r).isEqualTo(status);
        assertThat(r.json().path("message").isTextual()).as(what + " has a message: " + r).isTrue();
    }

    /** Polls {@code GET path} until the answer satisfies {@code condition} (10 s). */
    private static ConnectRest.Reply await(String path, Predicate<ConnectRest.Reply> condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ConnectRest.Reply r;
        do {
            r = rest.get(path);
            if (condition.test(r)) {
                return r;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + " not seen within 20 s; last GET " + path + ": " + r);
    }

    private static Predicate<ConnectRest.Reply> states(String connector, String tasks) {
        return r -> {
            if (r.status() != 200 || !connector.equals(r.json().path("connector").path("state").asText())) {
                return false;
            }
            if (tasks == null) {
                return r.json().path("tasks").isEmpty();
            }
            JsonNode ts = r.json().path("tasks");
            if (ts.isEmpty()) {
                return false;
            }
            for (JsonNode t : ts) {
                if (!tasks.equals(t.path("state").asText())) {
                    return false;
                }
            }
            return true;
        };
    }

    // ------------------------------------------------------------------ the worker

    @Test
    void workerInfoAndPlugins() throws Exception {
        ConnectRest.Reply root = rest.get("/");
        assertThat(root.status()).as(root.toString()).isEqualTo(200);
        assertThat(root.json().path("version").asText()).as(root.toString()).isEqualTo("4.3.1");
        assertThat(root.json().path("commit").asText()).as(root.toString()).isNotEmpty();
        String clusterId;
        try (Admin admin = broker.admin()) {
            clusterId = admin.describeCluster().clusterId().get();
        }
        assertThat(root.json().path("kafka_cluster_id").asText()).as("kafka_cluster_id: " + root)
                .isEqualTo(clusterId).isNotEmpty();

        ConnectRest.Reply connectors = rest.get("/connector-plugins");
        assertThat(connectors.status()).as(connectors.toString()).isEqualTo(200);
        Map<String, JsonNode> byClass = new HashMap<>();
        for (JsonNode p : connectors.json()) {
            byClass.put(p.path("class").asText(), p);
            assertThat(p.path("type").asText()).as("GET /connector-plugins lists connectors only: " + p)
                    .isIn("source", "sink");
        }
        assertThat(byClass).containsKeys(SOURCE, SINK, "io.debezium.connector.postgresql.PostgresConnector");
        assertThat(byClass.get(SOURCE).path("version").asText()).isEqualTo("4.3.1");
        assertThat(byClass.get(SOURCE).path("type").asText()).isEqualTo("source");
        assertThat(byClass.get(SINK).path("type").asText()).isEqualTo("sink");
        assertThat(byClass.get("io.debezium.connector.postgresql.PostgresConnector").path("version").asText())
                .isEqualTo("3.6.1.Final");

        ConnectRest.Reply all = rest.get("/connector-plugins?connectorsOnly=false");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        List<String> entries = new ArrayList<>();
        for (JsonNode p : all.json()) {
            entries.add(p.path("class").asText() + " " + p.path("type").asText());
        }
        assertThat(entries).as("GET /connector-plugins?connectorsOnly=false").contains(
                SOURCE + " source",
                "org.apache.kafka.connect.transforms.HoistField$Value transformation",
                "org.apache.kafka.connect.json.JsonConverter converter",
                "org.apache.kafka.connect.transforms.predicates.TopicNameMatches predicate");
        System.out.printf("GET /connector-plugins: %d connectors; ?connectorsOnly=false: %d plugins%n",
                connectors.json().size(), all.json().size());

        ConnectRest.Reply config = rest.get("/connector-plugins/FileStreamSourceConnector/config");
        assertThat(config.status()).as(config.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        config.json().forEach(k -> names.add(k.path("name").asText()));
        assertThat(names).as("the plugin's own settings").contains("file", "topic", "batch.size");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorsHaveKafkaConnectsCodesAndBodies() throws Exception {
        Path file = dir.resolve("errors.txt");
        Files.createFile(file);
        Map<String, String> noClass = new LinkedHashMap<>(fileSource(file, "errors-topic"));
        noClass.remove("connector.class");
        assertError(rest.post("/connectors", Map.of("name", "no-class", "config", noClass)), 400,
                "POST without connector.class");
        Map<String, String> unknown = new LinkedHashMap<>(fileSource(file, "errors-topic"));
        unknown.put("connector.class", "com.example.NoSuchConnector");
        assertError(rest.post("/connectors", Map.of("name", "unknown-class", "config", unknown)), 400,
                "POST with an unknown connector.class");
        assertError(rest.get("/connectors/unknown-class"), 404, "the refused connector");

        ConnectRest.Reply created = rest.post("/connectors", Map.of("name", "dup", "config",
                fileSource(file, "errors-topic")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertError(rest.post("/connectors", Map.of("name", "dup", "config", fileSource(file, "errors-topic"))),
                409, "POST of an existing connector");
        rest.waitRunning("dup", 1, Duration.ofSeconds(30));
        ConnectRest.Reply patchRunning = rest.patch(path("dup", "/offsets"), Map.of("offsets", List.of(Map.of(
                "partition", Map.of("filename", file.toString()), "offset", Map.of("position", 0)))));
        assertError(patchRunning, 400, "PATCH offsets of a RUNNING connector");
        assertThat(patchRunning.json().path("message").asText()).contains("STOPPED");
        assertError(rest.delete(path("dup", "/offsets")), 400, "DELETE offsets of a RUNNING connector");
        assertThat(rest.delete("/connectors/dup").status()).isEqualTo(204);

        ConnectRest.Reply missing = rest.get("/connectors/x");
        assertError(missing, 404, "GET an unknown connector");
        assertThat(missing.json().path("message").asText()).isEqualTo("Connector x not found");
        assertError(rest.get("/connectors/x/status"), 404, "GET the status of an unknown connector");
        assertError(rest.delete("/connectors/x"), 404, "DELETE an unknown connector");
        assertError(rest.put("/connectors/x/pause", null), 404, "pause an unknown connector");
        assertError(rest.put("/connectors/x/config", Map.of("name", "y", "connector.class", SOURCE)), 400,
                "PUT a config whose name is not the path's");

        assertError(rest.send("DELETE", "/connector-plugins", null), 405, "DELETE /connector-plugins");
        assertError(rest.send("POST", "/", "{}"), 405, "POST /");
        assertError(rest.get("/no/such/path"), 404, "an unknown path");
        assertError(rest.get("/connectors/x/no-such-thing"), 404, "an unknown path under a connector");

        // validation answers 200 with the errors of each setting
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("connector.class", SOURCE);
        bad.put("name", "validate-me");
        bad.put("tasks.max", "not-a-number");
        bad.put("topic", "t");
        bad.put("file", file.toString());
        bad.put("batch.size", "-5");
        ConnectRest.Reply validation = rest.put("/connector-plugins/FileStreamSourceConnector/config/validate", bad);
        assertThat(validation.status()).as(validation.toString()).isEqualTo(200);
        assertThat(validation.json().path("name").asText()).as(validation.toString()).isEqualTo(SOURCE);
        assertThat(validation.json().path("error_count").asInt()).as(validation.toString()).isGreaterThanOrEqualTo(2);
        Map<String, JsonNode> values = new HashMap<>();
        for (JsonNode c : validation.json().path("configs")) {
            values.put(c.path("value").path("name").asText(), c.path("value"));
        }
        assertThat(values.get("tasks.max").path("errors")).as("tasks.max's errors: " + values.get("tasks.max"))
                .isNotEmpty();
        assertThat(values.get("topic").path("errors")).as("topic's errors").isEmpty();
        Map<String, String> good = new LinkedHashMap<>(bad);
        good.put("tasks.max", "1");
        good.put("batch.size", "100");
        ConnectRest.Reply ok = rest.put("/connector-plugins/FileStreamSourceConnector/config/validate", good);
        assertThat(ok.json().path("error_count").asInt()).as(ok.toString()).isZero();
    }

    // ------------------------------------------------------------------ the connector lifecycle

    @Test
    void connectorLifecycle() throws Exception {
        Path input = dir.resolve("lifecycle.txt");
        Files.writeString(input, "one\ntwo\nthree\n", StandardCharsets.UTF_8);
        Map<String, String> config = fileSource(input, "lifecycle-topic");

        ConnectRest.Reply put = rest.put(path("life", "/config"), config);
        assertThat(put.status()).as("PUT /config of a new connector: " + put).isEqualTo(201);
        assertThat(put.json().path("name").asText()).isEqualTo("life");
        assertThat(put.json().path("type").asText()).isEqualTo("source");
        assertThat(put.json().path("config").path("name").asText()).as("the name is added to the config")
                .isEqualTo("life");
        rest.waitRunning("life", 1, Duration.ofSeconds(30));
        config.put("batch.size", "500");
        ConnectRest.Reply update = rest.put(path("life", "/config"), config);
        assertThat(update.status()).as("PUT /config of an existing connector: " + update).isEqualTo(200);
        assertThat(update.json().path("config").path("batch.size").asText()).isEqualTo("500");
        await(path("life", "/tasks"), r -> r.status() == 200 && r.json().size() == 1
                && "500".equals(r.json().path(0).path("config").path("batch.size").asText()),
                "the task config regenerated after the update");

        // PATCH (KIP-477): merged into the config; null removes a setting
        Map<String, String> patch = new HashMap<>();
        patch.put("batch.size", null);
        patch.put("transforms", "origin");
        patch.put("transforms.origin.type", "org.apache.kafka.connect.transforms.InsertHeader");
        patch.put("transforms.origin.header", "origin");
        patch.put("transforms.origin.value.literal", "lifecycle");
        ConnectRest.Reply patched = rest.patch(path("life", "/config"), patch);
        assertThat(patched.status()).as("PATCH /config: " + patched).isEqualTo(200);
        ConnectRest.Reply got = rest.get(path("life", "/config"));
        assertThat(got.json().has("batch.size")).as("batch.size removed by PATCH: " + got).isFalse();
        assertThat(got.json().path("transforms").asText()).as(got.toString()).isEqualTo("origin");
        assertThat(got.json().path("file").asText()).as("settings PATCH did not name stay").isEqualTo(input.toString());
        rest.waitRunning("life", 1, Duration.ofSeconds(30));
        // FileStreamSourceConnector's task config is its own config (plus the worker's task.class): regenerated
        ConnectRest.Reply tasks = await(path("life", "/tasks"), r -> r.status() == 200 && r.json().size() == 1
                && "origin".equals(r.json().path(0).path("config").path("transforms").asText())
                && !r.json().path(0).path("config").has("batch.size"),
                "the task config regenerated after the PATCH");
        assertThat(tasks.json().path(0).path("id").path("connector").asText()).as(tasks.toString())
                .isEqualTo("life");
        assertThat(tasks.json().path(0).path("id").path("task").asInt()).as(tasks.toString()).isZero();

        // the records carry the patched SMT's header
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<ConsumerRecord<String, String>> records = List.of();
        while (System.nanoTime() < deadline) {
            try (Admin admin = broker.admin()) {
                if (admin.listTopics().names().get().contains("lifecycle-topic")) {
                    records = ConnectLines.readAll(broker.bootstrap(), "lifecycle-topic");
                }
            }
            if (records.size() >= 3) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(records).extracting(ConsumerRecord::value).as("the file's lines on the topic")
                .contains("one", "two", "three");

        // pause → PAUSED (connector and task); resume → RUNNING
        assertThat(rest.put(path("life", "/pause"), null).status()).isEqualTo(202);
        await(path("life", "/status"), states("PAUSED", "PAUSED"), "connector and task PAUSED");
        assertThat(rest.put(path("life", "/resume"), null).status()).isEqualTo(202);
        await(path("life", "/status"), states("RUNNING", "RUNNING"), "connector and task RUNNING again");

        // KIP-745 restart: 202 and the status with RESTARTING; a task restart: 204
        ConnectRest.Reply restart = rest.post(path("life", "/restart?includeTasks=true"), null);
        assertThat(restart.status()).as(restart.toString()).isEqualTo(202);
        assertThat(restart.json().path("name").asText()).isEqualTo("life");
        assertThat(restart.json().path("connector").path("state").asText()).as(restart.toString())
                .isEqualTo("RESTARTING");
        assertThat(restart.json().path("tasks").path(0).path("state").asText()).as(restart.toString())
                .isEqualTo("RESTARTING");
        await(path("life", "/status"), states("RUNNING", "RUNNING"), "RUNNING after the restart");
        ConnectRest.Reply plainRestart = rest.post(path("life", "/restart"), null);
        assertThat(plainRestart.status()).as("POST /restart without parameters: " + plainRestart).isEqualTo(204);
        ConnectRest.Reply taskRestart = rest.post(path("life", "/tasks/0/restart"), null);
        assertThat(taskRestart.status()).as(taskRestart.toString()).isEqualTo(204);
        assertError(rest.post(path("life", "/tasks/7/restart"), null), 404, "restart of a task that does not exist");
        await(path("life", "/status"), states("RUNNING", "RUNNING"), "RUNNING after the task restart");
        ConnectRest.Reply taskStatus = rest.get(path("life", "/tasks/0/status"));
        assertThat(taskStatus.json().path("id").asInt()).as(taskStatus.toString()).isZero();
        assertThat(taskStatus.json().path("state").asText()).isEqualTo("RUNNING");
        assertThat(taskStatus.json().path("worker_id").asText()).isEqualTo(worker.restUrl().substring(7));

        // GET /connectors?expand=status&expand=info
        ConnectRest.Reply expanded = rest.get("/connectors?expand=status&expand=info");
        assertThat(expanded.status()).as(expanded.toString()).isEqualTo(200);
        JsonNode life = expanded.json().path("life");
        assertThat(life.path("status").path("name").asText()).as(expanded.toString()).isEqualTo("life");
        assertThat(life.path("status").path("connector").path("state").asText()).isEqualTo("RUNNING");
        assertThat(life.path("status").path("type").asText()).isEqualTo("source");
        assertThat(life.path("info").path("name").asText()).isEqualTo("life");
        assertThat(life.path("info").path("config").path("connector.class").asText()).isEqualTo(SOURCE);
        assertThat(life.path("info").path("tasks").path(0).path("connector").asText()).isEqualTo("life");
        assertThat(life.path("info").path("tasks").path(0).path("task").asInt()).isZero();
        assertThat(life.path("info").path("type").asText()).isEqualTo("source");
        ConnectRest.Reply statusOnly = rest.get("/connectors?expand=status");
        assertThat(statusOnly.json().path("life").has("info")).as(statusOnly.toString()).isFalse();
        assertThat(statusOnly.json().path("life").path("status").path("tasks").size()).isEqualTo(1);

        // active topics (KIP-558)
        ConnectRest.Reply topics = await(path("life", "/topics"), r -> r.status() == 200
                && r.json().path("life").path("topics").size() > 0, "the active topics");
        assertThat(topics.json().path("life").path("topics")).extracting(JsonNode::asText)
                .containsExactly("lifecycle-topic");

        // stop → STOPPED, no tasks
        assertThat(rest.put(path("life", "/stop"), null).status()).isEqualTo(204);
        await(path("life", "/status"), states("STOPPED", null), "STOPPED with no tasks");
        await(path("life", "/tasks"), r -> r.status() == 200 && r.json().isEmpty(), "no task configs when STOPPED");
        assertThat(rest.put(path("life", "/resume"), null).status()).isEqualTo(202);
        rest.waitRunning("life", 1, Duration.ofSeconds(30));

        assertThat(rest.delete("/connectors/life").status()).isEqualTo(204);
        assertError(rest.get("/connectors/life"), 404, "a deleted connector");
        assertThat(rest.get("/connectors").json()).extracting(JsonNode::asText).doesNotContain("life");
    }

    /**
     * Kafka Connect's worker adds {@code task.class} to every task config it takes from a connector: it is what
     * {@code GET /connectors/{name}/tasks} shows and what {@code task-<name>-<n>} records of the config topic hold
     * (a worker reading that topic instantiates the task from it).
     */
    @Test
    void taskConfigsCarryTheTaskClass() throws Exception {
        Path input = dir.resolve("task-class.txt");
        Files.createFile(input);
        rest.createConnector("task-class", fileSource(input, "task-class-topic"));
        rest.waitRunning("task-class", 1, Duration.ofSeconds(30));
        ConnectRest.Reply tasks = rest.get(path("task-class", "/tasks"));
        assertThat(tasks.status()).as(tasks.toString()).isEqualTo(200);
        assertThat(tasks.json().path(0).path("config").path("file").asText()).as(tasks.toString())
                .isEqualTo(input.toString());
        rest.deleteConnector("task-class");
        assertThat(tasks.json().path(0).path("config").path("task.class").asText()).as("task.class in the task "
                + "config: " + tasks).isEqualTo("org.apache.kafka.connect.file.FileStreamSourceTask");
    }

    /**
     * KIP-980: a connector created with {@code "initial_state": "STOPPED"} never runs until resumed, so its offsets
     * can be set first (the KIP's use case: migrating a connector with its offsets). Here a file source over a file
     * of ten lines is created STOPPED, its position is set after line 6, and once resumed it sends lines 7-10 only.
     */
    @Test
    void aConnectorCreatedStoppedNeverRunsBeforeItIsResumed() throws Exception {
        String topic = "initial-stopped-topic";
        Path input = dir.resolve("initial-stopped.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            text.append(ConnectLines.line("s", i)).append('\n');
        }
        Files.writeString(input, text, StandardCharsets.UTF_8);
        long sixLines = Files.readString(input).lines().limit(6).mapToInt(l -> l.length() + 1).sum();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "initially-stopped");
        body.put("config", fileSource(input, topic));
        body.put("initial_state", "STOPPED");
        ConnectRest.Reply created = rest.post("/connectors", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        await(path("initially-stopped", "/status"), states("STOPPED", null), "created STOPPED");
        Thread.sleep(2_000);   // a connector that ran would have sent its file by now (and created the topic)
        try (Admin admin = broker.admin()) {
            boolean exists = admin.listTopics().names().get().contains(topic);
            int records = exists ? ConnectLines.readAll(broker.bootstrap(), topic).size() : 0;
            assertThat(records).as("records sent by a connector created STOPPED, before it was resumed (topic "
                    + (exists ? "created" : "not created") + ")").isZero();
        }
        ConnectRest.Reply altered = rest.patch(path("initially-stopped", "/offsets"), Map.of("offsets",
                List.of(Map.of("partition", Map.of("filename", input.toString()), "offset", Map.of("position",
                        sixLines)))));
        assertThat(altered.status()).as(altered.toString()).isEqualTo(200);
        assertThat(rest.put(path("initially-stopped", "/resume"), null).status()).isEqualTo(202);
        rest.waitRunning("initially-stopped", 1, Duration.ofSeconds(30));
        try (Admin admin = broker.admin()) {
            ConnectLines.awaitTopic(admin, topic, Duration.ofSeconds(30));
        }
        awaitTopicCount(topic, 4, "lines 7-10 only");
        assertThat(ConnectLines.readAll(broker.bootstrap(), topic)).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(ConnectLines.lines("s", 7, 10));
        rest.deleteConnector("initially-stopped");
    }

    /**
     * A task that fails (a file sink writing into a directory that does not exist) is FAILED with its trace while its
     * connector RUNS; {@code restart?onlyFailed=true&includeTasks=true} (KIP-745) restarts the task only, answering
     * 202 with the connector as it was and the task RESTARTING.
     */
    @Test
    void aFailedTaskShowsItsTraceAndOnlyFailedRestartsIt() throws Exception {
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", SINK);
        sink.put("tasks.max", "1");
        sink.put("file", dir.resolve("no-such-directory").resolve("out.txt").toString());
        sink.put("topics", "failing-sink-topic");
        rest.createConnector("failing-sink", sink);
        ConnectRest.Reply failed = await(path("failing-sink", "/status"), states("RUNNING", "FAILED"),
                "the connector RUNNING and its task FAILED");
        JsonNode task = failed.json().path("tasks").path(0);
        assertThat(task.path("trace").asText()).as("the failed task's trace: " + failed).isNotBlank();
        assertThat(failed.json().path("connector").has("trace")).as("no trace for the running connector: " + failed)
                .isFalse();
        ConnectRest.Reply taskStatus = rest.get(path("failing-sink", "/tasks/0/status"));
        assertThat(taskStatus.json().path("state").asText()).as(taskStatus.toString()).isEqualTo("FAILED");
        assertError(rest.get(path("failing-sink", "/tasks/5/status")), 404, "the status of a task that does not exist");

        // the directory exists before the restart: a restart that ran before it was created would fail again
        Files.createDirectories(dir.resolve("no-such-directory"));
        ConnectRest.Reply restart = rest.post(path("failing-sink", "/restart?includeTasks=true&onlyFailed=true"),
                null);
        assertThat(restart.status()).as(restart.toString()).isEqualTo(202);
        assertThat(restart.json().path("connector").path("state").asText()).as("a running connector is not "
                + "restarted with onlyFailed: " + restart).isEqualTo("RUNNING");
        assertThat(restart.json().path("tasks").path(0).path("state").asText()).as(restart.toString())
                .isEqualTo("RESTARTING");
        await(path("failing-sink", "/status"), states("RUNNING", "RUNNING"), "the restarted task RUNNING");
        rest.deleteConnector("failing-sink");
    }

    @Test
    void unknownPluginsAreRefused() throws Exception {
        assertError(rest.get("/connector-plugins/NoSuchConnector/config"), 404, "the config of an unknown plugin");
        ConnectRest.Reply validate = rest.put("/connector-plugins/NoSuchConnector/config/validate",
                Map.of("connector.class", "NoSuchConnector", "name", "x"));
        // Apache's worker answers 500 here (a BadRequestException wrapped in another exception): 400 is as good
        assertThat(validate.status()).as(validate.toString()).isIn(400, 500);
        assertError(validate, validate.status(), "validating a config of an unknown plugin");
    }

    // ------------------------------------------------------------------ KIP-875 offsets

    @Test
    void offsetsOfStoppedConnectorsCanBeReadAlteredAndReset() throws Exception {
        String topic = "offsets-topic";
        Path input = dir.resolve("offsets.txt");
        Path output = dir.resolve("offsets-out.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            text.append(ConnectLines.line("o", i)).append('\n');
        }
        Files.writeString(input, text, StandardCharsets.UTF_8);
        long size = Files.size(input);
        long fiveLines = Files.readString(input).lines().limit(5).mapToInt(l -> l.length() + 1).sum();

        rest.createConnector("off-source", fileSource(input, topic));
        rest.waitRunning("off-source", 1, Duration.ofSeconds(30));
        await(path("off-source", "/offsets"), r -> r.status() == 200
                && r.json().path("offsets").path(0).path("offset").path("position").asLong() == size,
                "the source's committed position at the end of its file");
        Map<String, String> sink = FilePipeline.sink(output, topic);
        rest.createConnector("off-sink", sink);
        rest.waitRunning("off-sink", 1, Duration.ofSeconds(30));
        ConnectLines.awaitLineCount(output, 10, Duration.ofSeconds(30), () -> worker.logTail(30));

        // the source: stop, read, PATCH to after line 5, resume → lines 6-10 are sent again
        assertThat(rest.put(path("off-source", "/stop"), null).status()).isEqualTo(204);
        await(path("off-source", "/status"), states("STOPPED", null), "the source STOPPED");
        ConnectRest.Reply offsets = rest.get(path("off-source", "/offsets"));
        assertThat(offsets.status()).as(offsets.toString()).isEqualTo(200);
        assertThat(offsets.json()).as("GET offsets of the stopped source").isEqualTo(JSON.readTree(
                JSON.writeValueAsString(Map.of("offsets", List.of(Map.of("partition", Map.of("filename",
                        input.toString()), "offset", Map.of("position", size)))))));
        ConnectRest.Reply altered = rest.patch(path("off-source", "/offsets"), Map.of("offsets", List.of(Map.of(
                "partition", Map.of("filename", input.toString()), "offset", Map.of("position", fiveLines)))));
        assertThat(altered.status()).as(altered.toString()).isEqualTo(200);
        assertThat(altered.json().path("message").asText()).as(altered.toString())
                .isEqualTo("The offsets for this connector have been altered successfully");
        ConnectRest.Reply after = rest.get(path("off-source", "/offsets"));
        assertThat(after.json().path("offsets").path(0).path("offset").path("position").asLong())
                .as("the position after PATCH: " + after).isEqualTo(fiveLines);
        assertError(rest.patch(path("off-source", "/offsets"), Map.of("offsets", List.of())), 400,
                "PATCH with no offsets");
        assertThat(rest.put(path("off-source", "/resume"), null).status()).isEqualTo(202);
        rest.waitRunning("off-source", 1, Duration.ofSeconds(30));
        awaitTopicCount(topic, 15, "10 lines, then lines 6-10 again from the PATCHed position");

        // reset: stop, DELETE, resume → all ten again
        assertThat(rest.put(path("off-source", "/stop"), null).status()).isEqualTo(204);
        await(path("off-source", "/status"), states("STOPPED", null), "the source STOPPED again");
        ConnectRest.Reply reset = rest.delete(path("off-source", "/offsets"));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(reset.json().path("message").asText()).as(reset.toString())
                .isEqualTo("The offsets for this connector have been reset successfully");
        // no offset left for any partition (Apache's worker lists the partition with "offset": null, or none)
        ConnectRest.Reply none = rest.get(path("off-source", "/offsets"));
        assertThat(none.status()).as(none.toString()).isEqualTo(200);
        assertThat(none.json().path("offsets")).as("offsets after DELETE: " + none)
                .allMatch(o -> o.path("offset").isNull() || o.path("offset").isMissingNode());
        assertThat(rest.put(path("off-source", "/resume"), null).status()).isEqualTo(202);
        rest.waitRunning("off-source", 1, Duration.ofSeconds(30));
        awaitTopicCount(topic, 25, "and all ten once more after the reset");
        List<String> lines = ConnectLines.readAll(broker.bootstrap(), topic).stream().map(ConsumerRecord::value)
                .toList();
        assertThat(lines.subList(10, 15)).as("sent from the PATCHed position")
                .containsExactlyElementsOf(ConnectLines.lines("o", 6, 10));
        assertThat(lines.subList(15, 25)).as("sent from the start after the reset")
                .containsExactlyElementsOf(ConnectLines.lines("o", 1, 10));

        // the sink: its consumer group's offsets (kafka_offset), altered and reset while it is STOPPED
        ConnectLines.awaitLineCount(output, 25, Duration.ofSeconds(30), () -> worker.logTail(30));
        assertThat(rest.put(path("off-sink", "/stop"), null).status()).isEqualTo(204);
        await(path("off-sink", "/status"), states("STOPPED", null), "the sink STOPPED");
        ConnectRest.Reply sinkOffsets = await(path("off-sink", "/offsets"), r -> r.status() == 200
                && r.json().path("offsets").path(0).path("offset").path("kafka_offset").asLong() == 25,
                "the sink's committed kafka_offset 25");
        assertThat(sinkOffsets.json()).isEqualTo(JSON.readTree(JSON.writeValueAsString(Map.of("offsets",
                List.of(Map.of("partition", Map.of("kafka_topic", topic, "kafka_partition", 0), "offset",
                        Map.of("kafka_offset", 25)))))));
        ConnectRest.Reply sinkAltered = rest.patch(path("off-sink", "/offsets"), Map.of("offsets", List.of(Map.of(
                "partition", Map.of("kafka_topic", topic, "kafka_partition", 0), "offset", Map.of("kafka_offset",
                        20)))));
        assertThat(sinkAltered.status()).as(sinkAltered.toString()).isEqualTo(200);
        assertThat(sinkAltered.json().path("message").asText()).as(sinkAltered.toString())
                .isEqualTo("The offsets for this connector have been altered successfully");
        assertThat(rest.get(path("off-sink", "/offsets")).json().path("offsets").path(0).path("offset")
                .path("kafka_offset").asLong()).as("the sink's offset after PATCH").isEqualTo(20);
        assertThat(rest.put(path("off-sink", "/resume"), null).status()).isEqualTo(202);
        rest.waitRunning("off-sink", 1, Duration.ofSeconds(30));
        ConnectLines.awaitLineCount(output, 30, Duration.ofSeconds(30), () -> worker.logTail(30));
        assertThat(ConnectLines.linesOf(output).subList(25, 30)).as("the sink went back to offset 20")
                .containsExactlyElementsOf(lines.subList(20, 25));

        assertThat(rest.put(path("off-sink", "/stop"), null).status()).isEqualTo(204);
        await(path("off-sink", "/status"), states("STOPPED", null), "the sink STOPPED again");
        ConnectRest.Reply sinkReset = rest.delete(path("off-sink", "/offsets"));
        assertThat(sinkReset.status()).as(sinkReset.toString()).isEqualTo(200);
        assertThat(sinkReset.json().path("message").asText()).as(sinkReset.toString())
                .isEqualTo("The offsets for this connector have been reset successfully");
        assertThat(rest.get(path("off-sink", "/offsets")).json().path("offsets")).as("sink offsets after DELETE")
                .allMatch(o -> o.path("offset").isNull() || o.path("offset").isMissingNode());
        assertThat(rest.put(path("off-sink", "/resume"), null).status()).isEqualTo(202);
        rest.waitRunning("off-sink", 1, Duration.ofSeconds(30));
        ConnectLines.awaitLineCount(output, 55, Duration.ofSeconds(30), () -> worker.logTail(30));
        assertThat(ConnectLines.linesOf(output).subList(30, 55)).as("the sink read the topic from its start")
                .containsExactlyElementsOf(lines);
        System.out.printf("KIP-875: the source re-sent 5 lines after PATCH and 10 after DELETE; the sink 5 and 25%n");

        rest.deleteConnector("off-sink");
        rest.deleteConnector("off-source");
    }

    private static void awaitTopicCount(String topic, int count, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = ConnectLines.readAll(broker.bootstrap(), topic).size();
            if (seen >= count) {
                break;
            }
            Thread.sleep(200);
        }
        Thread.sleep(1_500);   // anything beyond it would have to show up too
        seen = ConnectLines.readAll(broker.bootstrap(), topic).size();
        assertThat(seen).as(topic + ": " + what).isEqualTo(count);
    }

    // ------------------------------------------------------------------ /admin/loggers

    @Test
    void adminLoggers() throws Exception {
        ConnectRest.Reply all = rest.get("/admin/loggers");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().path("root").path("level").isTextual()).as("the root logger: " + all).isTrue();

        ConnectRest.Reply set = rest.put("/admin/loggers/io.tributary", Map.of("level", "DEBUG"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json()).extracting(JsonNode::asText).as(set.toString()).contains("io.tributary");
        ConnectRest.Reply one = rest.get("/admin/loggers/io.tributary");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().path("level").asText()).isEqualTo("DEBUG");
        assertThat(one.json().path("last_modified").asLong()).as(one.toString()).isPositive();
        assertThat(rest.get("/admin/loggers").json().path("io.tributary").path("level").asText()).isEqualTo("DEBUG");

        assertError(rest.put("/admin/loggers/io.tributary", Map.of("level", "LOUD")), 404, "an unknown level");
        assertError(rest.put("/admin/loggers/io.tributary", Map.of()), 400, "no level");
        ConnectRest.Reply back = rest.put("/admin/loggers/io.tributary", Map.of("level", "INFO"));
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(rest.get("/admin/loggers/io.tributary").json().path("level").asText()).isEqualTo("INFO");
    }
}
