package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 2: an exactly-once consume-transform-produce loop ({@link ExactlyOnceLoop}, its own JVM) copies
 * 20,000 records with unique ids from a 4-partition topic to another, and is SIGKILLed {@value #KILLS} times at
 * points chosen by a seeded {@link Random}: after a given number of records committed, right after it begins a
 * transaction, after handing half its records to send, after adding its offsets, or after a commit. Each time it
 * is started again with the same transactional.id and group. At the end a read_committed consumer of the output
 * sees every input id, transformed, exactly once, and the group's committed offsets are the input's log end.
 *
 * <p>The seed is printed; {@code -Dexactlyonce.seed=<seed>} reruns the same kill points (the timing between a
 * report and the kill stays the machine's).
 */
class ExactlyOnceLoopCompatTest {

    private static final int RECORDS = 20_000;
    private static final int PARTITIONS = 4;
    private static final int KILLS = 5;
    private static final String INPUT = "eos-input";
    private static final String OUTPUT = "eos-output";
    private static final String GROUP = "eos-loop";
    private static final String TRANSACTIONAL_ID = "eos-loop";

    @TempDir
    Path dir;

    /** Kill the loop at the first report starting with {@code phase} once {@code after} records were committed. */
    private record KillPoint(int after, String phase) {
    }

    @Test
    void aLoopKilledAtRandomPointsWritesEveryRecordExactlyOnce() throws Exception {
        long seed = Long.getLong("exactlyonce.seed", System.nanoTime());
        System.out.println("ExactlyOnceLoopCompatTest seed " + seed + " (rerun: -Dexactlyonce.seed=" + seed + ")");
        List<KillPoint> kills = killPoints(new Random(seed));
        System.out.println("kill points: " + kills);

        try (TributaryProcess broker = new TributaryProcess(dir.resolve("data")).start();
             Admin admin = TransactionClients.admin(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(INPUT, PARTITIONS, (short) 1),
                    new NewTopic(OUTPUT, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> inputEnd = produceInput(broker.bootstrap());

            int committed = 0;
            int errors = 0;
            List<String> killedAt = new ArrayList<>();
            for (int i = 0; i < KILLS; i++) {
                KillPoint kill = kills.get(i);
                try (TransactionClients.Child loop = startLoop(broker, i)) {
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                    while (true) {
                        String line = loop.next("EOS ", deadline);
                        if (line.startsWith("EOS COMMITTED ")) {
                            committed += Integer.parseInt(line.substring("EOS COMMITTED ".length()));
                        } else if (line.startsWith("EOS ERROR ")) {
                            errors++;
                            System.out.println("loop " + i + ": " + line);
                        }
                        if (committed >= kill.after() && line.startsWith(kill.phase())) {
                            loop.kill();
                            killedAt.add(line + " (" + committed + " committed)");
                            break;
                        }
                    }
                }
            }
            System.out.println("killed at: " + killedAt + "; abortable errors reported: " + errors);

            List<TopicPartition> outputPartitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                outputPartitions.add(new TopicPartition(OUTPUT, p));
            }
            try (TransactionClients.Child loop = startLoop(broker, KILLS);
                 KafkaConsumer<String, String> watcher = TransactionClients.consumer(broker.bootstrap(),
                         IsolationLevel.READ_COMMITTED)) {
                watcher.assign(outputPartitions);
                watcher.seekToBeginning(outputPartitions);
                Set<String> seen = new HashSet<>();
                GroupConsumer.await("the restarted loop's committed output holds all " + RECORDS + " ids",
                        Duration.ofMinutes(4), () -> {
                            loop.assertAlive();
                            watcher.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.key()));
                            return seen.size() >= RECORDS;
                        }, () -> "ids in the read_committed output: " + seen.size() + "; the loop's output:\n"
                                + loop.output());
                GroupConsumer.await("the group's committed offsets reach the input's log end", Duration.ofSeconds(60),
                        () -> inputEnd.equals(committedOffsets(admin)), () -> "committed " + committedOffsets(admin)
                                + ", input log end " + inputEnd);
            }

            // The loop is gone: read the whole committed output once more.
            Map<String, Integer> copies = new TreeMap<>();
            List<String> wrong = new ArrayList<>();
            int total = 0;
            try (KafkaConsumer<String, String> consumer = TransactionClients.consumer(broker.bootstrap(),
                    IsolationLevel.READ_COMMITTED)) {
                consumer.assign(outputPartitions);
                consumer.seekToBeginning(outputPartitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(outputPartitions);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!reached(consumer, end)) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        total++;
                        copies.merge(r.key(), 1, Integer::sum);
                        if (!ExactlyOnceLoop.transform(value(r.key())).equals(r.value())) {
                            wrong.add(r.key() + "=" + r.value());
                        }
                    }
                    assertThat(System.nanoTime()).as("read the output to " + end + " in 60 s").isLessThan(deadline);
                }
            }
            int aborted;
            try (KafkaConsumer<String, String> consumer = TransactionClients.consumer(broker.bootstrap(),
                    IsolationLevel.READ_UNCOMMITTED)) {
                int written = TransactionClients.readToEnd(consumer, outputPartitions, total, Duration.ofSeconds(60))
                        .values().stream().mapToInt(Map::size).sum();
                System.out.println("output log: " + written + " records, " + (written - total)
                        + " of them in aborted transactions");
                aborted = written - total;
            }
            List<String> missing = new ArrayList<>();
            List<String> duplicated = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                int n = copies.getOrDefault(id(i), 0);
                if (n == 0) {
                    missing.add(id(i));
                } else if (n > 1) {
                    duplicated.add(id(i) + " x" + n);
                }
            }
            String context = "seed " + seed + ", killed at " + killedAt;
            assertThat(firstOf(wrong)).as("records not transformed from their input (%s)", context).isEmpty();
            assertThat(firstOf(missing)).as("input ids missing from the output (%s)", context).isEmpty();
            assertThat(firstOf(duplicated)).as("input ids in the output more than once (%s)", context).isEmpty();
            assertThat(copies.keySet()).as("output keys (%s)", context).hasSize(RECORDS);
            assertThat(total).isEqualTo(RECORDS);
            assertThat(aborted).as("records of aborted transactions in the output log (the kills after EOS FLUSHED "
                    + "and EOS OFFSETS leave some): read_committed had some to skip").isPositive();
        }
    }

    /**
     * {@link #KILLS} kill points, one in each of the first {@code KILLS} of {@code KILLS + 2} equal stretches of the
     * input (so the last run has work left), each phase of the loop's transaction once, in a drawn order.
     */
    private static List<KillPoint> killPoints(Random random) {
        List<String> phases = new ArrayList<>(List.of("EOS BEGUN ", "EOS HALF", "EOS FLUSHED", "EOS OFFSETS",
                "EOS COMMITTED "));
        Collections.shuffle(phases, random);
        int stretch = RECORDS / (KILLS + 2);
        List<KillPoint> points = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            points.add(new KillPoint(stretch * (i + 1) + random.nextInt(stretch / 2), phases.get(i)));
        }
        return points;
    }

    private static TransactionClients.Child startLoop(TributaryProcess broker, int run) throws Exception {
        return TransactionClients.Child.start("exactly-once loop (run " + run + ")", ExactlyOnceLoop.class,
                broker.bootstrap(), INPUT, OUTPUT, GROUP, TRANSACTIONAL_ID);
    }

    static String id(int i) {
        return String.format("id-%05d", i);
    }

    static String value(String id) {
        return "payload-" + id;
    }

    /** Writes the input (key: the unique id) round-robin over the partitions; returns its log end offsets. */
    private static Map<TopicPartition, Long> produceInput(String bootstrap) throws Exception {
        Map<TopicPartition, Long> end = new HashMap<>();
        try (KafkaProducer<String, String> producer = TransactionClients.plain(bootstrap)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                acks.add(producer.send(new ProducerRecord<>(INPUT, i % PARTITIONS, id(i), value(id(i)))));
            }
            for (Future<RecordMetadata> ack : acks) {
                RecordMetadata md = ack.get(60, TimeUnit.SECONDS);
                end.merge(new TopicPartition(md.topic(), md.partition()), md.offset() + 1, Math::max);
            }
        }
        return end;
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin) {
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet()) {
                if (e.getValue() != null) {
                    out.put(e.getKey(), e.getValue().offset());
                }
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("ListConsumerGroupOffsets of " + GROUP, e);
        }
    }

    /** At most the first 20 entries, and how many there are: failure messages stay readable. */
    private static List<String> firstOf(List<String> entries) {
        if (entries.size() <= 20) {
            return entries;
        }
        List<String> first = new ArrayList<>(entries.subList(0, 20));
        first.add("... " + entries.size() + " in all");
        return first;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
