package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tributary's Connect worker ({@link ConnectWorkerProcess#tributary}, standalone mode, connectors given on its
 * command line as a properties file and a JSON file) runs Apache's connect-file 4.3.1 with connect-transforms SMTs
 * against a Tributary broker: FileStreamSource → HoistField/InsertField → topic → ExtractField → FileStreamSink.
 * 20,000 lines are appended in bursts; the worker is SIGKILLed mid-stream and started again with the same
 * {@code offset.storage.file.filename}: every line arrives (duplicates counted), and the source resumes at the
 * position its offsets file holds, which is at least what {@code GET /connectors/file-source/offsets} said was
 * committed before the kill. Also in standalone mode: KIP-980 (a connector created STOPPED sends nothing until it is
 * resumed, from the position set meanwhile) and a worker started without connector files keeps serving.
 */
class TributaryConnectFileCompatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "tributary-file-lines";
    private static final String P = "line";

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static ConnectWorkerProcess worker;

    @RegisterExtension
    static final TestWatcher WORKER_LOG_ON_FAILURE = WorkerLogs.tailOnFailure("Tributary's Connect worker's ", 200,
            () -> worker);

    @BeforeAll
    static void startBroker() throws Exception {
        // The sink starts with the worker, before the source created the topic: its consumer must not create it
        // with the broker's defaults (one partition) by asking for its metadata.
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "300",
                "auto.create.topics.enable", "false")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        WorkerLogs.stopAndReport(worker, "Tributary Connect worker (standalone)", " SEVERE ", 20);
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void fileSourceThroughSmtsToFileSinkLosesNoLineAcrossAWorkerKill() throws Exception {
        long testStart = System.nanoTime();
        int total = 20_000;
        Path input = dir.resolve("input.txt");
        Path output = dir.resolve("output.txt");
        Path offsetsFile = dir.resolve("worker").resolve("connect.offsets");
        Files.createFile(input);

        // the source as a properties file, the sink as JSON {"name", "config"}: both of ConnectMain's formats
        Path sourceFile = dir.resolve("file-source.properties");
        Map<String, String> source = FilePipeline.smtSource(input, TOPIC);
        source.put("connector.class", "FileStreamSource");   // the alias
        StringBuilder sourceProperties = new StringBuilder("name=file-source\n");
        source.forEach((k, v) -> sourceProperties.append(k).append('=').append(v.replace("\\", "\\\\"))
                .append('\n'));
        Files.writeString(sourceFile, sourceProperties, StandardCharsets.UTF_8);
        Map<String, String> sink = FilePipeline.smtSink(output, TOPIC);
        Path sinkFile = dir.resolve("file-sink.json");
        Files.writeString(sinkFile, JSON.writeValueAsString(Map.of("name", "file-sink", "config", sink)),
                StandardCharsets.UTF_8);

        Map<String, String> settings = ConnectWorkerSettings.forBroker(broker.bootstrap())
                .schemalessJson()
                .set("offset.storage.file.filename", offsetsFile.toString())
                .offsetFlushMs(500)
                // a SIGKILLed sink task's consumer leaves no group: its session (45 s by default) would hold the
                // restart up
                .shortConsumerSessions()
                .pluginPath()
                .build();
        worker = ConnectWorkerProcess.tributary("tributary-connect-standalone", dir.resolve("worker"), settings,
                "standalone", List.of(sourceFile, sinkFile));
        long started = System.nanoTime();
        worker.start();
        System.out.printf("standalone worker up (GET / and \"Kafka Connect started\") in %d ms%n",
                ConnectLines.since(started));
        ConnectRest rest = new ConnectRest(worker.restUrl());
        rest.waitRunning("file-source", 1, Duration.ofSeconds(60));
        rest.waitRunning("file-sink", 1, Duration.ofSeconds(60));
        assertThat(rest.get("/connectors").json()).as("the connectors of the command line")
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("file-source", "file-sink");

        ConnectLines.append(input, P, 1, 5_000);
        try (Admin admin = broker.admin()) {
            ConnectLines.awaitTopic(admin, TOPIC, Duration.ofSeconds(60));
            TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
            assertThat(d.partitions()).as("topic.creation.default.partitions").hasSize(3);
        }
        ConnectLines.awaitLineCount(output, 5_000, Duration.ofSeconds(60), () -> worker.logTail(40));
        // the worker commits the source's position (offset.flush.interval.ms=500): all 5,000 lines
        long firstCommit = Files.size(input);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (committedPosition(rest.offsets("file-source")) != firstCommit && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(committedPosition(rest.offsets("file-source"))).as("the committed position of the first 5,000 "
                + "lines (GET /connectors/file-source/offsets)").isEqualTo(firstCommit);

        // Lines 5,001-15,000 are appended in bursts of 25 while the worker runs; it is SIGKILLed in the middle of
        // them, and the rest are appended while it is down.
        AtomicInteger appended = new AtomicInteger(5_000);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = ConnectLines.appendInBursts(input, P, 5_001, 15_000, 25, 10, appended, writerFailure);
        ConnectLines.awaitLineCount(output, 5_500, Duration.ofSeconds(60), () -> worker.logTail(40));
        long committedViaRest = committedPosition(rest.offsets("file-source"));
        int deliveredAtKill = ConnectLines.linesOf(output).size();
        worker.kill();
        int appendedAtKill = appended.get();   // at most this many lines existed when the worker died
        writer.join(60_000);
        assertThat(writerFailure.get()).isNull();
        assertThat(appendedAtKill).as("the worker was killed while lines were still being appended")
                .isLessThan(15_000);

        // The offsets file survived the SIGKILL and holds at least what the worker reported committed.
        assertThat(offsetsFile).as("offset.storage.file.filename after the SIGKILL").exists();
        long committed = positionInOffsetsFile(offsetsFile);
        assertThat(committed).as("the position in the offsets file (GET .../offsets said %d just before the kill)",
                committedViaRest).isGreaterThanOrEqualTo(committedViaRest);
        int committedLines = ConnectLines.linesWithin(input, committed);
        System.out.printf("file pipeline: SIGKILL with %d lines appended and %d in the output; committed position "
                        + "%d via REST just before, %d in the offsets file (after line %d); %d more appended while "
                        + "the worker was down%n", appendedAtKill, deliveredAtKill, committedViaRest, committed,
                committedLines, 15_000 - appendedAtKill);
        assertThat(committedLines).as("lines committed before the kill").isGreaterThanOrEqualTo(5_000);

        started = System.nanoTime();
        worker.start();
        System.out.printf("standalone worker restarted after SIGKILL: up in %d ms%n", ConnectLines.since(started));
        rest.waitRunning("file-source", 1, Duration.ofSeconds(60));
        rest.waitRunning("file-sink", 1, Duration.ofSeconds(60));
        ConnectLines.append(input, P, 15_001, total);

        Set<String> expected = ConnectLines.lines(P, 1, total);
        long waitStart = System.nanoTime();
        ConnectLines.Tally tally = ConnectLines.awaitAll(output, expected, Duration.ofSeconds(60));
        System.out.printf("file pipeline: %s (all there %d ms after the last append)%n", tally.summary(total),
                ConnectLines.since(waitStart));
        assertThat(tally.missing()).as("lines that never reached the sink's file").isEmpty();
        assertThat(tally.unexpected()).as("lines in the output that were never written (garbled?)").isEmpty();

        // On the topic: the source SMTs' JSON (HoistField, then InsertField; schemas.enable=false), no key.
        Map<String, Integer> onTopic = FilePipeline.linesOnTopic(broker.bootstrap(), TOPIC);
        assertThat(onTopic.keySet()).as("every line on the topic as {\"line\":..., \"origin\":...}")
                .containsExactlyInAnyOrderElementsOf(expected);
        // The restarted source resumed at the committed position: a line sent twice lies after it and was there
        // before the kill (the source read it, the commit did not get that far).
        List<Integer> sentTwice = onTopic.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> ConnectLines.numberOf(P, e.getKey())).sorted().toList();
        System.out.printf("file pipeline: %d records on %s, %d lines there more than once%s%n",
                onTopic.values().stream().mapToInt(Integer::intValue).sum(), TOPIC, sentTwice.size(),
                sentTwice.isEmpty() ? "" : " (lines " + sentTwice.get(0) + ".." + sentTwice.get(sentTwice.size() - 1)
                        + ")");
        assertThat(sentTwice).as("lines sent again after the restart: only those after the committed position "
                + "(line " + committedLines + ") and appended before the kill (line " + appendedAtKill + ")")
                .allMatch(n -> n > committedLines && n <= appendedAtKill);

        // and the restarted worker commits too: its committed position reaches the end of the file
        long end = Files.size(input);
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long position = -1;
        while (System.nanoTime() < deadline && (position = committedPosition(rest.offsets("file-source"))) != end) {
            Thread.sleep(100);
        }
        assertThat(position).as("the committed position after the restart (the file has %d bytes)", end)
                .isEqualTo(end);
        System.out.printf("TributaryConnectFileCompatTest: %d ms%n", ConnectLines.since(testStart));
    }

    /**
     * KIP-980 in standalone mode: file sources created with {@code "initial_state": "STOPPED"} send nothing until
     * resumed, so the position set meanwhile (KIP-875, the standalone offsets file) is where one starts: of a file of
     * 200 lines, with the position set after line 150, lines 151-200 arrive and nothing else.
     */
    @Test
    void aConnectorCreatedStoppedSendsNothingBeforeItIsResumed() throws Exception {
        String topic = "standalone-initially-stopped";
        Path input = dir.resolve("initially-stopped.txt");
        ConnectLines.append(input, "s", 1, 200);
        long position = ConnectLines.lines("s", 1, 150).stream().mapToLong(l -> l.length() + 1).sum();
        Map<String, String> settings = ConnectWorkerSettings.forBroker(broker.bootstrap())
                .converters("org.apache.kafka.connect.storage.StringConverter")
                .set("offset.storage.file.filename", dir.resolve("kip980-worker").resolve("offsets").toString())
                .offsetFlushMs(500)
                .pluginPath()
                .build();
        // Started with a connector on its command line: a standalone worker without connectors exits (see
        // aStandaloneWorkerWithoutConnectorsKeepsServing).
        Path keeper = dir.resolve("keeper.properties");
        Files.writeString(keeper, String.join("\n", "name=keeper", "connector.class=FileStreamSource",
                "file=" + dir.resolve("keeper.txt").toString().replace("\\", "\\\\"), "topic=keeper", ""),
                StandardCharsets.UTF_8);
        try (ConnectWorkerProcess standalone = ConnectWorkerProcess.tributary("tributary-connect-standalone-kip980",
                dir.resolve("kip980-worker"), settings, "standalone", List.of(keeper)).start()) {
            ConnectRest rest = new ConnectRest(standalone.restUrl());
            // Five connectors are created STOPPED, each with a topic of its own: whether a connector started by
            // mistake gets to send before it is stopped is a race, five chances to see it.
            int created = 5;
            for (int i = 0; i < created; i++) {
                Map<String, String> config = new LinkedHashMap<>();
                config.put("connector.class", "FileStreamSource");
                config.put("tasks.max", "1");
                config.put("file", input.toString());
                config.put("topic", topic + "-" + i);
                config.put("topic.creation.default.partitions", "1");
                config.put("topic.creation.default.replication.factor", "1");
                ConnectRest.Reply reply = rest.post("/connectors", Map.of("name", "initially-stopped-" + i, "config",
                        config, "initial_state", "STOPPED"));
                assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
                ConnectRest.Reply status = rest.get("/connectors/initially-stopped-" + i + "/status");
                assertThat(status.json().path("connector").path("state").asText()).as(status.toString())
                        .isEqualTo("STOPPED");
                assertThat(status.json().path("tasks")).as(status.toString()).isEmpty();
            }
            Thread.sleep(2_000);   // a source that ran would have sent its 200 lines (and created its topic) by now
            Map<String, Integer> sent = new TreeMap<>();
            try (Admin admin = broker.admin()) {
                Set<String> topics = admin.listTopics().names().get();
                for (int i = 0; i < created; i++) {
                    String t = topic + "-" + i;
                    if (topics.contains(t)) {
                        sent.put("initially-stopped-" + i, ConnectLines.readAll(broker.bootstrap(), t).size());
                    }
                }
            }
            System.out.printf("KIP-980 (standalone): of %d connectors created STOPPED, %d sent records before "
                    + "they were resumed: %s%n", created, sent.size(), sent);
            assertThat(sent).as("records sent by connectors created STOPPED, before they were resumed").isEmpty();
            for (int i = 1; i < created; i++) {
                rest.deleteConnector("initially-stopped-" + i);
            }
            topic = topic + "-0";
            ConnectRest.Reply altered = rest.patch("/connectors/initially-stopped-0/offsets", Map.of("offsets",
                    List.of(Map.of("partition", Map.of("filename", input.toString()), "offset", Map.of("position",
                            position)))));
            assertThat(altered.status()).as(altered.toString()).isEqualTo(200);
            assertThat(rest.offsets("initially-stopped-0").path("offsets").path(0).path("offset").path("position")
                    .asLong()).isEqualTo(position);
            assertThat(rest.put("/connectors/initially-stopped-0/resume", null).status()).isEqualTo(202);
            rest.waitRunning("initially-stopped-0", 1, Duration.ofSeconds(30));
            try (Admin admin = broker.admin()) {
                ConnectLines.awaitTopic(admin, topic, Duration.ofSeconds(30));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> values = List.of();
            while (System.nanoTime() < deadline && values.size() < 50) {
                values = ConnectLines.readAll(broker.bootstrap(), topic).stream().map(ConsumerRecord::value)
                        .toList();
                Thread.sleep(100);
            }
            Thread.sleep(1_000);
            values = ConnectLines.readAll(broker.bootstrap(), topic).stream().map(ConsumerRecord::value).toList();
            assertThat(values).as("what the source sent once resumed").containsExactlyElementsOf(
                    ConnectLines.lines("s", 151, 200));
        }
    }

    /**
     * {@code connect-standalone worker.properties} with no connector files is a worker that serves the REST API
     * until it is stopped (connectors are then created with {@code POST /connectors}), as Apache's does.
     */
    @Test
    void aStandaloneWorkerWithoutConnectorsKeepsServing() throws Exception {
        Map<String, String> settings = ConnectWorkerSettings.forBroker(broker.bootstrap())
                .set("offset.storage.file.filename", dir.resolve("empty-worker").resolve("offsets").toString())
                .pluginPath()
                .build();
        try (ConnectWorkerProcess standalone = ConnectWorkerProcess.tributary("tributary-connect-standalone-empty",
                dir.resolve("empty-worker"), settings, "standalone", List.of())) {
            try {
                standalone.start();
            } catch (IllegalStateException e) {
                throw new AssertionError("a standalone worker without connectors did not keep running: "
                        + e.getMessage(), e);
            }
            Thread.sleep(2_000);
            assertThat(standalone.isAlive()).as("the worker 2 s after it started; " + standalone.logTail(10))
                    .isTrue();
            ConnectRest.Reply list = new ConnectRest(standalone.restUrl()).get("/connectors");
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            assertThat(list.json()).isEmpty();
        }
    }

    /** The {@code position} of the one source partition in a {@code GET .../offsets} answer (0 when none yet). */
    private static long committedPosition(JsonNode offsets) {
        long position = 0;
        for (JsonNode o : offsets.path("offsets")) {
            position = Math.max(position, o.path("offset").path("position").asLong());
        }
        return position;
    }

    private static final Pattern POSITION = Pattern.compile("\"position\"\\s*:\\s*(\\d+)");

    /**
     * The file source's position in the standalone offsets file, whose keys and values are connect-json's
     * serialized JSON (as on Kafka Connect's offsets topic) framed by lengths.
     */
    private static long positionInOffsetsFile(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).as("the offsets file " + file).isNotEmpty();
        Matcher m = POSITION.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        long position = -1;
        int found = 0;
        while (m.find()) {
            position = Long.parseLong(m.group(1));
            found++;
        }
        assertThat(found).as("{\"position\": N} values in the offsets file (one source partition)").isEqualTo(1);
        return position;
    }
}
