package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idempotent producer's retry of a batch the broker already appended is not appended again. All traffic goes
 * through a {@link CuttingProxy} (the broker advertises the proxy's address), which closes the connection after
 * the broker answered a Produce request and before the producer reads the answer; the producer (kafka-clients
 * defaults: idempotent, acks=all, retries) sends the batch again on a new connection.
 *
 * The producer runs with default settings (idempotent, acks=all, five requests in flight).
 */
class IdempotenceCompatTest {

    private static final int ROUNDS = 3;
    private static final int PER_ROUND = 2_000;

    @TempDir
    Path dir;

    @Test
    void aBatchRetriedAfterItsResponseWasLostIsStoredOnce() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(); TributaryProcess broker = new TributaryProcess(
                dir.resolve("data"), Map.of("advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxy.port()))) {
            proxy.start(broker.port());
            broker.start();
            String bootstrap = "127.0.0.1:" + proxy.port();

            List<Future<RecordMetadata>> acks = new ArrayList<>();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                for (int round = 0; round < ROUNDS; round++) {
                    proxy.cutNextProduceReply();
                    for (int i = 0; i < PER_ROUND; i++) {
                        int n = round * PER_ROUND + i;
                        acks.add(producer.send(new ProducerRecord<>("idempotent", 0, null, "record-" + n)));
                    }
                    producer.flush();
                    assertThat(proxy.cuts()).as("responses lost so far").isEqualTo(round + 1);
                }
            }
            for (int n = 0; n < acks.size(); n++) {
                assertThat(acks.get(n).get().offset()).as("acknowledged offset of record-" + n).isEqualTo(n);
            }

            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("idempotent", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                assertThat(consumer.endOffsets(List.of(tp)).get(tp)).as("log end: no duplicate appended")
                        .isEqualTo(ROUNDS * PER_ROUND);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (values.size() < ROUNDS * PER_ROUND && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(r.offset()).isEqualTo(values.size());
                        values.add(r.value());
                    }
                }
            }
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < ROUNDS * PER_ROUND; n++) {
                expected.add("record-" + n);
            }
            assertThat(values).as("every record once, in order").containsExactlyElementsOf(expected);
        }
    }
}
