package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, point 4: a store larger than the JVM's heap, rebuilt after a restart. {@value #KEYS} keys with 1 KiB
 * values (~{@value #KEYS} KiB) are materialized by {@link StreamsLiteTableApp} in a RocksDB store, in a child JVM
 * with a 64 MiB heap. The instance is then SIGKILLed and started again on a new, empty state directory: it must
 * restore every record from the changelog (reporting progress as it goes), with the same 64 MiB heap, and then
 * answer for sample keys (the last key written among them) with exactly the values written.
 */
class StreamsLiteLargeStateCompatTest {

    private static final int KEYS = 150_000;
    private static final int PARTITIONS = 2;
    private static final Duration STEP = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void aStoreLargerThanTheHeapIsRestoredAfterARestart() throws Exception {
        Random random = new Random(42);
        List<String> samples = new ArrayList<>();
        Map<String, Long> expected = new java.util.HashMap<>();
        try (TributaryProcess broker = new TributaryProcess(dir.resolve("data"),
                Map.of("group.initial.rebalance.delay.ms", "0")).start();
             Admin admin = TransactionClients.admin(broker.bootstrap());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     broker.bootstrap(), "linger.ms", "20", "batch.size", "262144", "compression.type", "none"),
                     new StringSerializer(), new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic("blobs", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < KEYS; i++) {
                byte[] value = new byte[1024];
                random.nextBytes(value);
                String key = "k" + i;
                producer.send(new ProducerRecord<>("blobs", key, value));
                if (i % 15_000 == 7 || i == KEYS - 1) {
                    samples.add(key);
                    expected.put(key, StreamsLiteTableApp.crc(value));
                }
            }
            producer.flush();

            String[] args = new String[4 + samples.size()];
            args[0] = broker.bootstrap();
            args[1] = "large-state";
            args[2] = "blobs";
            for (int i = 0; i < samples.size(); i++) {
                args[4 + i] = samples.get(i);
            }
            args[3] = dir.resolve("state-1").toString();
            try (TransactionClients.Child first = child("first", args)) {
                awaitStore(first, samples, expected);
                first.kill();
            }
            args[3] = dir.resolve("state-2").toString();
            try (TransactionClients.Child second = child("restarted", args)) {
                awaitStore(second, samples, expected);
                String out = second.output();
                long restored = out.lines().filter(l -> l.startsWith("STREAMS RESTORED large-state-blobs-changelog"))
                        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
                assertThat(restored).as("records restored from the changelog").isEqualTo(KEYS);
                assertThat(out.lines().filter(l -> l.startsWith("STREAMS RESTORING")).count())
                        .as("restore progress lines").isGreaterThanOrEqualTo(5);
            }
        }
    }

    private static TransactionClients.Child child(String name, String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                System.getProperty("java.class.path"), StreamsLiteTableApp.class.getName()));
        command.addAll(List.of(args));
        return TransactionClients.Child.start(name, command);
    }

    /** Waits for a STORE line with every key and every sample's exact value. */
    private static void awaitStore(TransactionClients.Child app, List<String> samples, Map<String, Long> expected)
            throws InterruptedException {
        StringBuilder want = new StringBuilder();
        for (String key : samples) {
            want.append(' ').append(key).append('=').append(expected.get(key));
        }
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            // "STORE <approximate entries> <samples>": RocksDB's entry count is an estimate, the samples are exact.
            String line = app.next("STORE ", deadline);
            if (line.substring(line.indexOf(' ', "STORE ".length())).equals(want.toString())) {
                return;
            }
        }
    }
}
