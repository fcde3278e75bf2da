package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka Connect worker bundled in {@code tributary start} (issue 13, "Bundled"): one node, started as users start
 * it (its own jar and lib/), serves Connect's REST API on {@code connect.listeners}, loads {@code connect-file} from
 * {@code connect.plugin.path}, runs a file pipeline, and after a SIGKILL of the node still has its connectors (the
 * config topic lives on the node) and carries on from the committed offsets.
 */
class BundledConnectCompatTest {

    @TempDir
    Path tmp;

    @Test
    void aNodeRunsConnectorsAndKeepsThemAcrossAKill() throws Exception {
        int restPort = TributaryProcess.freePort();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("connect.listeners", "http://127.0.0.1:" + restPort);
        overrides.put("connect.plugin.path", ConnectWorkerProcess.pluginPath().toString());
        overrides.put("connect.offset.flush.interval.ms", "200");
        overrides.put("connect.key.converter", "org.apache.kafka.connect.storage.StringConverter");
        overrides.put("connect.value.converter", "org.apache.kafka.connect.storage.StringConverter");
        overrides.put("connect.consumer.session.timeout.ms", "6000");
        overrides.put("connect.session.timeout.ms", "6000");
        overrides.put("group.initial.rebalance.delay.ms", "0");
        Path in = tmp.resolve("in.txt");
        Path out = tmp.resolve("out.txt");
        Files.createFile(in);
        try (TributaryProcess node = new TributaryProcess(tmp.resolve("data"), overrides)) {
            node.start();
            String started = node.awaitOutput("Kafka Connect started");
            assertThat(started).contains("distributed", "connect-cluster", "127.0.0.1:" + restPort);
            ConnectRest rest = new ConnectRest("http://127.0.0.1:" + restPort);

            ConnectRest.Reply root = rest.get("/");
            assertThat(root.status()).isEqualTo(200);
            assertThat(root.json().path("version").asText()).isEqualTo("4.3.1");
            assertThat(root.json().path("kafka_cluster_id").asText()).isNotEmpty();
            List<String> plugins = new ArrayList<>();
            rest.get("/connector-plugins").json().forEach(p -> plugins.add(p.path("class").asText()));
            assertThat(plugins).contains("org.apache.kafka.connect.file.FileStreamSourceConnector",
                    "org.apache.kafka.connect.file.FileStreamSinkConnector");

            rest.createConnector("source", Map.of("connector.class", "FileStreamSource", "file", in.toString(),
                    "topic", "lines"));
            rest.createConnector("sink", Map.of("connector.class", "FileStreamSink", "file", out.toString(),
                    "topics", "lines"));
            rest.waitRunning("source", 1, Duration.ofSeconds(60));
            rest.waitRunning("sink", 1, Duration.ofSeconds(60));
            append(in, 0, 2_000);
            awaitLines(out, 2_000);

            node.kill();
            append(in, 2_000, 3_000);   // written while the node is down
            node.start();
            awaitRest(rest);
            JsonNode connectors = rest.get("/connectors").json();
            assertThat(connectors.toString()).contains("source", "sink");
            awaitLines(out, 3_000);
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertThat(lines.stream().distinct().count()).as("every line arrived (some twice: at-least-once)")
                    .isEqualTo(3_000);
            for (int i = 0; i < 3_000; i++) {
                assertThat(lines).contains("line-" + i);
            }
            System.out.printf("bundled Connect: 3000 lines, %d delivered (%d duplicates)%n", lines.size(),
                    lines.size() - 3_000);
        }
    }

    private static void append(Path file, int from, int to) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append("line-").append(i).append('\n');
        }
        Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void awaitLines(Path file, int distinct) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream().distinct().count() : 0;
            if (seen >= distinct) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("only " + seen + " of " + distinct + " distinct lines arrived in " + file);
    }

    private static void awaitRest(ConnectRest rest) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (rest.get("/connectors").status() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the worker starts after the broker
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the bundled worker did not serve again");
    }
}
