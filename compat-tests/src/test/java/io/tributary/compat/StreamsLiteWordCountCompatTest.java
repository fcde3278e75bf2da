package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, point 1: streams-lite's word count ({@link StreamsLiteWordCountApp}) over 200,000 lines on a
 * 6-partition topic, two instances in child JVMs; one is SIGKILLed while it counts and started again on its own
 * state directory, and rejoins before the second half of the lines is produced (rebuilding the stores of the tasks
 * it gets back). At least once, the last count of every word reaches at least its true count (never under);
 * exactly once, a read_committed reader sees every word's last count equal its true count, and no count ever above
 * it. The seed is printed; {@code -Dstreams.seed=<seed>} draws the same lines again.
 */
class StreamsLiteWordCountCompatTest {

    private static final int PARTITIONS = 6;
    private static final int LINES = 200_000;
    private static final String INPUT = "lines";
    private static final String OUTPUT = "word-counts";
    private static final Duration STEP = Duration.ofSeconds(120);
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "ze"};

    @TempDir
    Path dir;

    @Test
    void atLeastOnceNeverUnderCountsWhenAnInstanceIsKilled() throws Exception {
        run("at_least_once");
    }

    @Test
    void exactlyOnceCountsExactlyWhenAnInstanceIsKilled() throws Exception {
        run("exactly_once_v2");
    }

    private void run(String guarantee) throws Exception {
        boolean exactlyOnce = guarantee.equals("exactly_once_v2");
        long seed = Long.getLong("streams.seed", System.nanoTime());
        System.out.println("StreamsLiteWordCountCompatTest " + guarantee + " seed " + seed);
        List<String> lines = draw(new Random(seed));
        Map<String, Long> expected = new TreeMap<>();
        lines.forEach(l -> StreamsWordCountApp.words(l).forEach(w -> expected.merge(w, 1L, Long::sum)));
        String app = "lite-" + guarantee.replace('_', '-');

        try (TributaryProcess broker = new TributaryProcess(dir.resolve("data"), Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")).start();
             Admin admin = TransactionClients.admin(broker.bootstrap());
             KafkaProducer<String, String> producer = TransactionClients.plain(broker.bootstrap());
             KafkaConsumer<String, Long> watcher = countsConsumer(broker.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(INPUT, PARTITIONS, (short) 1),
                    new NewTopic(OUTPUT, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            List<TopicPartition> outputPartitions = partitions(OUTPUT);
            watcher.assign(outputPartitions);
            watcher.seekToBeginning(outputPartitions);
            Map<String, Long> latest = new HashMap<>();
            long[] seen = {0};
            Runnable follow = () -> {
                for (ConsumerRecord<String, Long> r : watcher.poll(Duration.ofMillis(100))) {
                    latest.put(r.key(), r.value());
                    seen[0]++;
                    if (exactlyOnce) {
                        assertThat(r.value()).as("count of %s (at most its true count under exactly once)", r.key())
                                .isLessThanOrEqualTo(expected.getOrDefault(r.key(), 0L));
                    }
                }
            };

            TransactionClients.Child a = start(broker, app, guarantee, "A", "a");
            TransactionClients.Child b = start(broker, app, guarantee, "B", "b");
            TransactionClients.Child restarted = null;
            try {
                a.next("STREAMS STATE RUNNING", System.nanoTime() + STEP.toNanos());
                b.next("STREAMS STATE RUNNING", System.nanoTime() + STEP.toNanos());
                Map<TopicPartition, Long> inputEnd = new HashMap<>();
                produce(producer, lines.subList(0, LINES / 2), 0, inputEnd);
                long total = expected.values().stream().mapToLong(Long::longValue).sum();
                // Progress is the sum of the last counts (the record cache sends a word's count once per commit).
                GroupConsumer.await("a quarter of the words are counted", STEP, () -> {
                    follow.run();
                    return latest.values().stream().mapToLong(Long::longValue).sum() > total / 4;
                }, () -> "seen " + seen[0] + " records for " + total + " words\nA:\n" + a.output() + "\nB:\n"
                        + b.output());
                b.kill();
                System.out.println("B SIGKILLed after " + seen[0] + " count records, "
                        + latest.values().stream().mapToLong(Long::longValue).sum() + " of " + total + " words");
                restarted = start(broker, app, guarantee, "B (restarted)", "b");
                TransactionClients.Child bAgain = restarted;
                // The restarted instance joins (getting tasks back, whose stores it must rebuild) before the
                // second half arrives, so it counts part of it.
                restarted.next("STREAMS STATE RUNNING", System.nanoTime() + STEP.toNanos());
                produce(producer, lines.subList(LINES / 2, LINES), LINES / 2, inputEnd);
                GroupConsumer.await("every word's last count reaches its true count", STEP, () -> {
                    follow.run();
                    return expected.entrySet().stream()
                            .allMatch(e -> latest.getOrDefault(e.getKey(), 0L) >= e.getValue());
                }, () -> "seen " + seen[0] + "; behind: " + behind(latest, expected) + "\nA:\n" + a.output()
                        + "\nB restarted:\n" + bAgain.output());
                GroupConsumer.await("the application committed the input to its end", STEP,
                        () -> inputEnd.equals(committed(admin, app)), () -> "committed " + committed(admin, app)
                                + ", input end " + inputEnd);
                follow.run();
                assertThat(latest.keySet()).isEqualTo(expected.keySet());
                if (exactlyOnce) {
                    assertThat(latest).isEqualTo(expected);
                } else {
                    long over = latest.entrySet().stream().mapToLong(e -> e.getValue() - expected.get(e.getKey()))
                            .sum();
                    System.out.println("at least once: " + over + " words counted more than once after the kill");
                }
                List<String> restores = restarted.output().lines().filter(l -> l.startsWith("STREAMS RESTORED"))
                        .toList();
                System.out.println("restarted B restored: " + restores);
                assertThat(restores).as("the restarted instance rebuilt the stores of the tasks it got back")
                        .anyMatch(l -> !l.endsWith(" 0"));
            } finally {
                a.close();
                b.close();
                if (restarted != null) {
                    restarted.close();
                }
            }
        }
    }

    private TransactionClients.Child start(TributaryProcess broker, String app, String guarantee, String name,
            String stateDir) throws Exception {
        return TransactionClients.Child.start("streams-lite " + name, StreamsLiteWordCountApp.class,
                broker.bootstrap(), app, INPUT, OUTPUT, dir.resolve("state-" + stateDir).toString(), guarantee);
    }

    /** Lines of 1-10 words of a skewed 512-word vocabulary. */
    private static List<String> draw(Random random) {
        List<String> lines = new ArrayList<>();
        for (int l = 0; l < LINES; l++) {
            StringBuilder text = new StringBuilder();
            int n = 1 + random.nextInt(10);
            for (int w = 0; w < n; w++) {
                double r = random.nextDouble();
                int index = (int) (512 * r * r * r);
                text.append(w > 0 ? " " : "").append(SYLLABLES[index / 64]).append(SYLLABLES[index / 8 % 8])
                        .append(SYLLABLES[index % 8]);
            }
            lines.add(random.nextInt(20) == 0 ? text.toString().toUpperCase(Locale.ROOT) + "." : text.toString());
        }
        return lines;
    }

    private static void produce(KafkaProducer<String, String> producer, List<String> lines, int first,
            Map<TopicPartition, Long> end) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        int n = first;
        for (String line : lines) {
            acks.add(producer.send(new ProducerRecord<>(INPUT, n % PARTITIONS, "line-" + n, line)));
            n++;
        }
        for (Future<RecordMetadata> ack : acks) {
            RecordMetadata md = ack.get(60, TimeUnit.SECONDS);
            end.merge(new TopicPartition(md.topic(), md.partition()), md.offset() + 1, Math::max);
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet()) {
                if (e.getKey().topic().equals(INPUT) && e.getValue() != null) {
                    offsets.put(e.getKey(), e.getValue().offset());
                }
            }
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static String behind(Map<String, Long> latest, Map<String, Long> expected) {
        StringBuilder s = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            long got = latest.getOrDefault(e.getKey(), 0L);
            if (got < e.getValue() && shown++ < 10) {
                s.append(e.getKey()).append(' ').append(got).append('/').append(e.getValue()).append(' ');
            }
        }
        return s.toString();
    }

    private static List<TopicPartition> partitions(String topic) {
        List<TopicPartition> list = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            list.add(new TopicPartition(topic, p));
        }
        return list;
    }

    private static KafkaConsumer<String, Long> countsConsumer(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, TransactionClients.isolation(IsolationLevel.READ_COMMITTED));
        return new KafkaConsumer<>(c, new StringDeserializer(), new LongDeserializer());
    }
}
