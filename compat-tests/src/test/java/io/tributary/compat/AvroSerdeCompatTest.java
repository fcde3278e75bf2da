package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.registry.serde.KafkaAvroDeserializer;
import io.tributary.registry.serde.KafkaAvroSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tributary's Avro serializer and deserializer in a kafka-clients producer and consumer, configured with
 * Confluent's property names, against the registry bundled in a node process.
 */
class AvroSerdeCompatTest {

    @TempDir
    static Path data;
    static TributaryProcess node;
    static String registryUrl;

    static final Schema V1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":"
            + "\"shop\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"item\",\"type\":\"string\"}]}");
    static final Schema V2 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":"
            + "\"shop\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"item\",\"type\":\"string\"},"
            + "{\"name\":\"qty\",\"type\":\"int\",\"default\":1}]}");

    @BeforeAll
    static void start() throws Exception {
        node = TributaryProcess.withRegistry(data).start();
        registryUrl = node.registryUrl();
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    private Properties producerProps(Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class.getName());
        p.put("schema.registry.url", registryUrl);
        p.putAll(extra);
        return p;
    }

    private List<ConsumerRecord<Object, Object>> readAll(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "serde-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class.getName());
        p.put("schema.registry.url", registryUrl);
        List<ConsumerRecord<Object, Object>> out = new ArrayList<>();
        try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static GenericRecord order(Schema schema, long id, String item) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", id);
        r.put("item", item);
        if (schema.getField("qty") != null) {
            r.put("qty", 5);
        }
        return r;
    }

    @Test
    void genericRecordsEvolveAndReadBackWithTheirWritersSchemas() throws Exception {
        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerProps(Map.of()))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("orders", "k" + i, order(i < 50 ? V1 : V2, i, "item-" + i)));
            }
            producer.flush();
        }
        RegistryHttp http = new RegistryHttp(registryUrl);
        assertThat(http.get("/subjects/orders-value/versions").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/orders-key/versions/1/schema").text()).isEqualTo("\"string\"");
        List<ConsumerRecord<Object, Object>> records = readAll("orders", 100);
        assertThat(records).hasSize(100);
        for (ConsumerRecord<Object, Object> r : records) {
            GenericRecord value = (GenericRecord) r.value();
            long id = (Long) value.get("id");
            assertThat(r.key()).isEqualTo("k" + id);
            assertThat(value.get("item").toString()).isEqualTo("item-" + id);
            assertThat(value.getSchema().getField("qty") != null).isEqualTo(id >= 50);
        }
    }

    /** A plain Java object, written by Avro's reflection. */
    public static class Reading {
        public String sensor;
        public double value;

        public Reading() {
        }

        Reading(String sensor, double value) {
            this.sensor = sensor;
            this.value = value;
        }
    }

    @Test
    void specificAndReflectedObjectsRoundTrip() throws Exception {
        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerProps(Map.of()))) {
            producer.send(new ProducerRecord<>("payments", "p1", new Payment("p1", 1250))).get();
            producer.send(new ProducerRecord<>("readings", "r1", new Reading("t-7", 21.5))).get();
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "serde-specific");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class.getName());
        p.put("schema.registry.url", registryUrl);
        p.put("specific.avro.reader", "true");
        try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of("payments"));
            List<ConsumerRecord<Object, Object>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertThat(got).singleElement().satisfies(r -> {
                assertThat(r.value()).isInstanceOf(Payment.class);
                assertThat(((Payment) r.value()).id()).isEqualTo("p1");
                assertThat(((Payment) r.value()).cents()).isEqualTo(1250L);
            });
        }
        GenericRecord reading = (GenericRecord) readAll("readings", 1).get(0).value();
        assertThat(reading.getSchema().getFullName()).isEqualTo(Reading.class.getName().replace('$', '.'));
        assertThat(reading.get("sensor").toString()).isEqualTo("t-7");
        assertThat(reading.get("value")).isEqualTo(21.5);
    }

    @Test
    void recordNameStrategyAndUseLatestVersionAreHonoured() throws Exception {
        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerProps(Map.of(
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy")))) {
            producer.send(new ProducerRecord<>("by-record", "a", order(V1, 1, "x"))).get();
        }
        RegistryHttp http = new RegistryHttp(registryUrl);
        assertThat(http.get("/subjects/shop.Order/versions").json().toString()).isEqualTo("[1]");
        http.register("by-record-value", V2.toString());
        // use.latest.version without auto-registration: records are written with the subject's latest schema
        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerProps(Map.of(
                "auto.register.schemas", "false", "use.latest.version", "true")))) {
            GenericRecord latest = order(V2, 2, "y");
            producer.send(new ProducerRecord<>("by-record", "b", latest)).get();
        }
        List<ConsumerRecord<Object, Object>> records = readAll("by-record", 2);
        assertThat(records).hasSize(2);
        assertThat(((GenericRecord) records.get(1).value()).get("qty")).isEqualTo(5);
    }

    @Test
    void anIncompatibleSchemaFailsTheSendWithTheRegistrysAnswer() throws Exception {
        Schema broken = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
                + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerProps(Map.of()))) {
            producer.send(new ProducerRecord<>("strict", "a", order(V1, 1, "x"))).get();
            GenericRecord bad = new GenericData.Record(broken);
            bad.put("id", "one");
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("strict", "b", bad)))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("409");
        }
        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerProps(Map.of(
                "auto.register.schemas", "false")))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("never-registered", "a",
                    order(V1, 1, "x")))).isInstanceOf(SerializationException.class).hasMessageContaining("40401");
        }
    }
}
