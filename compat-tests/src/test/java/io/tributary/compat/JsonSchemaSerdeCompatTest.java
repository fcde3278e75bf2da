package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.registry.serde.JsonSchemaEnvelope;
import io.tributary.registry.serde.KafkaJsonSchemaDeserializer;
import io.tributary.registry.serde.KafkaJsonSchemaSerializer;
import io.tributary.registry.serde.RegistryClient.Ref;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tributary's JSON Schema serializer and deserializer ({@code KafkaJsonSchemaSerializer}/
 * {@code KafkaJsonSchemaDeserializer}, Confluent's property names) in a kafka-clients producer and consumer against
 * the registry bundled in a node process, and against Confluent's JavaScript {@code JsonSerializer}/
 * {@code JsonDeserializer} (npm {@code @confluentinc/schemaregistry} 1.10.1, {@code src/test/js/json-serde.js}).
 */
class JsonSchemaSerdeCompatTest {

    @TempDir
    static Path data;
    static TributaryProcess node;
    static String registryUrl;
    static RegistryHttp http;

    static final String ORDER_SCHEMA = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":\"Order\","
            + "\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"item\":{\"type\":\"string\","
            + "\"minLength\":1},\"qty\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"id\",\"item\"]}";

    /** A plain Java class, mapped by Jackson. */
    public static class Order {
        public long id;
        public String item;
        public Integer qty;

        public Order() {
        }

        Order(long id, String item, Integer qty) {
            this.id = id;
            this.item = item;
            this.qty = qty;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Order other && other.id == id && Objects.equals(other.item, item)
                    && Objects.equals(other.qty, qty);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, item, qty);
        }

        @Override
        public String toString() {
            return "Order(" + id + ", " + item + ", " + qty + ")";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        node = TributaryProcess.withRegistry(data).start();
        node.awaitOutput("Schema registry started");
        registryUrl = node.registryUrl();
        http = new RegistryHttp(registryUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    private Properties producerProps(Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaJsonSchemaSerializer.class.getName());
        p.put("schema.registry.url", registryUrl);
        p.putAll(extra);
        return p;
    }

    private <V> List<ConsumerRecord<String, V>> readAll(String topic, int expected, String valueDeserializer,
                                                        Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        p.put("schema.registry.url", registryUrl);
        p.putAll(extra);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p)) {
            // assigned, not subscribed: no group to join, every partition from the start
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private <V> List<ConsumerRecord<String, V>> readAll(String topic, int expected, Map<String, Object> extra) {
        return readAll(topic, expected, KafkaJsonSchemaDeserializer.class.getName(), extra);
    }

    static JsonNode tree(String json) throws Exception {
        return RegistryHttp.JSON.readTree(json);
    }

    static int idOf(byte[] payload) {
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    @Test
    void pojosAndJsonNodesRoundTripInConfluentsWireFormat() throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps(Map.of(
                "json.value.schema", ORDER_SCHEMA, "json.fail.invalid.schema", "true")))) {
            for (int i = 0; i < 100; i++) {
                Object value = i % 2 == 0 ? new Order(i, "item-" + i, i + 1)
                        : tree("{\"id\":" + i + ",\"item\":\"item-" + i + "\",\"qty\":" + (i + 1) + "}");
                producer.send(new ProducerRecord<>("json-orders", "k" + i, value));
            }
            producer.flush();
        }
        // registered once, as a JSON schema, under the topic's value subject
        JsonNode v1 = http.get("/subjects/json-orders-value/versions/1").json();
        assertThat(http.get("/subjects/json-orders-value/versions").json().toString()).isEqualTo("[1]");
        assertThat(v1.get("schemaType").asText()).isEqualTo("JSON");
        assertThat(v1.get("schema").asText()).isEqualTo(ORDER_SCHEMA);
        int id = v1.get("id").asInt();

