package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache Kafka's {@code kafka-consumer-groups} ({@code org.apache.kafka.tools.consumer.group.ConsumerGroupCommand}
 * of kafka-tools 4.3.1, in a JVM of its own) against a Tributary process: lag, members and state of a group, the
 * group list, offset resets a kafka-clients consumer then replays from, and group deletion — with the lines and
 * messages it prints against Kafka. Two groups reading one topic each see all of it (fan-out).
 */
class ConsumerGroupCommandCompatTest {

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static KafkaTool tools;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        tools = KafkaTool.locate(dir);
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "200",
                "group.consumer.heartbeat.interval.ms", "500"))
                .start();
        admin = broker.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        broker.stop();
    }

    /** Runs kafka-consumer-groups with these arguments (after {@code --bootstrap-server}). */
    private static KafkaTool.Result groups(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        return tools.run("consumer.group.ConsumerGroupCommand", all);
    }

    /** Like {@link #groups}, and the tool must exit 0. */
    private static KafkaTool.Result ok(String... args) throws Exception {
        KafkaTool.Result result = groups(args);
        assertThat(result.exitCode()).as("kafka-consumer-groups " + String.join(" ", args) + "\n" + result)
                .isZero();
        return result;
    }

    /** The table the tool printed, without blank lines and the header, each row split into its columns. */
    private static List<List<String>> rows(KafkaTool.Result result) {
        return result.lines().stream().filter(l -> !l.isBlank() && !l.startsWith("GROUP "))
                .map(l -> Arrays.asList(l.trim().split("\\s+"))).collect(Collectors.toList());
    }

    private static List<String> row(String... columns) {
        return List.of(columns);
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    /** Produces {@code counts[p]} records to partition p ("p-i" values), acks=all. */
    private static void produce(String topic, int... counts) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int partition = 0; partition < counts.length; partition++) {
                for (int i = 0; i < counts[partition]; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, null, partition + "-" + i));
                }
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * A member of {@code group} subscribes to the topic, polls until it has partitions and {@code expected} records
     * and for half a second more (to see that nothing else comes), commits what it read and leaves. Returns each partition's
     * offsets in the order read.
     */
    private static Map<Integer, List<Long>> consume(String group, String topic, int expected) {
        Map<Integer, List<Long>> read = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.subscribe(List.of(topic));
            int got = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    read.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.offset());
                    got++;
                }
                if (got >= expected && !consumer.assignment().isEmpty() && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
            }
            consumer.commitSync();
        }
        return read;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private static Map<Integer, Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<Integer, Long> out = new TreeMap<>();
        offsets.forEach((tp, o) -> out.put(tp.partition(), o.offset()));
        return out;
    }

    /**
     * After 60 records produced and 35 consumed and committed, --describe shows each partition's lag: 25 in all.
     * --delete-offsets removes one partition's offset of the empty group; --reset-offsets seeds a new group.
     */
    @Test
    void describeShowsCommittedOffsetLogEndOffsetAndLagOfEachPartition() throws Exception {
        createTopic("lagging-topic", 3);
        produce("lagging-topic", 30, 20, 10);
        try (KafkaConsumer<String, String> consumer = consumer("lagging")) {
            consumer.subscribe(List.of("lagging-topic"));
            int got = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got < 60 && System.nanoTime() < deadline) {
                got += consumer.poll(Duration.ofMillis(100)).count();
            }
            assertThat(got).isEqualTo(60);
            consumer.commitSync(Map.of(new TopicPartition("lagging-topic", 0), new OffsetAndMetadata(12),
                    new TopicPartition("lagging-topic", 1), new OffsetAndMetadata(20),
                    new TopicPartition("lagging-topic", 2), new OffsetAndMetadata(3)));
        }

        KafkaTool.Result described = ok("--describe", "--group", "lagging");
        assertThat(rows(described)).as(described.toString()).containsExactly(
                row("lagging", "lagging-topic", "0", "12", "30", "18", "-", "-", "-"),
                row("lagging", "lagging-topic", "1", "20", "20", "0", "-", "-", "-"),
                row("lagging", "lagging-topic", "2", "3", "10", "7", "-", "-", "-"));
        assertThat(described.stderr()).contains("Consumer group 'lagging' has no active members.");

        KafkaTool.Result state = ok("--describe", "--state", "--group", "lagging");
        assertThat(rows(state)).as(state.toString()).containsExactly(
                row("lagging", broker.bootstrap(), "(1)", "-", "Empty", "0"));

        // --delete-offsets of one partition of the (empty) group: gone from what --describe lists.
        KafkaTool.Result deleted = ok("--delete-offsets", "--group", "lagging", "--topic", "lagging-topic:2");
        assertThat(deleted.lines()).as(deleted.toString())
                .contains("Request succeeded for deleting offsets from group lagging.");
        assertThat(rows(deleted)).as(deleted.toString()).contains(row("lagging-topic", "2", "Successful"));
        assertThat(committed("lagging")).isEqualTo(Map.of(0, 12L, 1, 20L));

        // --reset-offsets of a group that does not exist yet seeds its offsets (simple commits).
        KafkaTool.Result seeded = ok("--reset-offsets", "--to-offset", "25", "--group", "seeded", "--topic",
                "lagging-topic:0", "--execute");
        assertThat(rows(seeded)).as(seeded.toString()).containsExactly(row("seeded", "lagging-topic", "0", "25"));
        assertThat(committed("seeded")).isEqualTo(Map.of(0, 25L));
    }

    /**
     * Two members of an active group: --describe (offsets with each partition's owner), --members (verbose: the
     * assignment), --state, --list --state; --delete and --reset-offsets are refused while it is active, with Kafka's
     * messages; once its members have left, --delete removes it and --list no longer shows it.
     */
    @Test
    void anActiveGroupIsDescribedListedAndOnlyDeletedOnceEmpty() throws Exception {
        createTopic("active-topic", 4);
        produce("active-topic", 10, 10, 10, 10);
        GroupConsumer a = new GroupConsumer(broker.bootstrap(), "active", "active-a", "active-topic");
        GroupConsumer b = new GroupConsumer(broker.bootstrap(), "active", "active-b", "active-topic");
        try {
            GroupConsumer.await("both members own two partitions and committed offset 10 of all four",
                    Duration.ofSeconds(30), () -> {
                        try {
                            return a.assignment().size() == 2 && b.assignment().size() == 2
                                    && a.generation() == b.generation()
                                    && committed("active").equals(Map.of(0, 10L, 1, 10L, 2, 10L, 3, 10L));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
            Map<String, GroupConsumer> byMember = Map.of(a.memberId(), a, b.memberId(), b);
            assertThat(a.memberId()).startsWith("active-a-");
            assertThat(b.memberId()).startsWith("active-b-");

            KafkaTool.Result described = ok("--describe", "--group", "active");
            List<List<String>> offsets = new ArrayList<>(rows(described));
            assertThat(offsets).as(described.toString()).hasSize(4);
            offsets.sort(java.util.Comparator.comparing(r -> r.get(2)));   // the tool lists them member by member
            for (int p = 0; p < 4; p++) {
                List<String> r = offsets.get(p);
                GroupConsumer owner = a.assignment().contains(p) ? a : b;
                String clientId = owner == a ? "active-a" : "active-b";
                assertThat(r).as(described.toString()).containsExactly("active", "active-topic",
                        Integer.toString(p), "10", "10", "0", owner.memberId(), "/127.0.0.1", clientId);
            }

            KafkaTool.Result members = ok("--describe", "--members", "--verbose", "--group", "active");
            List<List<String>> memberRows = rows(members);
            assertThat(memberRows).as(members.toString()).hasSize(2);
            Map<String, String> assignmentByMember = new HashMap<>();
            for (List<String> r : memberRows) {
                // GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS CURRENT-EPOCH CURRENT-ASSIGNMENT TARGET-EPOCH
                // TARGET-ASSIGNMENT (the epochs and target are the consumer protocol's: "-" for a classic group)
                assertThat(r).as(members.toString()).hasSize(9);
                assertThat(r.get(0)).isEqualTo("active");
                assertThat(byMember).containsKey(r.get(1));
                assertThat(r.subList(2, 6)).containsExactly("/127.0.0.1", r.get(1).startsWith("active-a-")
                        ? "active-a" : "active-b", "2", "-");
                assertThat(r.subList(7, 9)).containsExactly("-", "-");
                assignmentByMember.put(r.get(1), r.get(6));
            }
            assertThat(Set.copyOf(assignmentByMember.values())).as("range: two partitions each, disjoint")
                    .isEqualTo(Set.of("active-topic:0,1", "active-topic:2,3"));
            byMember.forEach((id, member) -> assertThat(assignmentByMember.get(id))
                    .isEqualTo("active-topic:" + member.assignment().stream().sorted().map(String::valueOf)
                            .collect(Collectors.joining(","))));

            KafkaTool.Result state = ok("--describe", "--state", "--group", "active");
            assertThat(rows(state)).as(state.toString()).containsExactly(
                    row("active", broker.bootstrap(), "(1)", "range", "Stable", "2"));

            KafkaTool.Result listed = ok("--list", "--state", "Stable");
            assertThat(rows(listed)).as(listed.toString()).contains(row("active", "Stable"));

            KafkaTool.Result refused = groups("--delete", "--group", "active");
            assertThat(refused.stdout() + refused.stderr()).as(refused.toString())
                    .contains("Error: Deletion of some consumer groups failed:")
                    .contains("* Group 'active' could not be deleted due to: "
                            + "org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.");

            KafkaTool.Result notReset = groups("--reset-offsets", "--to-earliest", "--group", "active", "--topic",
                    "active-topic", "--execute");
            assertThat(notReset.stdout() + notReset.stderr()).as(notReset.toString())
                    .contains("Error: Assignments can only be reset if the group 'active' is inactive, but the "
                            + "current state is Stable.");
            assertThat(committed("active")).as("nothing was reset").isEqualTo(Map.of(0, 10L, 1, 10L, 2, 10L,
                    3, 10L));
        } finally {
            a.close();
            b.close();
        }
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();

        KafkaTool.Result deleted = ok("--delete", "--group", "active");
        assertThat(deleted.lines()).as(deleted.toString())
                .contains("Deletion of requested consumer groups ('active') was successful.");
        assertThat(ok("--list").lines()).doesNotContain("active");
        assertThat(committed("active")).as("its committed offsets went with it").isEmpty();
    }

    /**
     * --delete-offsets on a live group (one member, classic or consumer protocol, reading one topic): the offsets of
     * a topic it does not subscribe to are deleted, those of the topic it reads are refused per partition with
     * GROUP_SUBSCRIBED_TO_TOPIC — the tool's "partition level error" table, as against Kafka — and stay.
     */
    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void deleteOffsetsOfALiveGroupSparesTheTopicItsMemberReads(String protocol) throws Exception {
        String group = "live-" + protocol;
        String read = "read-" + protocol;
        String unread = "unread-" + protocol;
        createTopic(read, 1);
        createTopic(unread, 1);
        produce(read, 5);
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(unread, 0), new OffsetAndMetadata(3)))
                .all().get();
        GroupConsumer member = new GroupConsumer(broker.bootstrap(), group, group + "-member", read,
                Map.of("group.protocol", protocol));
        try {
            GroupConsumer.await("the member owns " + read + " and committed offset 5", Duration.ofSeconds(60),
                    () -> committedByTopic(group).equals(Map.of(read, 5L, unread, 3L)));

            KafkaTool.Result result = groups("--delete-offsets", "--group", group, "--topic", read, "--topic",
                    unread);
            assertThat(result.stderr() + result.stdout()).as(result.toString())
                    .contains("Encountered some partition-level error");
            assertThat(rows(result)).as(result.toString()).contains(row(unread, "0", "Successful"));
            assertThat(result.lines()).as(result.toString())
                    .anyMatch(l -> l.startsWith(read) && l.contains("Error") && l.contains("subscribed"));
            assertThat(committedByTopic(group)).as("only the unread topic's offset is gone")
                    .isEqualTo(Map.of(read, 5L));
        } finally {
            member.close();
        }
    }

    private static Map<String, Long> committedByTopic(String group) {
        try {
            Map<String, Long> out = new TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> out.put(tp.topic(), o.offset()));
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Two groups each read every record of a topic (fan-out). --reset-offsets --to-earliest makes one of them
     * replay from offset 0 and leaves the other where it was; --to-offset, --shift-by (clamped at the log start)
     * and --dry-run set exactly what they print.
     */
    @Test
    void aConsumerProtocolGroupIsDescribedWithItsEpochsAndAssignor() throws Exception {
        createTopic("kip848-topic", 4);
        produce("kip848-topic", 5, 5, 5, 5);
        Map<String, String> consumerProtocol = Map.of("group.protocol", "consumer");
        GroupConsumer a = new GroupConsumer(broker.bootstrap(), "kip848", "kip848-a", "kip848-topic",
                consumerProtocol);
        GroupConsumer b = new GroupConsumer(broker.bootstrap(), "kip848", "kip848-b", "kip848-topic",
                consumerProtocol);
        try {
            GroupConsumer.await("both members own two partitions and committed offset 5 of all four",
                    Duration.ofSeconds(60), () -> {
                        try {
                            return a.assignment().size() == 2 && b.assignment().size() == 2
                                    && committed("kip848").equals(Map.of(0, 5L, 1, 5L, 2, 5L, 3, 5L));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
            KafkaTool.Result state = ok("--describe", "--state", "--group", "kip848");
            // GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS
            List<String> stateRow = rows(state).get(0);
            assertThat(stateRow.get(0)).isEqualTo("kip848");
            assertThat(stateRow.subList(stateRow.size() - 3, stateRow.size())).as(state.toString())
                    .containsExactly("uniform", "Stable", "2");

            KafkaTool.Result members = ok("--describe", "--members", "--verbose", "--group", "kip848");
            List<List<String>> memberRows = rows(members);
            assertThat(memberRows).as(members.toString()).hasSize(2);
            Set<String> assigned = new HashSet<>();
            for (List<String> r : memberRows) {
                // GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS CURRENT-EPOCH CURRENT-ASSIGNMENT TARGET-EPOCH
                // TARGET-ASSIGNMENT: a stable consumer-protocol member is at the target epoch with its target
                assertThat(r).as(members.toString()).hasSize(9);
                assertThat(r.get(4)).isEqualTo("2");
                assertThat(r.get(5)).as("current epoch = target epoch").isEqualTo(r.get(7)).isNotEqualTo("-");
                assertThat(r.get(6)).as("current assignment = target assignment").isEqualTo(r.get(8));
                assigned.add(r.get(6));
            }
            assertThat(assigned).as("disjoint halves").hasSize(2);

            KafkaTool.Result list = ok("--list", "--type");
            assertThat(list.stdout()).as(list.toString()).containsPattern("kip848\\s+Consumer");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void twoGroupsEachReadEverythingAndAResetGroupReplaysFromTheStart() throws Exception {
        createTopic("replayed", 2);
        produce("replayed", 50, 50);
        CompletableFuture<Map<Integer, List<Long>>> first = CompletableFuture.supplyAsync(
                () -> consume("fan-out-a", "replayed", 100));
        CompletableFuture<Map<Integer, List<Long>>> second = CompletableFuture.supplyAsync(
                () -> consume("fan-out-b", "replayed", 100));
        Map<Integer, List<Long>> everything = Map.of(0, range(0, 50), 1, range(0, 50));
        assertThat(first.get()).as("group fan-out-a read every record once").isEqualTo(everything);
        assertThat(second.get()).as("group fan-out-b read every record once").isEqualTo(everything);

        KafkaTool.Result caughtUp = ok("--describe", "--group", "fan-out-a");
        assertThat(rows(caughtUp)).as(caughtUp.toString()).containsExactly(
                row("fan-out-a", "replayed", "0", "50", "50", "0", "-", "-", "-"),
                row("fan-out-a", "replayed", "1", "50", "50", "0", "-", "-", "-"));

        KafkaTool.Result reset = ok("--reset-offsets", "--to-earliest", "--group", "fan-out-a", "--topic",
                "replayed", "--execute");
        assertThat(rows(reset)).as(reset.toString()).containsExactlyInAnyOrder(
                row("fan-out-a", "replayed", "0", "0"), row("fan-out-a", "replayed", "1", "0"));
        KafkaTool.Result lagging = ok("--describe", "--group", "fan-out-a");
        assertThat(rows(lagging)).as(lagging.toString()).containsExactly(
                row("fan-out-a", "replayed", "0", "0", "50", "50", "-", "-", "-"),
                row("fan-out-a", "replayed", "1", "0", "50", "50", "-", "-", "-"));

        assertThat(consume("fan-out-a", "replayed", 100)).as("fan-out-a replays from offset 0")
                .isEqualTo(everything);
        assertThat(committed("fan-out-b")).as("the other group was not reset").isEqualTo(Map.of(0, 50L, 1, 50L));
        assertThat(consume("fan-out-b", "replayed", 0)).as("and has nothing left to read").isEmpty();

        KafkaTool.Result toOffset = ok("--reset-offsets", "--to-offset", "7", "--group", "fan-out-a", "--topic",
                "replayed:1", "--execute");
        assertThat(rows(toOffset)).as(toOffset.toString()).containsExactly(row("fan-out-a", "replayed", "1", "7"));
        KafkaTool.Result shifted = ok("--reset-offsets", "--shift-by", "-10", "--group", "fan-out-a",
                "--all-topics", "--execute");
        assertThat(rows(shifted)).as(shifted.toString()).containsExactlyInAnyOrder(
                row("fan-out-a", "replayed", "0", "40"), row("fan-out-a", "replayed", "1", "0"));
        KafkaTool.Result dryRun = ok("--reset-offsets", "--to-latest", "--group", "fan-out-a", "--all-topics",
                "--dry-run");
        assertThat(rows(dryRun)).as(dryRun.toString()).containsExactlyInAnyOrder(
                row("fan-out-a", "replayed", "0", "50"), row("fan-out-a", "replayed", "1", "50"));
        assertThat(committed("fan-out-a")).as("--dry-run changed nothing").isEqualTo(Map.of(0, 40L, 1, 0L));

        assertThat(consume("fan-out-a", "replayed", 60)).as("fan-out-a resumes from the offsets set")
                .isEqualTo(Map.of(0, range(40, 50), 1, range(0, 50)));
    }
}
