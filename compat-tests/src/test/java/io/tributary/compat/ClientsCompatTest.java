package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache kafka-clients against a Tributary process. Maven runs this class twice: with kafka-clients 4.4 and with
 * kafka-clients 3.9 (the {@code kafka-clients-3} surefire execution), so only APIs both have are used.
 */
class ClientsCompatTest {

    private static final int RECORDS = 100_000;
    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    @TempDir
    static Path dir;

    private static TributaryProcess broker;

    /** The kafka-clients version on the classpath (its AppInfoParser moved between 3.x and 4.4). */
    static String clientsVersion() {
        for (String name : List.of("org.apache.kafka.common.utils.internals.AppInfoParser",
                "org.apache.kafka.common.utils.AppInfoParser")) {
            try {
                return (String) Class.forName(name).getMethod("getVersion").invoke(null);
            } catch (ReflectiveOperationException e) {
                // try the other location
            }
        }
        throw new IllegalStateException("no kafka-clients on the classpath");
    }

    @BeforeAll
    static void start() throws Exception {
        System.out.println("kafka-clients " + clientsVersion() + " against Tributary");
        broker = new TributaryProcess(dir.resolve("data")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.stop();
    }

    private static Admin admin() {
        return broker.admin();
    }

    @Test
    void adminCreatesDescribesConfiguresAndDeletesTopics() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("admin-topic", 4, (short) 1)
                    .configs(Map.of("retention.ms", "3600000")))).all().get();
            TopicDescription description = admin.describeTopics(List.of("admin-topic")).allTopicNames().get()
                    .get("admin-topic");
            assertThat(description.partitions()).hasSize(4);
            assertThat(description.partitions().get(0).leader().id()).isEqualTo(1);

            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "admin-topic");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET)))).all().get();
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy")
                    .value()).isEqualTo("compact");

            admin.deleteTopics(List.of("admin-topic")).all().get();
            assertThat(admin.listTopics().names().get()).doesNotContain("admin-topic");
            assertThatThrownBy(() -> admin.describeTopics(List.of("admin-topic")).allTopicNames().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    /** What was sent to one offset of one partition. */
    private record Sent(String key, String value, long timestamp, String codec) {
    }

    @Test
    void everyCodecWithKeysHeadersAndTimestampsReadsBackExactlyInOrder() throws Exception {
        String topic = "records-" + clientsVersion().replace('.', '-');
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        long base = System.currentTimeMillis() - 600_000;
        Map<TopicPartition, TreeMap<Long, Sent>> sent = new HashMap<>();
        int perCodec = RECORDS / CODECS.size();
        int n = 0;
        for (String codec : CODECS) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                List<Sent> order = new ArrayList<>();
                for (int i = 0; i < perCodec; i++, n++) {
                    Sent s = new Sent(i % 97 == 0 ? null : "key-" + (n % 1000), "value-" + n, base + n, codec);
                    List<Header> headers = List.of(new RecordHeader("codec", codec.getBytes(StandardCharsets.UTF_8)),
                            new RecordHeader("n", Integer.toString(n).getBytes(StandardCharsets.UTF_8)));
                    acks.add(producer.send(new ProducerRecord<>(topic, n % 6, s.timestamp(), s.key(), s.value(),
                            headers)));
                    order.add(s);
                }
                for (int i = 0; i < acks.size(); i++) {
                    RecordMetadata md = acks.get(i).get();
                    sent.computeIfAbsent(new TopicPartition(topic, md.partition()), k -> new TreeMap<>())
                            .put(md.offset(), order.get(i));
                }
            }
        }

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(sent.keySet());
            sent.keySet().forEach(tp -> consumer.seek(tp, 0));
            Map<TopicPartition, TreeMap<Long, Sent>> read = new HashMap<>();
            int got = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (got < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    String codec = new String(r.headers().lastHeader("codec").value(), StandardCharsets.UTF_8);
                    Sent previous = read.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                            k -> new TreeMap<>()).put(r.offset(), new Sent(r.key(), r.value(), r.timestamp(), codec));
                    assertThat(previous).as("offset read once").isNull();
                    got++;
                }
            }
            assertThat(read).isEqualTo(sent);

            // ListOffsets by timestamp lands on the first record at or after the time.
            TopicPartition p0 = new TopicPartition(topic, 0);
            Map.Entry<Long, Sent> target = sent.get(p0).entrySet().stream().skip(1234).findFirst().orElseThrow();
            OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(p0, target.getValue().timestamp() - 2))
                    .get(p0);
            assertThat(found.offset()).isEqualTo(target.getKey());
            assertThat(found.timestamp()).isEqualTo(target.getValue().timestamp());
        }
    }
}
