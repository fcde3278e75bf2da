package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three of Tributary's Connect workers in distributed mode (one {@code group.id}, one set of internal topics) against a
 * Tributary broker: connectors created through followers are forwarded to the leader and visible from every worker;
 * the work is spread; the worker running a file source's task is SIGKILLed and the task runs elsewhere within the
 * session timeout plus {@code scheduled.rebalance.max.delay.ms}; then all workers are stopped and started again and
 * the cluster comes back from its topics alone. No line is lost throughout; the internal topics are compacted and
 * the config topic is in Kafka Connect's record layout.
 */
class TributaryConnectDistributedCompatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "tributary-connect-dist";
    private static final String TOPICS = "tributary-dist";
    private static final String CONFIGS = TOPICS + "-configs";
    private static final String OFFSETS = TOPICS + "-offsets";
    private static final String STATUS = TOPICS + "-status";
    private static final String TOPIC = "tributary-dist-lines";
    private static final int SESSION_MS = 6_000;
    private static final int DELAY_MS = 3_000;

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static final List<ConnectWorkerProcess> workers = new ArrayList<>();

    @RegisterExtension
    static final TestWatcher WORKER_LOG_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (ConnectWorkerProcess w : workers) {
                System.err.println(context.getDisplayName() + " failed; " + w.name() + "'s " + w.logTail(60));
            }
        }
    };

    @BeforeAll
    static void startBroker() throws Exception {
        // auto.create.topics.enable=false: a sink task's consumer must not create the topic before the source does
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "300",
                "auto.create.topics.enable", "false")).start();
        Map<String, String> settings = ConnectWorkerSettings.forBroker(broker.bootstrap())
                .group(GROUP)
                .schemalessJson()
                .internalTopics(TOPICS, 5, 3)
                .session(SESSION_MS)
                .set("scheduled.rebalance.max.delay.ms", Integer.toString(DELAY_MS))
                .shortConsumerSessions()
                .offsetFlushMs(500)
                .pluginPath()
                .build();
        for (int i = 1; i <= 3; i++) {
            workers.add(ConnectWorkerProcess.tributary("tributary-connect-dist-" + i, dir.resolve("worker-" + i),
                    settings, "distributed", List.of()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        parallel(workers.stream().<Callable<Void>>map(w -> () -> {
            w.stop();
            return null;
        }).toList());
        for (ConnectWorkerProcess w : workers) {
            WorkerLogs.report(w, w.name(), " SEVERE ", 10);
        }
        if (broker != null) {
            broker.stop();
        }
    }

    /** Runs the calls on threads of their own and waits for all; the first failure is thrown. */
    private static <T> List<T> parallel(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, calls.size()));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> c : calls) {
                futures.add(pool.submit(c));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(f.get(3, TimeUnit.MINUTES));
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void startAll(List<ConnectWorkerProcess> which) throws Exception {
        parallel(which.stream().<Callable<ConnectWorkerProcess>>map(w -> w::start).toList());
    }

    private static String workerId(ConnectWorkerProcess w) {
        return w.restUrl().substring("http://".length());   // the advertised host:port
    }

    private static final Pattern LEADER = Pattern.compile("\\(leader (\\S+?)/?, generation (\\d+)\\)");

    /** The leader the workers logged with the newest generation (their "Assigned ..." lines), or null. */
    private static String leaderUrl() throws Exception {
        int newest = -1;
        String leader = null;
        for (ConnectWorkerProcess w : workers) {
            if (!w.isAlive()) {
                continue;
            }
            for (String line : w.logLines("(leader ")) {
                Matcher m = LEADER.matcher(line);
                if (m.find() && Integer.parseInt(m.group(2)) >= newest) {
                    newest = Integer.parseInt(m.group(2));
                    leader = m.group(1);
                }
            }
        }
        return leader;
    }

    /** {@code POST /connectors}, retrying while a rebalance or a leader election is under way (409, 5xx). */
    private static ConnectRest.Reply post(ConnectRest rest, String name, Map<String, String> config)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ConnectRest.Reply r;
        do {
            r = rest.post("/connectors", Map.of("name", name, "config", config));
            if (r.status() == 201) {
                return r;
            }
            if (r.status() != 409 && r.status() < 500) {
                throw new AssertionError("POST /connectors of " + name + " to " + rest.baseUrl() + " answered " + r);
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("POST /connectors of " + name + " to " + rest.baseUrl() + " kept answering " + r);
    }

    private static Map<String, String> fileSource(Path file) {
        return FilePipeline.source(file, TOPIC, 3);
    }

    /** Every connector's and task's worker_id, as {@code connector} / {@code connector-<n>} → worker. */
    private static Map<String, String> placement(ConnectRest rest, List<String> connectors) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String c : connectors) {
            JsonNode s = rest.status(c);
            out.put(c, s.path("connector").path("worker_id").asText());
            for (JsonNode t : s.path("tasks")) {
                out.put(c + "-" + t.path("id").asInt(), t.path("worker_id").asText());
            }
        }
        return out;
    }

    @Test
    void threeWorkersShareFailOverAndRestartWithoutLosingALine() throws Exception {
        long testStart = System.nanoTime();
        long t = System.nanoTime();
        startAll(workers);
        System.out.printf("three distributed workers up (each joined the group) in %d ms%n", ConnectLines.since(t));
        List<ConnectRest> rests = workers.stream().map(w -> new ConnectRest(w.restUrl())).toList();
        Map<String, ConnectWorkerProcess> byId = new HashMap<>();
        workers.forEach(w -> byId.put(workerId(w), w));

        Path inputA = dir.resolve("a.txt");
        Path inputB = dir.resolve("b.txt");
        Path output = dir.resolve("out.txt");
        Files.createFile(inputA);
        Files.createFile(inputB);
        Map<String, String> sink = FilePipeline.sink(output, TOPIC);

        // Which worker leads: the workers log it with each assignment. The connectors are created one through the
        // leader and two through followers, whose POSTs must be forwarded to it.
        String leader = leaderUrl();
        List<Integer> followers = new ArrayList<>();
        int leaderIndex = -1;
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).restUrl().equals(leader)) {
                leaderIndex = i;
            } else {
                followers.add(i);
            }
        }
        System.out.printf("leader (from the workers' logs): %s; followers %s%n", leader,
                followers.stream().map(i -> workers.get(i).name()).toList());
        int[] through = leaderIndex >= 0 ? new int[] {leaderIndex, followers.get(0), followers.get(1)}
                : new int[] {0, 1, 2};   // whoever leads, two of the three POSTs go through a follower
        List<String> names = List.of("source-a", "sink", "source-b");
        List<Map<String, String>> configs = List.of(fileSource(inputA), sink, fileSource(inputB));
        for (int i = 0; i < 3; i++) {
            ConnectRest.Reply r = post(rests.get(through[i]), names.get(i), configs.get(i));
            assertThat(r.json().path("name").asText()).as(r.toString()).isEqualTo(names.get(i));
            assertThat(r.json().path("config").path("file").asText()).as(r.toString())
                    .isEqualTo(configs.get(i).get("file"));
            System.out.printf("POST /connectors %s through %s (%s): %d%n", names.get(i),
                    workers.get(through[i]).name(), through[i] == leaderIndex ? "the leader" : "a follower",
                    r.status());
        }
        // every worker knows every connector, whichever it was created through
        for (ConnectRest rest : rests) {
            for (int i = 0; i < 3; i++) {
                awaitConnector(rest, names.get(i), configs.get(i).get("file"));
            }
        }
        for (String name : names) {
            rests.get(0).waitRunning(name, 1, Duration.ofSeconds(60));
        }

        ConnectLines.append(inputA, "a", 1, 2_000);
        ConnectLines.append(inputB, "b", 1, 1_000);
        Set<String> expected = new TreeSet<>(ConnectLines.lines("a", 1, 2_000));
        expected.addAll(ConnectLines.lines("b", 1, 1_000));
        ConnectLines.Tally tally = ConnectLines.awaitAll(output, expected, Duration.ofSeconds(60));
        assertThat(tally.missing()).as("lines of both sources through the sink").isEmpty();

        Map<String, String> placed = placement(rests.get(0), names);
        System.out.println("placement: " + placed);
        assertThat(byId.keySet()).as("every worker_id is one of the workers").containsAll(placed.values());
        assertThat(new TreeSet<>(placed.values())).as("workers running connectors and tasks: " + placed)
                .hasSizeGreaterThanOrEqualTo(2);

        // SIGKILL the worker running source-a's task; lines appended right after must arrive through another.
        ConnectWorkerProcess victim = byId.get(placed.get("source-a-0"));
        String victimId = workerId(victim);
        List<ConnectRest> survivors = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i) != victim) {
                survivors.add(rests.get(i));
            }
        }
        // The source committed the position of everything it sent (offset.flush.interval.ms=500): the task's new
        // worker must resume there, not send these lines again.
        long committed = awaitCommittedPosition(survivors.get(0), "source-a", Files.size(inputA));
        int committedLines = ConnectLines.linesWithin(inputA, committed);
        long killed = System.nanoTime();
        victim.kill();
        ConnectLines.append(inputA, "a", 2_001, 4_000);
        expected.addAll(ConnectLines.lines("a", 2_001, 4_000));
        long deadline = killed + TimeUnit.MILLISECONDS.toNanos(SESSION_MS + DELAY_MS + 16_000);
        JsonNode status = null;
        String movedTo = null;
        while (System.nanoTime() < deadline) {
            try {
                status = survivors.get(0).status("source-a");
            } catch (Exception | AssertionError e) {
                status = null;   // a survivor answering 5xx while its group rebalances
            }
            JsonNode task = status == null ? null : status.path("tasks").path(0);
            if (task != null && "RUNNING".equals(task.path("state").asText())
                    && !victimId.equals(task.path("worker_id").asText())) {
                movedTo = task.path("worker_id").asText();
                break;
            }
            Thread.sleep(100);
        }
        long failoverMs = ConnectLines.since(killed);
        assertThat(movedTo).as("source-a's task RUNNING on another worker within %d ms of the SIGKILL of %s; last "
                + "status %s", SESSION_MS + DELAY_MS + 16_000, victimId, status).isNotNull();
        tally = ConnectLines.awaitAll(output, expected, Duration.ofSeconds(30));
        long deliveredMs = ConnectLines.since(killed);
        System.out.printf("failover: %s (%s) SIGKILLed; source-a-0 RUNNING on %s %d ms later (session %d ms%s); "
                + "the 2,000 lines appended after the kill all delivered %d ms after it; %s%n", victimId,
                victim.restUrl().equals(leader) ? "the leader" : "a follower", movedTo, failoverMs, SESSION_MS,
                victim.restUrl().equals(leader) ? "; a new leader, which knows nothing to hold back"
                        : " + scheduled.rebalance.max.delay.ms " + DELAY_MS + " ms", deliveredMs,
                tally.summary(expected.size()));
        assertThat(tally.missing()).as("lines appended after the kill that never arrived").isEmpty();
        List<String> resent = tally.duplicated().stream().filter(l -> l.startsWith("a-")
                && ConnectLines.numberOf("a", l) <= committedLines).toList();
        assertThat(resent).as("lines of a.txt up to the position committed before the kill (line %d, %d bytes) "
                + "sent again by the task's new worker", committedLines, committed).isEmpty();
        assertThat(byId).containsKey(movedTo);
        for (String name : names) {
            survivors.get(0).waitRunning(name, 1, Duration.ofSeconds(30));
        }
        // every status naming the killed worker is replaced once its work runs elsewhere
        Map<String, String> after = placement(survivors.get(0), names);
        long placementDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (after.containsValue(victimId) && System.nanoTime() < placementDeadline) {
            Thread.sleep(200);
            after = placement(survivors.get(0), names);
        }
        System.out.println("placement after the failover: " + after);
        assertThat(after.values()).as("nothing left on the killed worker").doesNotContain(victimId);

        // Every worker stopped (SIGTERM; the killed one is down already); lines appended meanwhile; all started again.
        t = System.nanoTime();
        parallel(workers.stream().<Callable<Void>>map(w -> () -> {
            w.stop();
            return null;
        }).toList());
        System.out.printf("all workers stopped (SIGTERM) in %d ms%n", ConnectLines.since(t));
        ConnectLines.append(inputA, "a", 4_001, 5_000);
        ConnectLines.append(inputB, "b", 1_001, 2_000);
        expected.addAll(ConnectLines.lines("a", 4_001, 5_000));
        expected.addAll(ConnectLines.lines("b", 1_001, 2_000));
        t = System.nanoTime();
        startAll(workers);
        System.out.printf("all three started again in %d ms%n", ConnectLines.since(t));
        for (ConnectRest rest : rests) {
            ConnectRest.Reply list = rest.get("/connectors");
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            assertThat(list.json()).as("GET /connectors at " + rest.baseUrl() + " after the restart")
                    .extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(names);
        }
        for (String name : names) {
            rests.get(2).waitRunning(name, 1, Duration.ofSeconds(60));
        }
        t = System.nanoTime();
        tally = ConnectLines.awaitAll(output, expected, Duration.ofSeconds(60));
        System.out.printf("after the full restart: %s (complete %d ms after the statuses were RUNNING)%n",
                tally.summary(expected.size()), ConnectLines.since(t));
        System.out.println("placement after the restart: " + placement(rests.get(0), names));
        assertThat(tally.missing()).as("lines never delivered").isEmpty();
        assertThat(tally.unexpected()).as("lines in the output that were never written").isEmpty();

        checkInternalTopics(names, inputA);
        System.out.printf("TributaryConnectDistributedCompatTest: %d ms%n", ConnectLines.since(testStart));
    }

    /**
     * Waits (up to 15 s) until {@code GET /connectors/{name}/offsets} shows the file source's committed position at
     * {@code position}; returns the position it shows last.
     */
    private static long awaitCommittedPosition(ConnectRest rest, String name, long position) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long seen = -1;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = rest.offsets(name);
            for (JsonNode o : last.path("offsets")) {
                seen = o.path("offset").path("position").asLong();
            }
            if (seen == position) {
                return seen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("GET /connectors/" + name + "/offsets at " + rest.baseUrl() + " did not reach "
                + "position " + position + " within 15 s (offset.flush.interval.ms=500): " + last);
    }

    private static void awaitConnector(ConnectRest rest, String name, String file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        ConnectRest.Reply r;
        do {
            r = rest.get("/connectors/" + name);
            if (r.status() == 200 && file.equals(r.json().path("config").path("file").asText())) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET /connectors/" + name + " at " + rest.baseUrl() + ": " + r);
    }

    /** The three internal topics: compacted, and in Kafka Connect's record layouts. */
    private static void checkInternalTopics(List<String> names, Path inputA) throws Exception {
        try (Admin admin = broker.admin()) {
            InternalTopics.assertCompacted(admin, TOPICS, 5, 3);
        }
        // configs: connector-<name> {"properties"}, task-<name>-<n> {"properties"}, commit-<name> {"tasks": N}
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (ConsumerRecord<String, String> r : ConnectLines.readAll(broker.bootstrap(), CONFIGS)) {
            keys.add(r.key());
            latest.put(r.key(), r.value() == null ? null : JSON.readTree(r.value()));
        }
        System.out.println("config topic keys, in order: " + keys);
        for (String name : names) {
            JsonNode connector = latest.get("connector-" + name);
            assertThat(connector).as("connector-" + name + " in " + CONFIGS).isNotNull();
            assertThat(connector.path("properties").path("connector.class").asText()).as(connector.toString())
                    .startsWith("org.apache.kafka.connect.file.FileStream");
            assertThat(connector.path("properties").path("name").asText()).as(connector.toString()).isEqualTo(name);
            JsonNode task = latest.get("task-" + name + "-0");
            assertThat(task).as("task-" + name + "-0 in " + CONFIGS).isNotNull();
            assertThat(task.path("properties").isObject()).as(task.toString()).isTrue();
            JsonNode commit = latest.get("commit-" + name);
            assertThat(commit).as("commit-" + name + " in " + CONFIGS).isNotNull();
            assertThat(commit).as("commit-" + name).isEqualTo(JSON.readTree("{\"tasks\":1}"));
            assertThat(keys.indexOf("commit-" + name)).as("commit-" + name + " after task-" + name + "-0")
                    .isGreaterThan(keys.indexOf("task-" + name + "-0"));
        }
        // statuses: status-connector-<name> / status-task-<name>-<n> → {"state","trace","worker_id","generation"}
        Map<String, JsonNode> statuses = new HashMap<>();
        for (ConsumerRecord<String, String> r : ConnectLines.readAll(broker.bootstrap(), STATUS)) {
            statuses.put(r.key(), r.value() == null ? null : JSON.readTree(r.value()));
        }
        for (String name : names) {
            for (String key : List.of("status-connector-" + name, "status-task-" + name + "-0")) {
                JsonNode s = statuses.get(key);
                assertThat(s).as(key + " in " + STATUS).isNotNull();
                assertThat(s.path("state").asText()).as(key + ": " + s).isEqualTo("RUNNING");
                assertThat(s.has("worker_id") && s.has("generation")).as(key + ": " + s).isTrue();
            }
        }
        // offsets: ["<connector>",{"filename":...}] → {"position": N}; the latest reaches the end of the file
        long end = Files.size(inputA);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode position;
        do {
            position = null;
            for (ConsumerRecord<String, String> r : ConnectLines.readAll(broker.bootstrap(), OFFSETS)) {
                JsonNode key = r.key() == null ? null : JSON.readTree(r.key());
                if (key != null && "source-a".equals(key.path(0).asText())) {
                    assertThat(key.path(1).path("filename").asText()).as(r.key()).isEqualTo(inputA.toString());
                    position = r.value() == null ? null : JSON.readTree(r.value());
                }
            }
            if (position != null && position.path("position").asLong() == end) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("source-a's latest offset in " + OFFSETS + " is " + position + ", not the end of "
                + "its file (" + end + ")");
    }
}
