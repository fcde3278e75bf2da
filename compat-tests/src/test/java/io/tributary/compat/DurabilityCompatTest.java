package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Nothing acknowledged is lost: 50,000 records produced with acks=1, then the broker is killed with SIGKILL (no
 * flush, no checkpoint) or stopped with SIGTERM; after a restart every acknowledged record is readable exactly
 * once, at the offset it was acknowledged with, and offsets read back dense and in order. (With acks=1 the
 * producer is not idempotent, so a retried batch may land after later ones: order across retries is the
 * client's to give up, durability is the broker's to keep.)
 */
class DurabilityCompatTest {

    private static final int RECORDS = 50_000;

    @TempDir
    Path dir;

    @Test
    void acknowledgedRecordsSurviveSigkill() throws Exception {
        survives(true);
    }

    @Test
    void acknowledgedRecordsSurviveACleanRestart() throws Exception {
        survives(false);
    }

    private void survives(boolean kill) throws Exception {
        TributaryProcess broker = new TributaryProcess(dir.resolve("data")).start();
        List<Long> offsets = new ArrayList<>();
        try {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "1");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    acks.add(producer.send(new ProducerRecord<>("durable", 0, null, "record-" + i)));
                }
                for (Future<RecordMetadata> ack : acks) {
                    offsets.add(ack.get().offset());
                }
            }
        } finally {
            if (kill) {
                broker.kill();
            } else {
                broker.stop();
            }
        }
        assertThat(offsets).hasSize(RECORDS).doesNotHaveDuplicates();
        try (TributaryProcess restarted = broker.start()) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, restarted.bootstrap());
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            java.util.Map<Long, String> values = new java.util.HashMap<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("durable", 0);
                consumer.assign(List.of(tp));
                consumer.seek(tp, 0);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (values.size() < RECORDS && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        assertThat(r.offset()).as("offsets are dense and read in order").isEqualTo(values.size());
                        values.put(r.offset(), r.value());
                    }
                }
            }
            assertThat(values).hasSize(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                assertThat(values.get(offsets.get(i))).as("record " + i + " at its acknowledged offset")
                        .isEqualTo("record-" + i);
            }
        }
    }
}