        // the bytes: magic byte 0, the id big-endian, the UTF-8 JSON document
        List<ConsumerRecord<String, byte[]>> raw = readAll("json-orders", 100, ByteArrayDeserializer.class.getName(),
                Map.of());
        assertThat(raw).hasSize(100);
        for (ConsumerRecord<String, byte[]> r : raw) {
            int i = Integer.parseInt(r.key().substring(1));
            byte[] json = ("{\"id\":" + i + ",\"item\":\"item-" + i + "\",\"qty\":" + (i + 1) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(r.value()).isEqualTo(ByteBuffer.allocate(5 + json.length).put((byte) 0).putInt(id).put(json)
                    .array());
        }

        List<ConsumerRecord<String, Order>> typed = readAll("json-orders", 100, Map.of("json.value.type",
                Order.class.getName(), "json.fail.invalid.schema", "true"));
        assertThat(typed).hasSize(100).allSatisfy(r -> {
            int i = Integer.parseInt(r.key().substring(1));
            assertThat(r.value()).isEqualTo(new Order(i, "item-" + i, i + 1));
        });
        List<ConsumerRecord<String, JsonNode>> generic = readAll("json-orders", 100, Map.of());
        assertThat(generic).hasSize(100).allSatisfy(r -> {
            int i = Integer.parseInt(r.key().substring(1));
            assertThat(r.value()).isEqualTo(tree("{\"id\":" + i + ",\"item\":\"item-" + i + "\",\"qty\":" + (i + 1)
                    + "}"));
        });
    }

    @Test
    void invalidPayloadsFailWithSerializationExceptionWhenValidating() throws Exception {
        try (KafkaProducer<String, Object> strict = new KafkaProducer<>(producerProps(Map.of(
                "json.value.schema", ORDER_SCHEMA, "json.fail.invalid.schema", "true")))) {
            strict.send(new ProducerRecord<>("json-strict", "ok", new Order(1, "fine", 2))).get();
            assertThatThrownBy(() -> strict.send(new ProducerRecord<>("json-strict", "bad", new Order(2, "", 0))))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("does not match schema")
                    .hasMessageContaining("/item")
                    .hasMessageContaining("/qty");
            assertThatThrownBy(() -> strict.send(new ProducerRecord<>("json-strict", "bad", tree("{\"qty\":3}"))))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("id");
        }
        // written without validation, refused by a validating consumer (kafka-clients wraps it in a
        // RecordDeserializationException, a SerializationException)
        try (KafkaProducer<String, Object> lax = new KafkaProducer<>(producerProps(Map.of(
                "json.value.schema", ORDER_SCHEMA)))) {
            lax.send(new ProducerRecord<>("json-strict", "bad", tree("{\"id\":3,\"item\":\"\"}"))).get();
        }
        assertThat(http.get("/subjects/json-strict-value/versions").json().toString()).isEqualTo("[1]");
        assertThatThrownBy(() -> readAll("json-strict", 2, Map.of("json.fail.invalid.schema", "true")))
                .isInstanceOf(SerializationException.class)
                .hasStackTraceContaining("does not match schema");
        assertThat(readAll("json-strict", 2, Map.of())).hasSize(2);
    }

