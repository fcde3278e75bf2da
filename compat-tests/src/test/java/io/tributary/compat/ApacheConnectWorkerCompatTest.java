package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka's own Connect worker ({@code connect-runtime} 4.3.1 from Maven Central, distributed mode, in its own
 * JVM: {@link ConnectWorkerProcess#apache}) runs real pipelines against a Tributary broker process: connect-file's
 * source and sink with connect-transforms SMTs, and Debezium's PostgreSQL connector against a real PostgreSQL
 * ({@link PostgresProcess}), each across a SIGKILL of the worker; and the worker's three internal topics are
 * compacted topics that the broker really compacts.
 */
class ApacheConnectWorkerCompatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPICS = "apache-connect";
    private static final String CONFIGS = TOPICS + "-configs";
    private static final String OFFSETS = TOPICS + "-offsets";
    private static final String STATUS = TOPICS + "-status";

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static ConnectWorkerProcess worker;
    private static ConnectRest rest;

    /** A failed test shows what the worker logged last. */
    @RegisterExtension
    static final TestWatcher WORKER_LOG_ON_FAILURE = WorkerLogs.tailOnFailure("the Connect worker's ", 200,
            () -> worker);

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of(
                // the compaction test waits for the cleaner: look every half second rather than every 15 s
                "log.cleaner.backoff.ms", "500",
                // and clean whatever is dirty: with the default ratio (0.5) a last segment rolled after the pass
                // that cleaned the rest is a third of the log, below the ratio, and waits for more writes
                "log.cleaner.min.cleanable.ratio", "0.01",
                "group.initial.rebalance.delay.ms", "300")).start();
        Map<String, String> settings = ConnectWorkerSettings.forBroker(broker.bootstrap())
                .group("apache-connect-compat")
                .schemalessJson()
                .internalTopics(TOPICS, 5, 3)
                // Topic settings the worker passes on when it creates its internal topics: segments roll after
                // 100 ms, so offset commits land in many segments the cleaner may compact.
                .set("offset.storage.segment.ms", "100")
                .set("status.storage.segment.ms", "100")
                .offsetFlushMs(200)
                // the broker's minimum: a SIGKILLed worker's membership ends after 6 s, not 10 s
                .session(6000)
                // likewise for its sink tasks' consumers (45 s by default): after the SIGKILL, a restarted sink
                // task's consumer joins a group that waits for the dead incarnation's member until its session ends
                .shortConsumerSessions()
                .pluginPath()
                // every plugin here has ServiceLoader manifests (the worker says so, and suggests this): no
                // reflective scan of every jar at each start, a few seconds of a two-core machine
                .set("plugin.discovery", "service_load")
                .build();
        worker = ConnectWorkerProcess.apache("apache-connect", dir.resolve("worker"), settings).start();
        rest = new ConnectRest(worker.restUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        WorkerLogs.stopAndReport(worker, "Apache Connect worker", " ERROR ", 20);
        if (broker != null) {
            broker.stop();
        }
    }

    private static void killAndRestartWorker(CdcScenario.Step whileDown) throws Exception {
        worker.kill();
        whileDown.run();
        long started = System.nanoTime();
        worker.start();
        System.out.printf("worker restarted after SIGKILL: REST up in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    // ------------------------------------------------------------------ the plugin path

    @Test
    void theWorkerLoadsEveryPluginOfThePluginPath() throws Exception {
        ConnectRest.Reply plugins = rest.get("/connector-plugins?connectorsOnly=false");
        assertThat(plugins.status()).as(plugins.toString()).isEqualTo(200);
        Map<String, String> versions = new TreeMap<>();
        for (JsonNode p : plugins.json()) {
            versions.put(p.path("class").asText(), p.path("version").asText());
        }
        assertThat(versions).as("GET /connector-plugins").containsEntry(
                        "org.apache.kafka.connect.file.FileStreamSourceConnector", "4.3.1")
                .containsEntry("org.apache.kafka.connect.file.FileStreamSinkConnector", "4.3.1")
                .containsEntry("io.debezium.connector.postgresql.PostgresConnector", "3.6.1.Final")
                .containsEntry("org.apache.kafka.connect.mirror.MirrorSourceConnector", "4.3.1")
                .containsEntry("org.apache.kafka.connect.mirror.MirrorCheckpointConnector", "4.3.1")
                .containsEntry("org.apache.kafka.connect.mirror.MirrorHeartbeatConnector", "4.3.1")
                .containsKeys("org.apache.kafka.connect.transforms.HoistField$Value",
                        "org.apache.kafka.connect.transforms.InsertField$Value",
                        "org.apache.kafka.connect.transforms.ExtractField$Value",
                        "org.apache.kafka.connect.json.JsonConverter");
        // the worker validates a connector config against the plugin (PUT .../config/validate)
        ConnectRest.Reply validation = rest.put("/connector-plugins/FileStreamSourceConnector/config/validate",
                Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                        "name", "validate-only", "topic", "t", "file", dir.resolve("x.txt").toString()));
        assertThat(validation.status()).as(validation.toString()).isEqualTo(200);
        assertThat(validation.json().path("error_count").asInt()).as(validation.toString()).isZero();
    }

    // ------------------------------------------------------------------ a. connect-file with SMTs

    private static final String P = "line";

    @Test
    void fileSourceThroughSmtsToFileSinkLosesNoLineAcrossAWorkerKill() throws Exception {
        int total = 20_000;
        Path input = dir.resolve("file-source-input.txt");
        Path output = dir.resolve("file-sink-output.txt");
        Files.createFile(input);
        String topic = "file-lines";

        // the worker creates the topic (KIP-158) before the first record
        rest.createConnector("file-source", FilePipeline.smtSource(input, topic));
        rest.waitRunning("file-source", 1, Duration.ofSeconds(60));

        ConnectLines.append(input, P, 1, 5_000);
        try (Admin admin = broker.admin()) {
            ConnectLines.awaitTopic(admin, topic, Duration.ofSeconds(60));
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(d.partitions()).as("topic.creation.default.partitions").hasSize(3);
        }

        rest.createConnector("file-sink", FilePipeline.smtSink(output, topic));
        rest.waitRunning("file-sink", 1, Duration.ofSeconds(60));
        ConnectLines.awaitLineCount(output, 5_000, Duration.ofSeconds(60), () -> "");

        // Lines 5,001-15,000 are appended in small pieces while the worker runs; it is SIGKILLed in the middle of
        // them, and the rest are appended while it is down.
        AtomicInteger appended = new AtomicInteger(5_000);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = ConnectLines.appendInBursts(input, P, 5_001, 15_000, 25, 5, appended, writerFailure);
        ConnectLines.awaitLineCount(output, 6_000, Duration.ofSeconds(60), () -> "");
        int appendedAtKill = appended.get();
        int deliveredAtKill = ConnectLines.linesOf(output).size();
        int[] committedLines = new int[1];
        killAndRestartWorker(() -> {
            writer.join(60_000);
            assertThat(writerFailure.get()).isNull();
            // the source's last committed position, as the restarted worker must read it back from the broker
            long position = committedPosition("file-source");
            committedLines[0] = ConnectLines.linesWithin(input, position);
            System.out.printf("file pipeline: SIGKILL with %d lines appended and %d in the output, the source's "
                    + "committed position %d (after line %d); %d more appended while the worker was down%n",
                    appendedAtKill, deliveredAtKill, position, committedLines[0], 15_000 - appendedAtKill);
        });
        assertThat(appendedAtKill).as("the worker was killed while lines were still being appended")
                .isLessThan(15_000);
        rest.waitRunning("file-source", 1, Duration.ofSeconds(60));
        rest.waitRunning("file-sink", 1, Duration.ofSeconds(60));
        ConnectLines.append(input, P, 15_001, total);

        Set<String> expected = ConnectLines.lines(P, 1, total);
        ConnectLines.Tally tally = ConnectLines.awaitAll(output, expected, Duration.ofSeconds(90));
        System.out.printf("file pipeline: %s (at least once: the replay after the SIGKILL)%n",
                tally.summary(total));
        assertThat(tally.missing()).as("lines that never reached the sink's file").isEmpty();
        assertThat(tally.unexpected()).as("lines in the output that were never written (garbled?)").isEmpty();

        // What is on the topic is the source SMTs' JSON (HoistField, then InsertField, schemas.enable=false).
        Map<String, Integer> onTopic = FilePipeline.linesOnTopic(broker.bootstrap(), topic);
        assertThat(onTopic.keySet()).as("every line on the topic, as {\"line\":..., \"origin\":...}")
                .containsExactlyInAnyOrderElementsOf(expected);
        // The restarted source resumed exactly at its committed position: no line up to it is on the topic twice.
        List<String> sentTwiceUpToCommit = onTopic.entrySet().stream().filter(e -> e.getValue() > 1
                && Integer.parseInt(e.getKey().substring(5, 10)) <= committedLines[0]).map(Map.Entry::getKey)
                .sorted().toList();
        assertThat(sentTwiceUpToCommit).as("lines up to the committed position (line " + committedLines[0]
                + ") sent again after the restart").isEmpty();
        System.out.printf("file pipeline: %d records on %s, %d lines there more than once%n",
                onTopic.values().stream().mapToInt(Integer::intValue).sum(), topic,
                onTopic.values().stream().filter(c -> c > 1).count());

        rest.deleteConnector("file-sink");
        rest.deleteConnector("file-source");
    }

    /** The position the offsets topic holds for a file source, read from the topic as a worker reads it. */
    private static long committedPosition(String connector) throws IOException {
        ConsumerRecord<String, String> latest = null;
        for (ConsumerRecord<String, String> r : readAll(OFFSETS)) {
            if (r.key() != null && connector.equals(JSON.readTree(r.key()).path(0).asText())) {
                latest = r;   // one source partition: one key, one partition of the topic, read in offset order
            }
        }
        assertThat(latest).as("an offset of " + connector + " in " + OFFSETS).isNotNull();
        return JSON.readTree(latest.value()).path("position").asLong();
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        return ConnectLines.readAll(broker.bootstrap(), topic);
    }

    // ------------------------------------------------------------------ b. internal topics, compacted

    @Test
    void internalTopicsAreCompactedAndTheBrokerCompactsTheOffsets() throws Exception {
        try (Admin admin = broker.admin()) {
            Map<String, Config> configs = InternalTopics.assertCompacted(admin, TOPICS, 5, 3);
            assertThat(configs.get(OFFSETS).get("segment.ms").value())
                    .as("offset.storage.segment.ms reached the topic").isEqualTo("100");
        }

        // Many offset commits: five file sources, eight rounds of a burst of lines to each. Waiting for each new
        // position in GET /connectors/{name}/offsets (KIP-875) means it was committed to the offsets topic, so every
        // round commits each source's position once more. (FileStreamSourceTask looks at its file once a second
        // when it found nothing new, hence rounds rather than a steady stream.)
        int sources = 5;
        int rounds = 8;
        Map<String, Path> files = new LinkedHashMap<>();
        for (int i = 0; i < sources; i++) {
            String name = "offset-churn-" + i;
            Path input = dir.resolve(name + ".txt");
            Files.createFile(input);
            files.put(name, input);
            rest.createConnector(name, FilePipeline.source(input, "offset-churn-lines", 1));
        }
        for (String name : files.keySet()) {
            rest.waitRunning(name, 1, Duration.ofSeconds(60));
        }
        long churnStarted = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (Path input : files.values()) {
                Files.writeString(input, "round " + round + " a\nround " + round + " b\n", StandardCharsets.UTF_8,
                        StandardOpenOption.APPEND);
            }
            for (Map.Entry<String, Path> f : files.entrySet()) {
                awaitCommittedPosition(f.getKey(), Files.size(f.getValue()));
            }
        }
        Map<String, Long> finalPositions = new HashMap<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            finalPositions.put(f.getKey(), Files.size(f.getValue()));
            rest.deleteConnector(f.getKey());
        }
        System.out.printf("offset churn: %d sources x %d rounds committed in %d ms%n", sources, rounds,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - churnStarted));

        // A source's offset key is ["<connector>",{"filename":...}]: all commits of one source land in one partition.
        Map<Integer, Set<String>> churnKeys = new TreeMap<>();
        for (ConsumerRecord<String, String> r : readAll(OFFSETS)) {
            String connector = r.key() == null ? null : JSON.readTree(r.key()).path(0).asText();
            if (connector != null && finalPositions.containsKey(connector)) {
                churnKeys.computeIfAbsent(r.partition(), p -> new TreeSet<>()).add(connector);
            }
        }
        assertThat(churnKeys.values().stream().mapToInt(Set::size).sum()).as("partitions of each source's offsets: "
                + churnKeys).isEqualTo(sources);

        // The broker's cleaner (log.cleaner.backoff.ms=500: a pass every half second) must compact every segment but
        // the active one down to the latest record of each key, keeping offsets (gaps appear). Nothing writes to these
        // partitions now, so one pass does it (any dirt triggers one: log.cleaner.min.cleanable.ratio=0.01); 20 s is
        // forty passes. (Segments cleaned before, during the churn, are
        // cleaned again: Kafka's cleaner does that at every pass. file.delete.delay.ms keeps its default, 60 s.)
        long compactionWait = System.nanoTime();
        long deadline = compactionWait + TimeUnit.SECONDS.toNanos(20);
        for (Map.Entry<Integer, Set<String>> e : churnKeys.entrySet()) {
            TopicPartition tp = new TopicPartition(OFFSETS, e.getKey());
            Path partitionDir = dir.resolve("data").resolve(OFFSETS + "-" + e.getKey());
            long written;
            try (KafkaConsumer<String, String> c = ConnectLines.consumer(broker.bootstrap())) {
                written = c.endOffsets(List.of(tp)).get(tp);   // dense offsets as written: end offset = records
            }
            assertThat(written).as("records written to " + tp).isGreaterThanOrEqualTo((long) rounds * e.getValue()
                    .size());
            String picture;
            while (true) {
                long activeBase = activeSegmentBase(partitionDir);
                List<ConsumerRecord<String, String>> read = readPartition(tp);
                Map<String, Long> belowActive = read.stream().filter(r -> r.offset() < activeBase)
                        .collect(Collectors.groupingBy(r -> String.valueOf(r.key()), TreeMap::new,
                                Collectors.counting()));
                picture = String.format("%s: %d records written (end offset), a fresh read returns %d; %d segments"
                        + " on disk, the active one from offset %d; below it, records per key %s", tp, written,
                        read.size(), segmentBases(partitionDir).size(), activeBase, belowActive.values());
                if (read.size() < written && belowActive.values().stream().allMatch(n -> n == 1)) {
                    Map<String, Long> latest = new HashMap<>();
                    for (ConsumerRecord<String, String> r : read) {
                        latest.put(JSON.readTree(r.key()).path(0).asText(),
                                JSON.readTree(r.value()).path("position").asLong());
                    }
                    for (String connector : e.getValue()) {
                        assertThat(latest.get(connector)).as("the latest commit of " + connector
                                + " survives compaction").isEqualTo(finalPositions.get(connector));
                    }
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the offsets topic was not compacted within 20 s of the last commit: "
                            + picture + "\nfiles of " + partitionDir.getFileName() + ": " + listing(partitionDir)
                            + "\nthe broker's cleaner said:\n" + String.join("\n", broker.output().stream()
                            .filter(l -> l.contains(partitionDir.toString() + "/")).limit(6).toList()));
                }
                Thread.sleep(250);
            }
            System.out.println("compaction of the Connect offsets topic: " + picture);
        }
        System.out.printf("compaction observed within %d ms of the last commit%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - compactionWait));
        for (String internal : List.of(CONFIGS, STATUS)) {
            System.out.printf("%s: %d records readable%n", internal, readAll(internal).size());
        }
    }

    private static void awaitCommittedPosition(String connector, long position) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = rest.offsets(connector);
            for (JsonNode o : last.path("offsets")) {
                if (o.path("offset").path("position").asLong() == position) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("position " + position + " of " + connector + " not committed within 30 s: "
                + last);
    }

    private static List<ConsumerRecord<String, String>> readPartition(TopicPartition tp) {
        try (KafkaConsumer<String, String> c = ConnectLines.consumer(broker.bootstrap())) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + tp + " to " + end);
                }
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }

    private static List<Long> segmentBases(Path partitionDir) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.log"))
                    .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
        }
    }

    private static String listing(Path partitionDir) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            return files.map(f -> f.getFileName() + (Files.isRegularFile(f) ? "(" + f.toFile().length() + ")" : "/"))
                    .sorted().collect(Collectors.joining(" "));
        }
    }

    private static long activeSegmentBase(Path partitionDir) throws IOException {
        List<Long> bases = segmentBases(partitionDir);
        return bases.get(bases.size() - 1);
    }

    // ------------------------------------------------------------------ c. Debezium PostgreSQL CDC

    @Test
    void debeziumPostgresChangesReplayToTheTableAcrossAWorkerKill() throws Exception {
        new CdcScenario(20251205, "ünï", 5).run(broker, rest, ApacheConnectWorkerCompatTest::killAndRestartWorker,
                replay -> { });
    }
}
