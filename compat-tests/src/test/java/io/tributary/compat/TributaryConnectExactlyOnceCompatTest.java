package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once source support (KIP-618) against a Tributary broker, on Tributary's distributed worker and — the
 * same scenario — on Apache Kafka's own worker 4.3.1, both with {@code exactly.once.source.support=enabled}:
 *
 * <ol>
 *   <li>preflight: connect-file's FileStreamSource says it cannot be exactly-once without a file, so
 *       {@code exactly.once.support=required} fails validation; with a file it passes;</li>
 *   <li>the source ({@code exactly.once.support=required}, {@code transaction.boundary=interval} every second, so a
 *       transaction is open most of the time) reads 15,000 lines appended in bursts while the worker is SIGKILLed
 *       mid-stream and restarted: a read_committed consumer of the topic sees every line exactly once, while a
 *       read_uncommitted one also sees the records of the transaction the kill left open (aborted when the restarted
 *       task's producer took over its transactional id) — what at-least-once would have shown as duplicates;</li>
 *   <li>the offsets topic holds the source's position in Kafka Connect's layout, written by the task's transactional
 *       producer ({@code <group.id>-file-source-0}, DescribeTransactions / DescribeProducers) with a transaction
 *       marker after each offset record, and {@code GET /connectors/file-source/offsets} answers the final
 *       position; the leader wrote the config topic through its transactional producer
 *       {@code connect-cluster-<group.id>};</li>
 *   <li>zombie fencing: two producers with the transactional ids of tasks 1 and 2 hold open transactions, as the
 *       tasks of an older 3-task generation would (the test writes the task count record such a generation leaves,
 *       {@code tasks-fencing-file-source} → {@code {"task-count":3}}); the connector is reconfigured, and before its
 *       new task starts the leader fences all three ids (Admin.fenceProducers) and writes the new task count record:
 *       the zombies' commits fail, their records are never visible read_committed, and 1,000 more lines arrive
 *       exactly once.</li>
 * </ol>
 */
class TributaryConnectExactlyOnceCompatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTOR = "file-source";
    private static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
    private static final String P = "eos";
    private static final int TOTAL = 15_000;
    private static final int MORE = 1_000;

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private ConnectWorkerProcess worker;

    @RegisterExtension
    final TestWatcher workerLogOnFailure = WorkerLogs.tailOnFailure("the Connect worker's ", 200, () -> worker);

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "300",
                "auto.create.topics.enable", "false",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")).start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @AfterEach
    void stopWorker() throws Exception {
        if (worker != null) {
            WorkerLogs.stopAndReport(worker, worker.name(), worker.name().startsWith("apache") ? " ERROR "
                    : " SEVERE ", 20);
        }
    }

    @Test
    void tributaryWorkerDeliversEveryLineExactlyOnceAcrossAKillAndFencesZombies() throws Exception {
        scenario("tributary", (settings, workDir) -> ConnectWorkerProcess.tributary("tributary-connect-eos", workDir,
                settings, "distributed", List.of()));
    }

    @Test
    void apacheWorkerDeliversEveryLineExactlyOnceAgainstTributary() throws Exception {
        scenario("apache", (settings, workDir) -> {
            settings.put("plugin.discovery", "service_load");
            return ConnectWorkerProcess.apache("apache-connect-eos", workDir, settings);
        });
    }

    /** Makes a worker (not started) from its settings. */
    private interface WorkerFactory {
        ConnectWorkerProcess create(Map<String, String> settings, Path workDir) throws Exception;
    }

    private void scenario(String flavour, WorkerFactory factory) throws Exception {
        long testStart = System.nanoTime();
        String group = flavour + "-eos-cluster";
        String topics = flavour + "-eos";
        String configTopic = topics + "-configs";
        String offsetsTopic = topics + "-offsets";
        String topic = flavour + "-eos-lines";
        Path input = dir.resolve(flavour + "-input.txt");
        Files.createFile(input);
        Map<String, String> settings = ConnectWorkerSettings.forBroker(broker.bootstrap())
                .group(group)
                .converters(STRING_CONVERTER)
                .internalTopics(topics, 5, 3)
                .session(6000)
                // the restarted worker gets the dead one's connector and task at once
                .set("scheduled.rebalance.max.delay.ms", "0")
                .set("exactly.once.source.support", "enabled")
                .pluginPath()
                .build();
        worker = factory.create(settings, dir.resolve(flavour + "-worker"));
        worker.start();
        ConnectRest rest = new ConnectRest(worker.restUrl());

        // 1. Preflight validation (exactly.once.support=required) asks the connector.
        Map<String, String> stdin = new LinkedHashMap<>(Map.of("connector.class", FilePipeline.SOURCE,
                "name", CONNECTOR, "topic", topic, "exactly.once.support", "required"));
        JsonNode refused = validate(rest, stdin);
        assertThat(refused.path("error_count").asInt()).as(refused.toString()).isEqualTo(1);
        assertThat(errorsOf(refused, "exactly.once.support")).containsExactly(
                "The connector does not support exactly-once semantics with the provided configuration.");
        Map<String, String> source = FilePipeline.source(input, topic, 3);
        source.put("name", CONNECTOR);
        source.put("exactly.once.support", "required");
        source.put("transaction.boundary", "interval");
        source.put("transaction.boundary.interval.ms", "1000");
        JsonNode accepted = validate(rest, source);
        assertThat(accepted.path("error_count").asInt()).as(accepted.toString()).isZero();

        // 2. Lines appended while the worker is killed mid-stream and restarted.
        rest.createConnector(CONNECTOR, source);
        rest.waitRunning(CONNECTOR, 1, Duration.ofSeconds(60));
        ConnectLines.append(input, P, 1, 3_000);
        awaitCommitted(topic, 3_000, Duration.ofSeconds(60));
        AtomicInteger appended = new AtomicInteger(3_000);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = ConnectLines.appendInBursts(input, P, 3_001, TOTAL, 25, 10, appended, writerFailure);
        Await.within(Duration.ofSeconds(60), () -> appended.get() >= 7_000);
        worker.kill();
        int appendedAtKill = appended.get();
        writer.join(120_000);
        assertThat(writerFailure.get()).isNull();
        assertThat(appendedAtKill).as("the worker was killed while lines were appended").isLessThan(TOTAL);
        long restarted = System.nanoTime();
        worker.start();
        rest.waitRunning(CONNECTOR, 1, Duration.ofSeconds(90));
        Map<String, Integer> committed = awaitCommitted(topic, TOTAL, Duration.ofSeconds(120));
        System.out.printf("%s: worker SIGKILLed after %d lines were appended; restarted, all %d lines committed "
                + "%d ms later%n", flavour, appendedAtKill, TOTAL, ConnectLines.since(restarted));
        assertExactlyOnce(committed, TOTAL);
        int uncommitted = count(read(topic, IsolationLevel.READ_UNCOMMITTED, 0));
        int committedCount = count(committed);
        System.out.printf("%s: read_committed %d records, read_uncommitted %d (%d in transactions the kill left "
                + "open, aborted)%n", flavour, committedCount, uncommitted, uncommitted - committedCount);
        assertThat(uncommitted).as("records of the transaction open at the SIGKILL are in the log, aborted")
                .isGreaterThan(committedCount);

        // 3. The offsets: Kafka Connect's layout, written transactionally by the task's producer.
        long fileSize = Files.size(input);
        String offsetKey = "[\"" + CONNECTOR + "\",{\"filename\":" + JSON.writeValueAsString(input.toString())
                + "}]";
        awaitRestOffset(rest, input, fileSize);
        String transactionalId = group + "-" + CONNECTOR + "-0";
        try (Admin admin = broker.admin()) {
            TransactionDescription txn = admin.describeTransactions(List.of(transactionalId))
                    .description(transactionalId).get(30, TimeUnit.SECONDS);
            OffsetRecords offsets = offsetRecords(offsetsTopic, offsetKey);
            assertThat(offsets.values).as("offset records of %s in %s", offsetKey, offsetsTopic).isNotEmpty();
            assertThat(JSON.readTree(offsets.values.get(offsets.values.size() - 1)).path("position").asLong())
                    .as("the last committed position").isEqualTo(fileSize);
            assertThat(offsets.gaps).as("a transaction marker follows every offset record (offsets %s)",
                    offsets.offsets).allMatch(g -> g >= 2);
            List<ProducerState> producers = admin.describeProducers(List.of(offsets.partition)).partitionResult(
                    offsets.partition).get(30, TimeUnit.SECONDS).activeProducers();
            assertThat(producers).as("producers of %s (transactional id %s is producer %d)", offsets.partition,
                    transactionalId, txn.producerId())
                    .anyMatch(p -> p.producerId() == txn.producerId());
            System.out.printf("%s: %d offset records in %s, each followed by a marker, by producer %d (%s, %s)%n",
                    flavour, offsets.values.size(), offsets.partition, txn.producerId(), transactionalId,
                    txn.state());
            // The leader writes the config topic through its own transactional producer, connect-cluster-<group>.
            String leaderId = "connect-cluster-" + group;
            TransactionDescription leader = admin.describeTransactions(List.of(leaderId)).description(leaderId)
                    .get(30, TimeUnit.SECONDS);
            TopicPartition configs = new TopicPartition(configTopic, 0);
            assertThat(admin.describeProducers(List.of(configs)).partitionResult(configs).get(30, TimeUnit.SECONDS)
                    .activeProducers()).as("producers of %s (the leader's %s is producer %d)", configs, leaderId,
                    leader.producerId()).anyMatch(p -> p.producerId() == leader.producerId());
            System.out.printf("%s: the leader wrote %s as producer %d (%s, %s)%n", flavour, configs,
                    leader.producerId(), leaderId, leader.state());
        }

        // 4. Zombies of an older 3-task generation are fenced before the reconfigured connector's task starts.
        List<KafkaProducer<String, String>> zombies = new ArrayList<>();
        try {
            for (int task = 1; task <= 2; task++) {
                String id = group + "-" + CONNECTOR + "-" + task;
                KafkaProducer<String, String> zombie = TransactionClients.transactional(broker.bootstrap(), id,
                        Map.of());
                zombies.add(zombie);
                TransactionClients.init(zombie, id);
                zombie.beginTransaction();
                zombie.send(new ProducerRecord<>(topic, "zombie-" + task)).get(30, TimeUnit.SECONDS);
            }
            long injected;
            try (KafkaProducer<String, String> plain = TransactionClients.plain(broker.bootstrap())) {
                injected = plain.send(new ProducerRecord<>(configTopic, "tasks-fencing-" + CONNECTOR,
                        "{\"task-count\":3}")).get(30, TimeUnit.SECONDS).offset();
            }
            source.put("batch.size", "500");   // new task configs: a new generation
            rest.createConnector(CONNECTOR, source);
            List<String> records = awaitTaskCountRecordAfter(configTopic, injected, Duration.ofSeconds(60));
            System.out.printf("%s: task count records of %s in %s: %s%n", flavour, CONNECTOR, configTopic, records);
            assertThat(records).as("the first start's, the injected one, the one written after fencing")
                    .containsExactly("{\"task-count\":1}", "{\"task-count\":3}", "{\"task-count\":1}");
            for (KafkaProducer<String, String> zombie : zombies) {
                Throwable fenced = catchThrowable(zombie::commitTransaction);
                assertThat(fenced).as("a zombie's commit after the leader fenced its transactional id")
                        .isInstanceOfAny(ProducerFencedException.class, InvalidProducerEpochException.class,
                                KafkaException.class);
                Throwable cause = fenced instanceof KafkaException && fenced.getCause() != null
                        && !(fenced instanceof ProducerFencedException) ? fenced.getCause() : fenced;
                assertThat(List.of(fenced, cause)).as("fenced: %s", fenced.toString())
                        .anyMatch(t -> t instanceof ProducerFencedException
                                || t instanceof InvalidProducerEpochException);
            }
        } finally {
            zombies.forEach(z -> z.close(Duration.ofSeconds(5)));
        }
        rest.waitRunning(CONNECTOR, 1, Duration.ofSeconds(60));
        ConnectLines.append(input, P, TOTAL + 1, TOTAL + MORE);
        Map<String, Integer> after = awaitCommitted(topic, TOTAL + MORE, Duration.ofSeconds(90));
        assertExactlyOnce(after, TOTAL + MORE);
        awaitRestOffset(rest, input, Files.size(input));
        System.out.printf("%s: exactly-once scenario done in %d ms%n", flavour, ConnectLines.since(testStart));
    }

    private static JsonNode validate(ConnectRest rest, Map<String, String> config) throws Exception {
        ConnectRest.Reply r = rest.put("/connector-plugins/FileStreamSourceConnector/config/validate", config);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static List<String> errorsOf(JsonNode infos, String name) {
        for (JsonNode c : infos.path("configs")) {
            if (c.path("value").path("name").asText().equals(name)) {
                List<String> out = new ArrayList<>();
                c.path("value").path("errors").forEach(e -> out.add(e.asText()));
                return out;
            }
        }
        throw new AssertionError("no " + name + " in " + infos);
    }

    /** Every record of the topic at {@code level}, read until at least {@code atLeast} arrived: line → count. */
    private static Map<String, Integer> read(String topic, IsolationLevel level, int atLeast) throws Exception {
        try (KafkaConsumer<String, String> c = TransactionClients.consumer(broker.bootstrap(), level)) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<String, Integer> out = new TreeMap<>();
            TransactionClients.readToEnd(c, partitions, atLeast, Duration.ofSeconds(60))
                    .values().forEach(m -> m.values().forEach(v -> out.merge(v, 1, Integer::sum)));
            return out;
        }
    }

    /** Waits until a read_committed consumer sees every line up to {@code last}; what it read then. */
    private Map<String, Integer> awaitCommitted(String topic, int last, Duration timeout) throws Exception {
        AtomicReference<Map<String, Integer>> seen = new AtomicReference<>(Map.of());
        return Await.value("read_committed sees every line up to " + last, timeout, () -> {
            try (Admin admin = broker.admin()) {
                if (!admin.listTopics().names().get().contains(topic)) {
                    return Optional.empty();
                }
            }
            seen.set(read(topic, IsolationLevel.READ_COMMITTED, 0));
            return seen.get().keySet().containsAll(ConnectLines.lines(P, 1, last)) ? Optional.of(seen.get())
                    : Optional.empty();
        }, () -> "read_committed saw " + seen.get().size() + " distinct lines; " + worker.logTail(60));
    }

    private static int count(Map<String, Integer> lines) {
        return lines.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void assertExactlyOnce(Map<String, Integer> committed, int last) {
        Map<String, Integer> twice = new TreeMap<>();
        committed.forEach((line, n) -> {
            if (n != 1) {
                twice.put(line, n);
            }
        });
        assertThat(twice).as("lines read_committed more than once").isEmpty();
        assertThat(committed.keySet()).as("exactly the lines written, none from a zombie")
                .isEqualTo(ConnectLines.lines(P, 1, last));
    }

    private static void awaitRestOffset(ConnectRest rest, Path input, long position) throws Exception {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Await.until("GET /connectors/" + CONNECTOR + "/offsets reaches position " + position, Duration.ofSeconds(30),
                () -> {
                    last.set(rest.offsets(CONNECTOR));
                    for (JsonNode o : last.get().path("offsets")) {
                        if (o.path("partition").path("filename").asText().equals(input.toString())
                                && o.path("offset").path("position").asLong() == position) {
                            return true;
                        }
                    }
                    return false;
                }, () -> String.valueOf(last.get()));
    }

    /** The offset records of one key in the offsets topic (read_uncommitted, so aborted ones too). */
    private record OffsetRecords(TopicPartition partition, List<Long> offsets, List<Long> gaps, List<String> values) {
    }

    private static OffsetRecords offsetRecords(String offsetsTopic, String key) throws Exception {
        try (KafkaConsumer<String, String> c = TransactionClients.consumer(broker.bootstrap(),
                IsolationLevel.READ_UNCOMMITTED)) {
            List<TopicPartition> partitions = c.partitionsFor(offsetsTopic).stream()
                    .map(p -> new TopicPartition(offsetsTopic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            Map<TopicPartition, List<ConsumerRecord<String, String>>> mine = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("reading %s", offsetsTopic).isLessThan(deadline);
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        mine.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>())
                                .add(r);
                    }
                }
            }
            assertThat(mine).as("the key %s lands in one partition", key).hasSize(1);
            Map.Entry<TopicPartition, List<ConsumerRecord<String, String>>> e = mine.entrySet().iterator().next();
            List<Long> offsets = e.getValue().stream().map(ConsumerRecord::offset).toList();
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < offsets.size(); i++) {
                gaps.add(offsets.get(i) - offsets.get(i - 1));
            }
            gaps.add(end.get(e.getKey()) - offsets.get(offsets.size() - 1));   // the last one's marker too
            return new OffsetRecords(e.getKey(), offsets, gaps, e.getValue().stream().map(ConsumerRecord::value)
                    .toList());
        }
    }

    /**
     * The values of the config topic's {@code tasks-fencing-<connector>} records (read_committed: Apache's leader
     * writes the topic in transactions), once one was written after offset {@code after}.
     */
    private List<String> awaitTaskCountRecordAfter(String configTopic, long after, Duration timeout) throws Exception {
        String key = "tasks-fencing-" + CONNECTOR;
        AtomicReference<List<String>> values = new AtomicReference<>(List.of());
        return Await.value("a task count record for " + CONNECTOR + " after offset " + after, timeout, () -> {
            try (KafkaConsumer<String, String> c = TransactionClients.consumer(broker.bootstrap(),
                    IsolationLevel.READ_COMMITTED)) {
                TreeMap<Long, String> records = readKeyed(c, new TopicPartition(configTopic, 0), key);
                values.set(List.copyOf(records.values()));
                return !records.tailMap(after, false).isEmpty()
                        ? Optional.of(values.get()) : Optional.empty();
            }
        }, () -> "seen " + values.get() + "; " + worker.logTail(60));
    }

    /** Offset → value of the records of {@code key} in a partition, read to its end. */
    private static TreeMap<Long, String> readKeyed(KafkaConsumer<String, String> c, TopicPartition tp, String key) {
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        long end = c.endOffsets(List.of(tp)).get(tp);
        TreeMap<Long, String> out = new TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (c.position(tp) < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                if (key.equals(r.key())) {
                    out.put(r.offset(), r.value() == null ? null : new String(r.value().getBytes(
                            StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}
