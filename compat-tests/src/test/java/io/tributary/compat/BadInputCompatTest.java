package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.Errors;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.frame.ResponseFrame;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.ApiVersionsResponseData;
import io.tributary.protocol.message.ProduceRequestData;
import io.tributary.protocol.message.ProduceResponseData;
import io.tributary.protocol.message.RequestHeaderData;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against the broker process gets the error Kafka gives — or, for what cannot be framed or parsed, a
 * closed connection — and after each one the broker still serves a client that was connected all along and a new
 * one (a producer/consumer round trip). Broker settings: {@code auto.create.topics.enable=false},
 * {@code socket.request.max.bytes=1048576}.
 */
class BadInputCompatTest {

    private static final int MAX_REQUEST_BYTES = 1_048_576;
    private static final short PRODUCE_VERSION = 9;

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    /** Connected before any bad input, used after each: the "everyone else" of the issue. */
    private static KafkaProducer<String, String> established;
    private static int correlationId;

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of("auto.create.topics.enable", "false",
                "socket.request.max.bytes", Integer.toString(MAX_REQUEST_BYTES))).start();
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("healthy", 1, (short) 1), new NewTopic("crc", 1, (short) 1)))
                    .all().get();
        }
        established = producer();
        established.send(new ProducerRecord<>("healthy", 0, null, "before any bad input")).get();
    }

    @AfterAll
    static void stop() throws Exception {
        if (established != null) {
            established.close();
        }
        broker.stop();
    }

    /** After every case: the broker process is up and serves both the old connection and new clients. */
    @AfterEach
    void brokerKeepsServing() throws Exception {
        assertThat(broker.isAlive()).as("the broker process is still running").isTrue();
        long first = established.send(new ProducerRecord<>("healthy", 0, null, "from the established producer"))
                .get().offset();
        long second;
        try (KafkaProducer<String, String> fresh = producer()) {
            second = fresh.send(new ProducerRecord<>("healthy", 0, null, "from a new producer")).get().offset();
        }
        assertThat(second).isEqualTo(first + 1);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("healthy", 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, first);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(r.value());
                }
            }
        }
        assertThat(read).startsWith("from the established producer", "from a new producer");
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static RawConnection connect() throws Exception {
        return new RawConnection("127.0.0.1", broker.port());
    }

    @Test
    void aGarbageFrameClosesTheConnection() throws Exception {
        byte[] garbage = new byte[200];
        new Random(5).nextBytes(garbage);
        ByteBuffer.wrap(garbage).putInt(196).putShort((short) 3).putShort((short) 12).putInt(7);
        try (RawConnection c = connect()) {
            assertThat(c.send(garbage).closedByBroker()).as("a Metadata v12 header over random bytes").isTrue();
        }
    }

    @Test
    void anUnknownApiKeyClosesTheConnection() throws Exception {
        ByteBuffer frame = ByteBuffer.allocate(14).putInt(10).putShort((short) 32_000).putShort((short) 0)
                .putInt(8).putShort((short) -1);
        try (RawConnection c = connect()) {
            assertThat(c.send(frame.array()).closedByBroker()).isTrue();
        }
    }

    @Test
    void anUnsupportedApiVersionsVersionIsAnsweredInV0WithUnsupportedVersion() throws Exception {
        byte[] clientId = "bad-input".getBytes(StandardCharsets.UTF_8);
        // header v2 (key, version, correlation id, int16 client id, no tags), then an ApiVersions v3 body
        // (compact strings client software name and version, no tags)
        ByteBuffer request = ByteBuffer.allocate(4 + 10 + clientId.length + 1 + 3);
        request.putInt(request.capacity() - 4).putShort(ApiKey.API_VERSIONS.id()).putShort((short) 127)
                .putInt(4242).putShort((short) clientId.length).put(clientId).put((byte) 0)
                .put((byte) 1).put((byte) 1).put((byte) 0);
        try (RawConnection c = connect()) {
            ByteBuffer frame = c.send(request.array()).readFrame();
            assertThat(frame.getInt(0)).as("correlation id").isEqualTo(4242);
            ApiVersionsResponseData answer = (ApiVersionsResponseData) ResponseFrame.decodeBody(frame,
                    ApiKey.API_VERSIONS, (short) 0);
            assertThat(answer.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(answer.apiKeys()).as("the ApiVersions range, so the client can retry with a version it has")
                    .anySatisfy(v -> {
                        assertThat(v.apiKey()).isEqualTo(ApiKey.API_VERSIONS.id());
                        assertThat(v.minVersion()).isEqualTo((short) 0);
                        assertThat(v.maxVersion()).isGreaterThanOrEqualTo((short) 3);
                    });
        }
    }

    @Test
    void anUnsupportedVersionOfAnotherApiClosesTheConnection() throws Exception {
        ByteBuffer frame = ByteBuffer.allocate(14).putInt(10).putShort(ApiKey.PRODUCE.id()).putShort((short) 99)
                .putInt(9).putShort((short) -1);
        try (RawConnection c = connect()) {
            assertThat(c.send(frame.array()).closedByBroker()).isTrue();
        }
    }

    @Test
    void aFrameOverSocketRequestMaxBytesClosesTheConnectionBeforeItIsSent() throws Exception {
        ByteBuffer start = ByteBuffer.allocate(4 + 100).putInt(MAX_REQUEST_BYTES + 1).putShort(ApiKey.PRODUCE.id())
                .putShort(PRODUCE_VERSION).putInt(10);
        try (RawConnection c = connect()) {
            assertThat(c.send(start.array()).closedByBroker()).as("closed on the size prefix alone").isTrue();
        }
    }

    @Test
    void aBatchWithACorruptCrcIsRefusedWithCorruptMessageAndNotStored() throws Exception {
        ByteBuffer batch = batch("this batch was damaged in transit");
        batch.put(batch.limit() - 1, (byte) (batch.get(batch.limit() - 1) ^ 0x5a));
        try (RawConnection c = connect()) {
            ProduceResponseData.PartitionProduceResponse corrupt = produce(c, "crc", batch);
            assertThat(Errors.forCode(corrupt.errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);

            ProduceResponseData.PartitionProduceResponse valid = produce(c, "crc", batch("an intact batch"));
            assertThat(Errors.forCode(valid.errorCode())).as("same connection, intact batch")
                    .isEqualTo(Errors.NONE);
            assertThat(valid.baseOffset()).as("the corrupt batch took no offset").isZero();
        }
    }

    @Test
    void aProduceToAMissingTopicWithAutoCreateOffIsAnsweredUnknownTopicOrPartition() throws Exception {
        try (RawConnection c = connect()) {
            ProduceResponseData.PartitionProduceResponse answer = produce(c, "no-such-topic", batch("lost"));
            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try (Admin admin = broker.admin()) {
            assertThat(admin.listTopics().names().get()).as("nothing was auto-created").doesNotContain(
                    "no-such-topic");
        }
    }

    private static ByteBuffer batch(String value) {
        return new RecordBatchBuilder().add(RecordData.of(System.currentTimeMillis(),
                "k".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).build();
    }

    /** Sends a Produce v9 (acks=all) of one batch to partition 0 of a topic and returns that partition's answer. */
    private static ProduceResponseData.PartitionProduceResponse produce(RawConnection c, String topic,
            ByteBuffer batch) throws Exception {
        int correlation = ++correlationId;
        ProduceRequestData body = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000)
                .setTopicData(new ArrayList<>(List.of(new ProduceRequestData.TopicProduceData().setName(topic)
                        .setPartitionData(new ArrayList<>(List.of(new ProduceRequestData.PartitionProduceData()
                                .setIndex(0).setRecords(new HeapRecords(batch))))))));
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKey.PRODUCE.id())
                .setRequestApiVersion(PRODUCE_VERSION).setCorrelationId(correlation).setClientId("bad-input");
        ByteBuffer frame = c.send(RequestFrame.encode(header, body)).readFrame();
        assertThat(frame.getInt(0)).as("correlation id").isEqualTo(correlation);
        ProduceResponseData response = (ProduceResponseData) ResponseFrame.decodeBody(frame, ApiKey.PRODUCE,
                PRODUCE_VERSION);
        assertThat(response.responses()).hasSize(1);
        assertThat(response.responses().get(0).name()).isEqualTo(topic);
        assertThat(response.responses().get(0).partitionResponses()).hasSize(1);
        return response.responses().get(0).partitionResponses().get(0);
    }
}
