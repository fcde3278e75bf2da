package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 3: a real Kafka Streams application (kafka-streams 4.4, {@code exactly_once_v2}) keeps exact counts
 * when one of its two instances is SIGKILLed mid-stream and started again with an empty state directory.
 *
 * <p>{@link StreamsWordCountApp} counts words: lines from a 4-partition topic are split into words, regrouped by
 * word through the repartition topic {@code wordcount-counts-repartition} and counted in a store logged to
 * {@code wordcount-counts-changelog}; every changed count goes to the output (no record cache, so every update is
 * written to the changelog and the output inside the open transaction). {@value #BATCHES} batches of
 * {@value #LINES_PER_BATCH} lines drawn by a seeded {@link Random} (a skewed vocabulary, so some counts run into
 * the thousands and every batch changes them) are produced one after another:
 * <ol>
 *   <li>instances A and B (child JVMs, each its own state directory) share the group, B holding active tasks;
 *   batches 1-2 are counted exactly;</li>
 *   <li>batch 3 is produced and B is SIGKILLed while counting it, as soon as the broker shows records of an open
 *   transaction in an output partition of B's (its high watermark above its last stable offset); batch 4 is
 *   produced;</li>
 *   <li>A takes all 8 tasks (B's session expires, its open transaction is aborted), rebuilds B's stores from the
 *   changelog (it must report records restored from each changelog partition of B's counting tasks) and the counts
 *   reach exactly batches 1-4;</li>
 *   <li>B is started again on a fresh, empty state directory (so whatever it gets, it restores from the changelog),
 *   rejoins, and batches 5-6 are produced.</li>
 * </ol>
 * Throughout, a read_committed consumer follows the output and fails at once if a count ever exceeds the count of
 * the lines produced so far (a record counted twice: what exactly-once forbids); every wait ends when the last
 * count of every word is exactly the expected one. Finally the input is committed to its log end, the output has
 * no open transaction, and one more read of the whole output from its beginning gives, as the last count of each
 * word, exactly the expected count, for exactly the words of the input. The records of aborted transactions in the
 * output and the changelog (what the kill left for readers and restores to skip) are counted and printed, not
 * asserted: B's transaction may, rarely, commit between the look and the kill.
 *
 * <p>The seed is printed; {@code -Dstreams.seed=<seed>} draws the same lines again.
 */
class StreamsExactlyOnceCompatTest {

    private static final int PARTITIONS = 4;
    private static final int BATCHES = 6;
    private static final int LINES_PER_BATCH = 1_500;
    private static final String APPLICATION_ID = "wordcount";
    private static final String INPUT = "wordcount-lines";
    private static final String OUTPUT = "wordcount-counts";
    private static final Duration STEP = Duration.ofSeconds(60);
    /** Syllables of the vocabulary: 512 three-syllable words. */
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "ze"};

    @TempDir
    Path dir;

    @Test
    void wordCountsStayExactWhenAnInstanceIsKilledAndRestartedEmpty() throws Exception {
        long seed = Long.getLong("streams.seed", System.nanoTime());
        System.out.println("StreamsExactlyOnceCompatTest seed " + seed + " (rerun: -Dstreams.seed=" + seed + ")");
        List<List<String>> batches = draw(new Random(seed));
        long started = System.nanoTime();

        try (TributaryProcess broker = new TributaryProcess(dir.resolve("data"), Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")).start();
             Admin admin = TransactionClients.admin(broker.bootstrap());
             KafkaProducer<String, String> producer = TransactionClients.plain(broker.bootstrap());
             KafkaConsumer<String, Long> watcher = countsConsumer(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(INPUT, PARTITIONS, (short) 1),
                    new NewTopic(OUTPUT, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Timeline timeline = new Timeline(started);
            timeline.mark("broker started, topics created");
            List<TopicPartition> outputPartitions = partitions(OUTPUT);
            watcher.assign(outputPartitions);
            watcher.seekToBeginning(outputPartitions);
            Counts counts = new Counts(watcher);
            Map<TopicPartition, Long> inputEnd = new HashMap<>();
            int line = 0;

            TransactionClients.Child a = startInstance(broker, "A", "a");
            TransactionClients.Child b = startInstance(broker, "B", "b");
            TransactionClients.Child restarted = null;
            try {
                Diagnostics diagnostics = new Diagnostics(broker, counts);
                diagnostics.instances = List.of(a, b);
                awaitMembers(admin, 2, diagnostics);
                timeline.mark("A and B share the group");

                for (int i = 0; i < 2; i++) {
                    line = TransactionClients.sendLines(producer, INPUT, PARTITIONS, batches.get(i), line, inputEnd);
                }
                awaitExact(counts, expected(batches, 2), "batches 1-2", diagnostics);
                timeline.mark("batches 1-2 counted exactly by A and B");

                // Task 1_p counts the words of repartition partition p and writes their counts to output partition
                // p (the same key, partitioned alike): B's counting tasks are the only writers of B's partitions.
                String bTasks = lastTasks(b);
                List<TopicPartition> bOutput = statefulPartitions(bTasks).stream()
                        .map(p -> new TopicPartition(OUTPUT, p)).collect(Collectors.toList());
                assertThat(bOutput).as("B's counting tasks (%s)", bTasks).isNotEmpty();
                line = TransactionClients.sendLines(producer, INPUT, PARTITIONS, batches.get(2), line, inputEnd);
                Map<TopicPartition, Long> open = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
                GroupConsumer.await("B has an open transaction with records in its output partitions " + bOutput,
                        STEP, () -> {
                            diagnostics.assertAlive();
                            // The high watermark first: records below it that are still unstable afterwards are
                            // in a transaction open now.
                            Map<TopicPartition, Long> end = latest(admin, bOutput, IsolationLevel.READ_UNCOMMITTED);
                            Map<TopicPartition, Long> stable = latest(admin, bOutput, IsolationLevel.READ_COMMITTED);
                            bOutput.forEach(tp -> {
                                if (end.get(tp) > stable.get(tp)) {
                                    open.put(tp, end.get(tp) - stable.get(tp));
                                }
                            });
                            return !open.isEmpty();
                        }, diagnostics);
                b.kill();
                timeline.mark("B SIGKILLed counting batch 3 (" + words(batches.get(2)) + " words), its open "
                        + "transaction holding (at least) " + open + " records (partition: high watermark - last "
                        + "stable offset); B had " + bTasks);

                line = TransactionClients.sendLines(producer, INPUT, PARTITIONS, batches.get(3), line, inputEnd);
                diagnostics.instances = List.of(a);
                awaitMembers(admin, 1, diagnostics);
                timeline.mark("A alone in the group");
                awaitExact(counts, expected(batches, 4), "batches 1-4 (B's tasks on A)", diagnostics);
                timeline.mark("batches 1-4 counted exactly by A alone; A has " + lastTasks(a) + ", restored "
                        + restored(a));
                Map<Integer, Long> restoredByA = restored(a);
                for (int p : statefulPartitions(bTasks)) {
                    assertThat(restoredByA.getOrDefault(p, 0L)).as("records A restored from changelog partition %d "
                            + "(B's store, B killed with %s)", p, bTasks).isPositive();
                }

                restarted = startInstance(broker, "B (restarted, empty state)", "b-restarted");
                diagnostics.instances = List.of(a, restarted);
                awaitMembers(admin, 2, diagnostics);
                timeline.mark("restarted B shares the group");
                for (int i = 4; i < BATCHES; i++) {
                    line = TransactionClients.sendLines(producer, INPUT, PARTITIONS, batches.get(i), line, inputEnd);
                }
                Map<String, Long> expected = expected(batches, BATCHES);
                awaitExact(counts, expected, "all " + BATCHES + " batches", diagnostics);
                timeline.mark("all batches counted exactly; A has " + lastTasks(a) + ", restarted B has "
                        + lastTasks(restarted) + " and restored " + restored(restarted));

                GroupConsumer.await("the application's committed input offsets reach the input's log end", STEP,
                        () -> inputEnd.equals(committedInput(admin)), () -> "committed " + committedInput(admin)
                                + ", input log end " + inputEnd + diagnostics.get());
                GroupConsumer.await("no transaction is open on the output (last stable offset = high watermark)",
                        STEP, () -> latest(admin, outputPartitions, IsolationLevel.READ_COMMITTED).equals(
                                latest(admin, outputPartitions, IsolationLevel.READ_UNCOMMITTED)), diagnostics);

                // One more read of the whole output, by a consumer of its own.
                Map<String, Long> last = new TreeMap<>();
                int committedRecords;
                try (KafkaConsumer<String, Long> consumer = countsConsumer(broker.bootstrap())) {
                    committedRecords = readAll(consumer, outputPartitions, last);
                }
                String changelog = APPLICATION_ID + "-" + StreamsWordCountApp.STORE + "-changelog";
                timeline.mark("output read again: " + committedRecords + " committed records; records in aborted "
                        + "transactions: " + aborted(broker.bootstrap(), OUTPUT) + " in the output, "
                        + aborted(broker.bootstrap(), changelog) + " in " + changelog);
                System.out.println("the instances' warnings and errors:" + warnings(a) + warnings(b)
                        + warnings(restarted));

                String context = "seed " + seed;
                assertThat(differences(last, expected)).as("words whose last committed count is not the number of "
                        + "times they were produced (%s)", context).isEmpty();
                assertThat(last.keySet()).as("words in the output (%s)", context).isEqualTo(expected.keySet());
            } finally {
                a.close();
                b.close();
                if (restarted != null) {
                    restarted.close();
                }
            }
        }
    }

    /** {@link #BATCHES} batches of lines of 1-10 words of a skewed 512-word vocabulary. */
    private static List<List<String>> draw(Random random) {
        List<List<String>> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            List<String> lines = new ArrayList<>();
            for (int l = 0; l < LINES_PER_BATCH; l++) {
                StringBuilder text = new StringBuilder();
                int n = 1 + random.nextInt(10);
                for (int w = 0; w < n; w++) {
                    double r = random.nextDouble();
                    int index = (int) (SYLLABLES.length * SYLLABLES.length * SYLLABLES.length * r * r * r);
                    if (w > 0) {
                        text.append(random.nextInt(8) == 0 ? ", " : " ");
                    }
                    text.append(SYLLABLES[index / 64]).append(SYLLABLES[index / 8 % 8]).append(SYLLABLES[index % 8]);
                }
                lines.add(random.nextInt(20) == 0 ? text.toString().toUpperCase(Locale.ROOT) + "." : text.toString());
            }
            batches.add(lines);
        }
        return batches;
    }

    /** The count of every word in the first {@code n} batches. */
    private static Map<String, Long> expected(List<List<String>> batches, int n) {
        Map<String, Long> counts = new TreeMap<>();
        for (List<String> lines : batches.subList(0, n)) {
            for (String line : lines) {
                StreamsWordCountApp.words(line).forEach(w -> counts.merge(w, 1L, Long::sum));
            }
        }
        return counts;
    }

    private static int words(List<String> lines) {
        return lines.stream().mapToInt(l -> StreamsWordCountApp.words(l).size()).sum();
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A {@link StreamsWordCountApp} JVM whose state directory is {@code stateDir} under the test's directory. */
    private TransactionClients.Child startInstance(TributaryProcess broker, String name, String stateDir)
            throws Exception {
        return TransactionClients.Child.start("Streams instance " + name, StreamsWordCountApp.class,
                broker.bootstrap(), APPLICATION_ID, INPUT, OUTPUT, dir.resolve("state-" + stateDir).toString());
    }

    private static String warnings(TransactionClients.Child instance) {
        StringBuilder s = new StringBuilder();
        for (String line : instance.output().split("\n")) {
            if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                s.append("\n").append(line);
            }
        }
        return s.toString();
    }

    /** Per changelog partition, how many records an instance restored from it ({@code STREAMS RESTORED} lines). */
    private static Map<Integer, Long> restored(TransactionClients.Child instance) {
        Map<Integer, Long> restored = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^STREAMS RESTORED " + APPLICATION_ID + "-" + StreamsWordCountApp.STORE
                + "-changelog-(\\d+) (\\d+)$").matcher(instance.output());
        while (m.find()) {
            restored.merge(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long::sum);
        }
        return restored;
    }

    /** The partitions of the stateful (counting) tasks {@code 1_<partition>} among the tasks of a TASKS line. */
    private static Set<Integer> statefulPartitions(String tasks) {
        Set<Integer> partitions = new TreeSet<>();
        int standby = tasks.indexOf(" standby=");
        Matcher m = Pattern.compile("\\b1_(\\d+)").matcher(standby < 0 ? tasks : tasks.substring(0, standby));
        while (m.find()) {
            partitions.add(Integer.parseInt(m.group(1)));
        }
        return partitions;
    }

    /** The last {@code STREAMS TASKS} line an instance printed (its tasks when it last became RUNNING). */
    private static String lastTasks(TransactionClients.Child instance) {
        String tasks = "no tasks reported";
        for (String line : instance.output().split("\n")) {
            if (line.startsWith("STREAMS TASKS ")) {
                tasks = line.substring("STREAMS TASKS ".length());
            }
        }
        return tasks;
    }

    /**
     * Waits until the application's group is Stable with {@code members} members and its members between them are
     * assigned every partition of the input and of the repartition topic.
     */
    private static void awaitMembers(Admin admin, int members, Diagnostics diagnostics) throws Exception {
        Set<TopicPartition> all = new HashSet<>(partitions(INPUT));
        all.addAll(partitions(APPLICATION_ID + "-" + StreamsWordCountApp.STORE + "-repartition"));
        String[] seen = {""};
        GroupConsumer.await("the group " + APPLICATION_ID + " is Stable with " + members + " members owning the "
                + "input and repartition partitions", STEP, () -> {
                    diagnostics.assertAlive();
                    ConsumerGroupDescription group = describe(admin);
                    if (group == null) {
                        seen[0] = "not found";
                        return false;
                    }
                    seen[0] = group.groupState() + " " + group.members().stream().map(m -> m.clientId() + " "
                            + m.assignment().topicPartitions()).collect(Collectors.toList());
                    if (group.groupState() != GroupState.STABLE || group.members().size() != members) {
                        return false;
                    }
                    Set<TopicPartition> owned = new HashSet<>();
                    for (MemberDescription m : group.members()) {
                        if (m.assignment().topicPartitions().isEmpty()) {
                            return false;
                        }
                        owned.addAll(m.assignment().topicPartitions());
                    }
                    return owned.equals(all);
                }, () -> "group: " + seen[0] + diagnostics.get());
    }

    /** The application's group, or null while it does not exist yet (GROUP_ID_NOT_FOUND). */
    private static ConsumerGroupDescription describe(Admin admin) {
        try {
            return admin.describeConsumerGroups(List.of(APPLICATION_ID)).all().get(30, TimeUnit.SECONDS)
                    .get(APPLICATION_ID);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw new AssertionError("DescribeGroups " + APPLICATION_ID, e);
        } catch (Exception e) {
            throw new AssertionError("DescribeGroups " + APPLICATION_ID, e);
        }
    }

    /**
     * Follows the committed output until the last count of every word is {@code expected}'s, failing at once when a
     * count exceeds it (a count with a record counted twice), or after {@link #STEP}.
     */
    private static void awaitExact(Counts counts, Map<String, Long> expected, String what, Diagnostics diagnostics)
            throws InterruptedException {
        GroupConsumer.await("the committed counts are exactly those of " + what, STEP, () -> {
            diagnostics.assertAlive();
            counts.poll(expected);
            return counts.latest().equals(expected);
        }, () -> "differences (word: committed count / expected): " + firstOf(differences(counts.latest(),
                expected)) + diagnostics.get());
    }

    /** Every word whose count is not the expected one, as {@code word: actual / expected}. */
    private static List<String> differences(Map<String, Long> actual, Map<String, Long> expected) {
        List<String> out = new ArrayList<>();
        Set<String> words = new TreeSet<>(expected.keySet());
        words.addAll(actual.keySet());
        for (String w : words) {
            Long a = actual.get(w);
            Long e = expected.get(w);
            if (a == null || !a.equals(e)) {
                out.add(w + ": " + a + " / " + e);
            }
        }
        return out;
    }

    /** The committed counts as a read_committed consumer of the output sees them: the last value of each word. */
    private static final class Counts {
        private final KafkaConsumer<String, Long> consumer;
        private final Map<String, Long> latest = new TreeMap<>();

        Counts(KafkaConsumer<String, Long> consumer) {
            this.consumer = consumer;
        }

        /** One poll; fails if any count read exceeds {@code bound} (the counts of everything produced so far). */
        void poll(Map<String, Long> bound) {
            for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                long max = bound.getOrDefault(r.key(), 0L);
                if (r.value() > max) {
                    throw new AssertionError("committed count " + r.value() + " of '" + r.key() + "' at "
                            + r.topic() + "-" + r.partition() + "@" + r.offset() + " exceeds " + max + ", the "
                            + "number of times it was produced so far: a record counted twice");
                }
                latest.put(r.key(), r.value());
            }
        }

        Map<String, Long> latest() {
            return latest;
        }
    }

    /** What the failure messages show: the instances' output and the broker's warnings. */
    private static final class Diagnostics implements Supplier<String> {
        private final TributaryProcess broker;
        private final Counts counts;
        volatile List<TransactionClients.Child> instances = List.of();

        Diagnostics(TributaryProcess broker, Counts counts) {
            this.broker = broker;
            this.counts = counts;
        }

        void assertAlive() {
            instances.forEach(TransactionClients.Child::assertAlive);
        }

        @Override
        public String get() {
            StringBuilder s = new StringBuilder("\nwords counted: " + counts.latest().size());
            for (TransactionClients.Child instance : instances) {
                s.append("\n--- instance output:\n").append(instance.output());
            }
            List<String> warnings = broker.output().stream().filter(l -> l.contains("WARN") || l.contains("ERROR"))
                    .collect(Collectors.toList());
            s.append("\n--- broker warnings and errors (last 60 of ").append(warnings.size()).append("):\n")
                    .append(String.join("\n", warnings.subList(Math.max(0, warnings.size() - 60), warnings.size())));
            return s.toString();
        }
    }

    /** Prints each step with the seconds since the test began. */
    private static final class Timeline {
        private final long start;

        Timeline(long start) {
            this.start = start;
        }

        void mark(String step) {
            System.out.println(String.format("%6.1f s  %s", (System.nanoTime() - start) / 1e9, step));
        }
    }

    /** A read_committed consumer of the output (word, count). */
    private static KafkaConsumer<String, Long> countsConsumer(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, TransactionClients.isolation(IsolationLevel.READ_COMMITTED));
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(TransactionClients.CLIENT_TIMEOUT.toMillis()));
        return new KafkaConsumer<>(c, new StringDeserializer(), new LongDeserializer());
    }

    /** Reads the partitions from their beginning to their end offsets (at the consumer's isolation level). */
    private static int readAll(KafkaConsumer<String, Long> consumer, List<TopicPartition> partitions,
                               Map<String, Long> last) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + STEP.toNanos();
        int records = 0;
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                last.put(r.key(), r.value());
                records++;
            }
            assertThat(System.nanoTime()).as("read the output to " + end + " in time").isLessThan(deadline);
        }
        return records;
    }

    /**
     * How many more records a read_uncommitted than a read_committed consumer reads from a topic's beginning: the
     * records of aborted transactions (transactions still open would count too; the test calls this when none is).
     */
    private static int aborted(String bootstrap, String topic) {
        return records(bootstrap, topic, IsolationLevel.READ_UNCOMMITTED)
                - records(bootstrap, topic, IsolationLevel.READ_COMMITTED);
    }

    private static int records(String bootstrap, String topic, IsolationLevel level) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, TransactionClients.isolation(level));
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(TransactionClients.CLIENT_TIMEOUT.toMillis()));
        List<TopicPartition> partitions = partitions(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + STEP.toNanos();
            int records = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                records += consumer.poll(Duration.ofMillis(200)).count();
                assertThat(System.nanoTime()).as("read " + topic + " to " + end + " in time").isLessThan(deadline);
            }
            return records;
        }
    }

    private static List<TopicPartition> partitions(String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    private static Map<TopicPartition, Long> committedInput(Admin admin) {
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(APPLICATION_ID)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet()) {
                if (e.getValue() != null && e.getKey().topic().equals(INPUT)) {
                    out.put(e.getKey(), e.getValue().offset());
                }
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("ListConsumerGroupOffsets of " + APPLICATION_ID, e);
        }
    }

    private static Map<TopicPartition, Long> latest(Admin admin, List<TopicPartition> partitions,
                                                    IsolationLevel level) {
        try {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(specs, new ListOffsetsOptions(level)).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (Exception e) {
            throw new AssertionError("ListOffsets " + level, e);
        }
    }

    /** At most the first 20 entries, and how many there are. */
    private static List<String> firstOf(List<String> entries) {
        if (entries.size() <= 20) {
            return entries;
        }
        List<String> first = new ArrayList<>(entries.subList(0, 20));
        first.add("... " + entries.size() + " in all");
        return first;
    }
}
