package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * librdkafka (Debian's python3-confluent-kafka, script {@code librdkafka/failover_producer.py}) as an idempotent
 * acks=all producer against three Tributary processes while the partition's leader is SIGKILLed and restarted: every
 * value librdkafka saw acknowledged is read back once, at the offset it was acknowledged at. Needs
 * {@code /usr/bin/python3} with the package ({@code .ci/run} installs it).
 */
class LibrdkafkaFailoverCompatTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String TOPIC = "rdk-failover";

    @TempDir
    Path dir;

    private TributaryCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyValueLibrdkafkaSawAcknowledgedSurvivesTheLeadersDeath() throws Exception {
        cluster = new TributaryCluster(dir, 3, Map.of("broker.session.timeout.ms", "6000")).start();
        cluster.admin().createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3)
                .configs(Map.of("min.insync.replicas", "2")))).all().get();
        TributaryCluster.awaitLeaders(cluster.admin(), TOPIC);

        Path acks = dir.resolve("acks.txt");
        Path out = dir.resolve("producer.out");
        Process producer = new ProcessBuilder(PYTHON, script().toString(), cluster.bootstrap(), TOPIC, "20",
                acks.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Await.until("librdkafka has written 300 records", Duration.ofSeconds(60), () -> endOffset() >= 300);
            int leader = leaderId();
            TributaryProcess victim = cluster.node(leader);
            victim.kill();
            Await.until("another node leads " + TOPIC, Duration.ofSeconds(30),
                    () -> leaderId() > 0 && leaderId() != leader);
            victim.start();
            assertThat(producer.waitFor(200, TimeUnit.SECONDS)).as("the producer script finished").isTrue();
        } finally {
            producer.destroyForcibly();
        }
        List<String> output = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(producer.exitValue()).as("script output: %s", output).isZero();
        Map<Long, Long> offsetOfValue = new HashMap<>();
        for (String line : Files.readAllLines(acks, StandardCharsets.UTF_8)) {
            String[] parts = line.split(" ");
            offsetOfValue.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }
        assertThat(offsetOfValue).as("acknowledged values; script output: %s", output).hasSizeGreaterThan(100);

        Map<Long, Long> read = readBack(endOffset() - 1);
        Map<Long, Long> valueAtOffset = new HashMap<>();
        read.forEach((offset, value) -> valueAtOffset.put(offset, value));
        offsetOfValue.forEach((value, offset) -> {
            if (offset >= 0) {
                assertThat(valueAtOffset.get(offset)).as("the value at offset %d", offset).isEqualTo(value);
            } else {   // delivered without an offset (a retry answered DUPLICATE_SEQUENCE_NUMBER): stored somewhere
                assertThat(read.values()).as("value %d, acknowledged without an offset", value).contains(value);
            }
        });
        assertThat(read.values()).as("no value stored twice").doesNotHaveDuplicates();
    }

    private int leaderId() {
        try {
            return TributaryCluster.describe(cluster.admin(), TOPIC)
                    .map(d -> d.partitions().get(0).leader() == null ? -1 : d.partitions().get(0).leader().id())
                    .orElse(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private long endOffset() throws Exception {
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        return cluster.admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    }

    /** offset → value of every record up to {@code lastOffset}. */
    private Map<Long, Long> readBack(long lastOffset) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<Long, Long> out = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            Await.until("every acknowledged offset is read back", Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.put(r.offset(), Long.parseLong(r.value()));
                }
                return c.position(tp) > lastOffset;
            });
        }
        return out;
    }

    private static Path script() throws URISyntaxException {
        return Path.of(LibrdkafkaFailoverCompatTest.class.getResource("/librdkafka/failover_producer.py").toURI());
    }
}
