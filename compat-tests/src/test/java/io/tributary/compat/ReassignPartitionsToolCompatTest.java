package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache's {@code kafka-reassign-partitions.sh} ({@code ReassignPartitionsCommand} of kafka-tools 4.3.1, with its
 * own kafka-clients) against three Tributary processes ({@link TributaryCluster}). A 3-partition topic of
 * replication factor 2 on nodes 1 and 2, written by an idempotent acks=all producer all along: {@code --generate}
 * for brokers 2,3 proposes only those, {@code --execute} of the proposal with {@code --throttle} starts it (the
 * throttle configs are accepted, not enforced), {@code --verify} is run until it reports every partition completed
 * and clears the throttles; the replicas are then exactly the proposal, node 1's logs of the topic are deleted, and
 * every acknowledged record is read back once. Then a reassignment onto a stopped node (registered, fenced: it cannot
 * catch up; started with Admin, as the tool's {@code --execute} takes only brokers DescribeCluster lists) stays in
 * progress: {@code --list} and {@code --verify} show it, {@code --cancel} reverts it.
 */
class ReassignPartitionsToolCompatTest {

    private static final String TOPIC = "moved";
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern PLAN_ENTRY = Pattern.compile(
            "\\{\"topic\":\"" + TOPIC + "\",\"partition\":(\\d+),\"replicas\":\\[([\\d,]+)]");

    @TempDir
    Path dir;

    private TributaryCluster cluster;
    private Admin admin;
    private KafkaTool tools;

    @BeforeEach
    void start() throws Exception {
        tools = KafkaTool.locate(dir);
        cluster = TributaryCluster.startWithoutLeaderBalancing(dir);
        admin = cluster.admin();
    }

    @AfterEach
    void stop() {
        TributaryCluster.close(admin, cluster);
    }

    private KafkaTool.Result reassign(String... args) throws Exception {
        return tools.runAgainst(cluster, "reassign.ReassignPartitionsCommand", args);
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    /** Each partition's replicas as Admin describes them, once it can. */
    private Map<Integer, List<Integer>> replicas(String topic) throws Exception {
        TopicDescription d = Await.value(topic + " described", WAIT, () -> TributaryCluster.describe(admin, topic),
                () -> "");
        Map<Integer, List<Integer>> out = new TreeMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            out.put(p.partition(), ids(p.replicas()));
        }
        return out;
    }

    /** Whether every partition of {@code topic} has all its replicas in sync. */
    private boolean inSync(String topic, int partitions) throws Exception {
        return TributaryCluster.describe(admin, topic).filter(d -> d.partitions().size() == partitions
                && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()
                        && p.isr().size() == p.replicas().size())).isPresent();
    }

    /** Whether node {@code id}'s log dir holds nothing of {@code topic} (deleted logs are removed in the background). */
    private boolean noLogsOf(int id, String topic) throws IOException {
        try (Stream<Path> entries = Files.list(dir.resolve("node-" + id))) {
            return entries.noneMatch(p -> p.getFileName().toString().startsWith(topic + "-"));
        }
    }

    private Path write(String name, String json) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        return file;
    }

    @Test
    void generatedPlanIsExecutedAndVerifiedUnderAProducerAndAPendingOneIsListedAndCancelled() throws Exception {
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1, 2), 1, List.of(2, 1), 2, List.of(1, 2)))))
                .all().get(60, TimeUnit.SECONDS);
        Await.until(TOPIC + " in sync on nodes 1 and 2", WAIT, () -> inSync(TOPIC, PARTITIONS));

        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> produce(acked, producing, producerFailure), "reassign-compat-producer");
        producer.start();
        Map<Integer, List<Integer>> proposed;
        try {
            Await.until("the producer is under way", WAIT, () -> acked.size() >= 1_000);

            // --generate: a proposal using brokers 2 and 3 only
            Path topics = write("topics.json", "{\"version\":1,\"topics\":[{\"topic\":\"" + TOPIC + "\"}]}");
            KafkaTool.Result generated = reassign("--generate", "--topics-to-move-json-file", topics.toString(),
                    "--broker-list", "2,3");
            assertThat(generated.exitCode()).as(generated.toString()).isZero();
            List<String> lines = generated.lines();
            int current = lines.indexOf("Current partition replica assignment");
            int proposal = lines.indexOf("Proposed partition reassignment configuration");
            assertThat(current).as(generated.toString()).isGreaterThanOrEqualTo(0);
            assertThat(proposal).as(generated.toString()).isGreaterThan(current);
            assertThat(plan(lines.get(current + 1))).isEqualTo(Map.of(0, List.of(1, 2), 1, List.of(2, 1),
                    2, List.of(1, 2)));
            String proposalJson = lines.get(proposal + 1);
            proposed = plan(proposalJson);
            assertThat(proposed).as(generated.toString()).hasSize(PARTITIONS);
            assertThat(proposed.values()).allSatisfy(r -> assertThat(r).containsExactlyInAnyOrder(2, 3));

            // --execute with a throttle (accepted, not enforced)
            Path plan = write("plan.json", proposalJson);
            KafkaTool.Result executed = reassign("--execute", "--reassignment-json-file", plan.toString(),
                    "--throttle", "50000000");
            assertThat(executed.exitCode()).as(executed.toString()).isZero();
            assertThat(executed.lines()).as(executed.toString())
                    .contains("The inter-broker throttle limit was set to 50000000 B/s")
                    .contains("Successfully started partition reassignments for " + TOPIC + "-0," + TOPIC + "-1,"
                            + TOPIC + "-2");

            // --verify until done; the last run clears the throttles
            KafkaTool.Result verified = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                verified = reassign("--verify", "--reassignment-json-file", plan.toString());
                assertThat(verified.exitCode()).as(verified.toString()).isZero();
                if (verified.stdout().contains("Clearing broker-level throttles")) {
                    break;
                }
            }
            assertThat(verified).isNotNull();
            assertThat(verified.lines()).as(verified.toString()).contains("Status of partition reassignment:")
                    .contains("Reassignment of partition " + TOPIC + "-0 is completed.")
                    .contains("Reassignment of partition " + TOPIC + "-1 is completed.")
                    .contains("Reassignment of partition " + TOPIC + "-2 is completed.")
                    .contains("Clearing broker-level throttles on brokers 1,2,3")
                    .contains("Clearing topic-level throttles on topic " + TOPIC);
            assertThat(replicas(TOPIC)).isEqualTo(proposed);
            Await.until("node 1 deleted its logs of " + TOPIC, WAIT, () -> noLogsOf(1, TOPIC));

            int before = acked.size();
            Await.until("the producer goes on after the move", WAIT, () -> acked.size() >= before + 500);
        } finally {
            producing.set(false);
            producer.join(120_000);
        }
        assertThat(producerFailure.get()).isNull();
        Await.until(TOPIC + " in sync on nodes 2 and 3", WAIT, () -> inSync(TOPIC, PARTITIONS));
        Set<String> read = readAll(acked);
        assertThat(read).containsAll(acked);

        pendingReassignmentIsListedVerifiedAndCancelled();
    }

    /** A reassignment onto a stopped node cannot complete: --list and --verify show it, --cancel reverts it. */
    private void pendingReassignmentIsListedVerifiedAndCancelled() throws Exception {
        int controller = admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id();
        int down = controller == 3 ? 2 : 3;   // not the controller: the quorum keeps its leader
        List<Integer> others = new ArrayList<>(List.of(1, 2, 3));
        others.remove(Integer.valueOf(down));
        int kept = others.get(0);
        int removed = others.get(1);
        String held = "held";
        admin.createTopics(List.of(new NewTopic(held, Map.of(0, List.of(kept, removed))))).all()
                .get(60, TimeUnit.SECONDS);
        Await.until(held + " in sync", WAIT, () -> inSync(held, 1));

        cluster.node(down).stop();
        Path plan = write("held.json", "{\"version\":1,\"partitions\":[{\"topic\":\"" + held
                + "\",\"partition\":0,\"replicas\":[" + kept + "," + down + "]}]}");
        admin.alterPartitionReassignments(Map.of(new TopicPartition(held, 0), Optional.of(
                new NewPartitionReassignment(List.of(kept, down))))).all().get(60, TimeUnit.SECONDS);

        KafkaTool.Result listed = reassign("--list");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.lines()).as(listed.toString()).containsExactly("Current partition reassignments:",
                held + "-0: replicas: " + kept + "," + down + "," + removed + ". adding: " + down
                        + ". removing: " + removed + ".");

        KafkaTool.Result verified = reassign("--verify", "--preserve-throttles", "--reassignment-json-file",
                plan.toString());
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.lines()).as(verified.toString())
                .contains("Reassignment of partition " + held + "-0 is still in progress.");

        KafkaTool.Result cancelled = reassign("--cancel", "--preserve-throttles", "--reassignment-json-file",
                plan.toString());
        assertThat(cancelled.exitCode()).as(cancelled.toString()).isZero();
        assertThat(cancelled.lines()).as(cancelled.toString())
                .contains("Successfully cancelled partition reassignment for: " + held + "-0");

        KafkaTool.Result none = reassign("--list");
        assertThat(none.lines()).as(none.toString()).containsExactly("No partition reassignments found.");
        assertThat(replicas(held)).isEqualTo(Map.of(0, List.of(kept, removed)));
    }

    /** The partition → replicas entries of a reassignment JSON as the tool prints it. */
    private static Map<Integer, List<Integer>> plan(String json) {
        Map<Integer, List<Integer>> out = new HashMap<>();
        Matcher m = PLAN_ENTRY.matcher(json);
        while (m.find()) {
            List<Integer> replicas = new ArrayList<>();
            for (String r : m.group(2).split(",")) {
                replicas.add(Integer.parseInt(r));
            }
            out.put(Integer.parseInt(m.group(1)), replicas);
        }
        return out;
    }

    private void produce(Set<String> acked, AtomicBoolean producing, AtomicReference<Throwable> failure) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; producing.get(); i++) {
                String value = "v" + i;
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, value), (metadata, error) -> {
                    if (error == null) {
                        acked.add(value);
                    }
                });
                if (i % 30 == 29) {
                    producer.flush();   // paces the producer: each 30 records wait for their acknowledgements
                }
            }
            producer.flush();
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /**
     * Every value in the topic, read from the start of each partition to its end and until {@code expected} are all
     * seen (a leader that took over in the move has a high watermark that lags the old leader's until its followers
     * fetch from it: the end offsets read at first may fall short); none read twice.
     */
    private Set<String> readAll(Set<String> expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                parts.add(new TopicPartition(TOPIC, i));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            Set<String> values = new HashSet<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) || !values.containsAll(expected))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    assertThat(values.add(r.value())).as("%s read once", r.value()).isTrue();
                }
            }
            return values;
        }
    }
}