    @Test
    void useLatestVersionWithReferencesEnvelopesAndRecordNames() throws Exception {
        String address = "{\"type\":\"object\",\"properties\":{\"zip\":{\"type\":\"string\",\"pattern\":"
                + "\"^[0-9]{5}$\"}},\"required\":[\"zip\"]}";
        ObjectNode addressBody = RegistryHttp.body(address).put("schemaType", "JSON");
        assertThat(http.post("/subjects/json-address/versions", addressBody.toString()).status()).isEqualTo(200);
        String person = "{\"$id\":\"https://example.com/person.json\",\"title\":\"Person\",\"type\":\"object\","
                + "\"properties\":{\"name\":{\"type\":\"string\"},\"home\":{\"$ref\":\"address.json\"}}}";
        ObjectNode personBody = RegistryHttp.body(person).put("schemaType", "JSON");
        personBody.putArray("references").addObject().put("name", "address.json").put("subject", "json-address")
                .put("version", 1);
        RegistryHttp.Reply registered = http.post("/subjects/json-people-value/versions", personBody.toString());
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);
        int personId = registered.json().get("id").asInt();

        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps(Map.of(
                "use.latest.version", "true", "auto.register.schemas", "false", "json.fail.invalid.schema", "true")))) {
            producer.send(new ProducerRecord<>("json-people", "a", tree("{\"name\":\"Ann\",\"home\":{\"zip\":"
                    + "\"12345\"}}"))).get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("json-people", "b", tree("{\"name\":\"Bob\","
                    + "\"home\":{\"zip\":\"x\"}}")))).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("zip");
        }
        List<ConsumerRecord<String, JsonNode>> people = readAll("json-people", 1, Map.of(
                "json.fail.invalid.schema", "true"));
        assertThat(people).singleElement().satisfies(r -> assertThat(r.value())
                .isEqualTo(tree("{\"name\":\"Ann\",\"home\":{\"zip\":\"12345\"}}")));
        List<ConsumerRecord<String, byte[]>> raw = readAll("json-people", 1, ByteArrayDeserializer.class.getName(),
                Map.of());
        assertThat(idOf(raw.get(0).value())).isEqualTo(personId);

        // Envelopes (schema + payload) register their schema; an evolution is a new version, a breaking one 409.
        String v1 = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":false}";
        String v2 = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}},"
                + "\"additionalProperties\":false}";
        String broken = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},"
                + "\"additionalProperties\":false}";
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps(Map.of()))) {
            producer.send(new ProducerRecord<>("json-env", "1", JsonSchemaEnvelope.of(v1, tree("{\"a\":\"x\"}"))))
                    .get();
            producer.send(new ProducerRecord<>("json-env", "2", JsonSchemaEnvelope.of(v2, tree("{\"a\":\"y\","
                    + "\"b\":2}")).toJsonNode())).get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("json-env", "3", JsonSchemaEnvelope.of(
                    broken, tree("{\"a\":1}"))))).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("409");
            // the envelope's references travel to the registry
            producer.send(new ProducerRecord<>("json-env-ref", "1", new JsonSchemaEnvelope(person, List.of(
                    new Ref("address.json", "json-address", 1)), tree("{\"name\":\"Cy\"}")))).get();
        }
        assertThat(http.get("/subjects/json-env-value/versions").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/json-env-value/versions/2").json().get("schemaType").asText())
                .isEqualTo("JSON");
        assertThat(http.get("/subjects/json-env-ref-value/versions/1").json().get("id").asInt()).isEqualTo(personId);

        // RecordNameStrategy: the schema's title is the record name
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps(Map.of(
                "json.value.schema", ORDER_SCHEMA, "value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.RecordNameStrategy")))) {
            producer.send(new ProducerRecord<>("json-by-record", "a", new Order(1, "x", 1))).get();
        }
        JsonNode byRecord = http.get("/subjects/Order/versions/1").json();
        assertThat(byRecord.get("schemaType").asText()).isEqualTo("JSON");
        assertThat(http.get("/subjects/json-by-record-value/versions").errorCode()).isEqualTo(40401);
    }

    @Test
    void confluentsJavaScriptSerdesReadWhatWeWriteAndWeReadWhatTheyWrite() throws Exception {
        String path = System.getenv().getOrDefault("PATH", "");
        Path nodeExecutable = ConfluentJsClientCompatTest.locate("node", path);
        ConfluentJsClientCompatTest.npmCi(ConfluentJsClientCompatTest.locate("npm", path));
        Files.copy(ConfluentJsClientCompatTest.JS_SOURCES.resolve("json-serde.js"),
                ConfluentJsClientCompatTest.JS_DIR.resolve("json-serde.js"), StandardCopyOption.REPLACE_EXISTING);

        // Java writes (its schema registered by our serializer), the JS JsonDeserializer (validate: true) reads.
        List<Order> orders = List.of(new Order(1, "widget", 3), new Order(-2, "\"quoted\" \\ 日本 😀", null),
                new Order(Long.MAX_VALUE / 2048, "x", Integer.MAX_VALUE));
        List<String> args = new ArrayList<>(List.of("deserialize", registryUrl, "json-js-reads"));
        int id;
        try (KafkaJsonSchemaSerializer<Object> serializer = new KafkaJsonSchemaSerializer<>()) {
            // NON_NULL: a null qty is left out (the schema does not allow null)
            serializer.configure(Map.of("schema.registry.url", registryUrl, "json.value.schema", ORDER_SCHEMA,
                    "json.fail.invalid.schema", "true", "json.default.property.inclusion", "NON_NULL"), false);
            byte[] first = null;
            for (Order o : orders) {
                byte[] payload = serializer.serialize("json-js-reads", o);
                first = first == null ? payload : first;
                args.add(HexFormat.of().formatHex(payload));
            }
            id = idOf(first);
        }
        // an invalid payload written by hand with that id: the JS deserializer refuses it as ours does
        byte[] invalid = wire(id, "{\"id\":\"one\",\"item\":\"\"}");
        args.add(HexFormat.of().formatHex(invalid));
        List<String> printed = node(nodeExecutable, args);
        assertThat(printed).hasSize(4);
        for (int i = 0; i < 3; i++) {
            // re-read, so numbers compare as Jackson parses them
            JsonNode expected = tree(new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                    .writeValueAsString(orders.get(i)));
            assertThat(tree(printed.get(i))).as(printed.get(i)).isEqualTo(expected);
        }
        assertThat(tree(printed.get(3)).path("error").asText()).contains("Invalid message");
        KafkaJsonSchemaDeserializer<Object> validating = new KafkaJsonSchemaDeserializer<>();
        validating.configure(Map.of("schema.registry.url", registryUrl, "json.fail.invalid.schema", "true"), false);
        assertThatThrownBy(() -> validating.deserialize("json-js-reads", invalid))
                .isInstanceOf(SerializationException.class);

        // The JS JsonSerializer (useLatestVersion, validate) writes with the schema Java registered; we read.
        List<String> written = node(nodeExecutable, List.of("serialize", registryUrl, "json-js-reads",
                "{\"id\":10,\"item\":\"from js\",\"qty\":2}", "{\"id\":11,\"item\":\"ü\"}", "{\"item\":\"\"}"));
        assertThat(written).hasSize(3);
        assertThat(tree(written.get(2)).path("error").asText()).as("JS validates too").contains("Invalid message");
        KafkaJsonSchemaDeserializer<Order> typed = new KafkaJsonSchemaDeserializer<>();
        typed.configure(Map.of("schema.registry.url", registryUrl, "json.value.type", Order.class.getName(),
                "json.fail.invalid.schema", "true"), false);
        byte[] js10 = HexFormat.of().parseHex(written.get(0));
        assertThat(js10[0]).isZero();
        assertThat(idOf(js10)).isEqualTo(id);
        assertThat(typed.deserialize("json-js-reads", js10)).isEqualTo(new Order(10, "from js", 2));
        assertThat(typed.deserialize("json-js-reads", HexFormat.of().parseHex(written.get(1))))
                .isEqualTo(new Order(11, "ü", null));

        // The JS serializer's own default: it derives a schema from the value and registers it; we read with it.
        List<String> derived = node(nodeExecutable, List.of("derive", registryUrl, "json-js-derived",
                "{\"name\":\"Zoë\",\"tags\":[\"a\",\"b\"],\"n\":1.5}"));
        byte[] payload = HexFormat.of().parseHex(derived.get(0));
        JsonNode registered = http.get("/subjects/json-js-derived-value/versions/1").json();
        assertThat(registered.get("schemaType").asText()).isEqualTo("JSON");
        assertThat(idOf(payload)).isEqualTo(registered.get("id").asInt());
        assertThat(validating.deserialize("json-js-derived", payload))
                .isEqualTo(tree("{\"name\":\"Zoë\",\"tags\":[\"a\",\"b\"],\"n\":1.5}"));
    }

    static byte[] wire(int id, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }

    /** Runs json-serde.js with {@code args}; returns the lines it printed. */
    static List<String> node(Path nodeExecutable, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(nodeExecutable.toString(), "json-serde.js"));
        command.addAll(args);
        return ConfluentJsClientCompatTest.run(command, 60).lines().toList();
    }
}
