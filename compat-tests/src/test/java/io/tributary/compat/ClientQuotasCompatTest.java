package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client quotas on a Tributary process over a real socket (issue 19): a producer over its {@code producer_byte_rate}
 * (1 MB/s, client id {@code slow}, set with Admin) is throttled to within 10 % of it while a producer {@code fast} on
 * the same broker at the same time runs far above it; the quota survives the process being killed and started again.
 * The rate is measured over 22 s, two periods of Kafka's 11 × 1 s quota window (see the broker's ProduceQuotaTest).
 */
class ClientQuotasCompatTest {

    private static final double QUOTA = 1_000_000;
    private static final long RUN_MS = 22_000;

    @TempDir
    static Path dir;

    private static TributaryProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.stop();
    }

    @Test
    void aProducerOverItsByteRateIsThrottledOthersAreNotAndTheQuotaSurvivesARestart() throws Exception {
        ClientQuotaEntity slowEntity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "slow"));
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("quota", 1, (short) 1))).all().get();
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(slowEntity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", QUOTA))))).all().get();
        }
        CompletableFuture<Double> slow = CompletableFuture.supplyAsync(() -> produce("slow", Long.MAX_VALUE));
        CompletableFuture<Double> fast = CompletableFuture.supplyAsync(() -> produce("fast", 128L << 20));
        double slowRate = slow.get(90, TimeUnit.SECONDS);
        double fastRate = fast.get(90, TimeUnit.SECONDS);
        System.out.printf("slow %.0f B/s (quota %.0f, %+.1f %%), fast %.0f B/s%n", slowRate, QUOTA,
                (slowRate / QUOTA - 1) * 100, fastRate);
        assertThat(slowRate).isBetween(QUOTA * 0.9, QUOTA * 1.1);
        assertThat(fastRate).isGreaterThan(QUOTA * 3);

        broker.kill();
        broker.start();
        try (Admin admin = broker.admin()) {
            assertThat(admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get())
                    .containsEntry(slowEntity, Map.of("producer_byte_rate", QUOTA));
        }
    }

    /** Sends 1 KiB values as fast as it can for {@link #RUN_MS} or until {@code maxBytes}; acked bytes per second. */
    private static double produce(String clientId, long maxBytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4 * 1024 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 200);
        AtomicLong acked = new AtomicLong();
        byte[] value = new byte[1024];
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(RUN_MS);
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            while (System.nanoTime() < end && sent < maxBytes) {
                try {
                    producer.send(new ProducerRecord<>("quota", value), (md, e) -> {
                        if (e == null && System.nanoTime() < end) {
                            acked.addAndGet(value.length);
                        }
                    });
                    sent += value.length;
                } catch (org.apache.kafka.common.errors.TimeoutException full) {
                    // the buffer is full while throttled: keep trying until the run ends
                }
            }
            if (sent >= maxBytes) {
                producer.flush();
            }
            long ranNanos = Math.min(System.nanoTime(), end) - start;
            producer.close(Duration.ZERO);
            return acked.get() * 1e9 / ranNanos;
        }
    }
}
