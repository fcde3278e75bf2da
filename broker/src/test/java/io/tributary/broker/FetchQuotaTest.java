package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * consumer_byte_rate enforced: a consumer over its quota (client id {@code slowc}) is told a throttle time and is held
 * to about a window's worth of the quota, while one without a quota reads everything at once.
 */
class FetchQuotaTest {

    private static final double QUOTA = 100_000;   // bytes per second

    @Test
    void aConsumerOverItsByteRateIsThrottled(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of())) {
            broker.admin.createTopics(List.of(new NewTopic("f", 1, (short) 1))).all().get();
            broker.admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                    new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "ANONYMOUS",
                            ClientQuotaEntity.CLIENT_ID, "slowc")),
                    List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", QUOTA))))).all().get();
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp)) {
                for (int i = 0; i < 4096; i++) {   // 4 MiB
                    producer.send(new ProducerRecord<>("f", new byte[1024]));
                }
                producer.flush();
            }
            long slow = consumeFor(broker, "slowc", 4_000);
            long free = consumeFor(broker, "free", 4_000);
            System.out.printf("slowc read %d bytes in 4 s (quota %.0f B/s), free read %d%n", slow, QUOTA, free);
            // at most the first window's allowance (11 s of quota) plus the fetches already under way
            assertThat(slow).isLessThan((long) (QUOTA * 11) + 4 * 65_536);
            assertThat(free).isEqualTo(4096L * 1024);
        }
    }

    private static long consumeFor(TestBroker broker, String clientId, long runMs) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 65_536);
        long bytes = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMs);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(new TopicPartition("f", 0)));
            consumer.seekToBeginning(List.of(new TopicPartition("f", 0)));
            while (System.nanoTime() < end && bytes < 4096L * 1024) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    bytes += r.value().length;
                }
            }
        }
        return bytes;
    }
}
