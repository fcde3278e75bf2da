package io.tributary.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.registry.serde.RegistryClient.Ref;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link KafkaJsonSchemaSerializer} and {@link KafkaJsonSchemaDeserializer} against a stub registry. */
class KafkaJsonSchemaSerdeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String ORDER_SCHEMA = """
            {"$schema":"http://json-schema.org/draft-07/schema#","title":"Order","type":"object",\
            "properties":{"id":{"type":"integer"},"item":{"type":"string","minLength":1},\
            "qty":{"type":"integer","minimum":1}},"required":["id","item"]}""";

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

    @JsonSchemaDefinition("""
            {"title":"Reading","type":"object","properties":{"sensor":{"type":"string"},\
            "value":{"type":"number"}},"required":["sensor","value"],"javaType":\
            "io.tributary.registry.serde.KafkaJsonSchemaSerdeTest$Reading"}""")
    public record Reading(String sensor, double value) {
    }

    JsonStubRegistry stub;

    @BeforeEach
    void start() throws Exception {
        stub = new JsonStubRegistry();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    <T> KafkaJsonSchemaSerializer<T> serializer(Object... keyValues) {
        KafkaJsonSchemaSerializer<T> s = new KafkaJsonSchemaSerializer<>();
        s.configure(config(keyValues), false);
        return s;
    }

    <T> KafkaJsonSchemaDeserializer<T> deserializer(Object... keyValues) {
        KafkaJsonSchemaDeserializer<T> d = new KafkaJsonSchemaDeserializer<>();
        d.configure(config(keyValues), false);
        return d;
    }

    Map<String, Object> config(Object... keyValues) {
        Map<String, Object> c = new HashMap<>();
        c.put("schema.registry.url", stub.url());
        for (int i = 0; i < keyValues.length; i += 2) {
            c.put((String) keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    static int idOf(byte[] payload) {
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    @Test
    void writesConfluentsWireFormatAndRegistersAJsonSchemaUnderTheTopicSubject() throws Exception {
        KafkaJsonSchemaSerializer<Object> serializer = serializer("json.value.schema", ORDER_SCHEMA);
        byte[] payload = serializer.serialize("orders", new Order(7, "widget", 3));

        assertThat(stub.versions("orders-value")).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo("JSON");
            assertThat(s.schema()).isEqualTo(ORDER_SCHEMA);
        });
        int id = stub.versions("orders-value").get(0).id();
        byte[] json = "{\"id\":7,\"item\":\"widget\",\"qty\":3}".getBytes(StandardCharsets.UTF_8);
        byte[] expected = ByteBuffer.allocate(5 + json.length).put((byte) 0).putInt(id).put(json).array();
        assertThat(payload).isEqualTo(expected);
        assertThat(stub.requests).containsExactly("POST /subjects/orders-value/versions");
    }

    @Test
    void pojosAndJsonNodesRoundTrip() throws Exception {
        KafkaJsonSchemaSerializer<Object> serializer = serializer("json.value.schema", ORDER_SCHEMA);
        byte[] fromPojo = serializer.serialize("orders", new Order(1, "a", null));
        byte[] fromTree = serializer.serialize("orders", tree("{\"id\":2,\"item\":\"b\",\"qty\":5}"));
        assertThat(idOf(fromPojo)).isEqualTo(idOf(fromTree));
        assertThat(new String(fromPojo, 5, fromPojo.length - 5, StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":1,\"item\":\"a\",\"qty\":null}");

        KafkaJsonSchemaDeserializer<Object> generic = deserializer();
        assertThat(generic.deserialize("orders", fromPojo)).isEqualTo(tree("{\"id\":1,\"item\":\"a\",\"qty\":null}"));
        assertThat(generic.deserialize("orders", fromTree)).isInstanceOf(JsonNode.class);

        KafkaJsonSchemaDeserializer<Order> typed = deserializer("json.value.type", Order.class.getName());
        assertThat(typed.deserialize("orders", fromPojo)).isEqualTo(new Order(1, "a", null));
        assertThat(typed.deserialize("orders", fromTree)).isEqualTo(new Order(2, "b", 5));

        KafkaJsonSchemaDeserializer<Object> maps = deserializer("json.value.type", Object.class);
        assertThat(maps.deserialize("orders", fromTree)).isEqualTo(Map.of("id", 2, "item", "b", "qty", 5));

        KafkaJsonSchemaDeserializer<Order> constructed = new KafkaJsonSchemaDeserializer<>(
                new RegistryClient(List.of(stub.url()), null, null), Order.class);
        constructed.configure(config(), false);
        assertThat(constructed.deserialize("orders", fromTree)).isEqualTo(new Order(2, "b", 5));
        assertThat(constructed.deserialize("orders", null)).isNull();
        assertThat(serializer.serialize("orders", null)).isNull();
    }

    @Test
    void theKeySerializerTakesTheKeySettings() throws Exception {
        KafkaJsonSchemaSerializer<Object> keys = new KafkaJsonSchemaSerializer<>();
        keys.configure(config("json.key.schema", "{\"type\":\"string\"}", "json.value.schema", ORDER_SCHEMA), true);
        byte[] key = keys.serialize("orders", "k1");
        assertThat(new String(key, 5, key.length - 5, StandardCharsets.UTF_8)).isEqualTo("\"k1\"");
        assertThat(stub.versions("orders-key")).singleElement()
                .satisfies(s -> assertThat(s.schema()).isEqualTo("{\"type\":\"string\"}"));
        KafkaJsonSchemaDeserializer<Object> d = new KafkaJsonSchemaDeserializer<>();
        d.configure(config("json.key.type", String.class.getName(), "json.value.type", Order.class.getName()), true);
        assertThat(d.deserialize("orders", key)).isEqualTo("k1");
        // json.schema serves either side when the side's own setting is absent
        KafkaJsonSchemaSerializer<Object> fallback = new KafkaJsonSchemaSerializer<>();
        fallback.configure(config("json.schema", "{\"type\":\"integer\"}"), true);
        assertThat(fallback.serialize("counts", 5)).endsWith((byte) '5');
        assertThat(stub.versions("counts-key")).hasSize(1);
    }

    @Test
    void aWarmSerializerAndDeserializerMakeNoHttpCall() throws Exception {
        KafkaJsonSchemaSerializer<Object> serializer = serializer("json.value.schema", ORDER_SCHEMA,
                "json.fail.invalid.schema", "true");
        KafkaJsonSchemaDeserializer<Order> deserializer = deserializer("json.value.type", Order.class.getName(),
                "json.fail.invalid.schema", "true");
        deserializer.deserialize("orders", serializer.serialize("orders", new Order(0, "warm-up", 1)));
        int calls = stub.requests.size();
        assertThat(calls).isEqualTo(2); // one registration, one schema by id
        for (int i = 1; i <= 1000; i++) {
            Order o = new Order(i, "item-" + i, i);
            assertThat(deserializer.deserialize("orders", serializer.serialize("orders", o))).isEqualTo(o);
            JsonNode tree = tree("{\"id\":" + i + ",\"item\":\"t\"}");
            assertThat(serializer.serialize("orders", tree)).isNotNull();
        }
        assertThat(stub.requests).hasSize(calls);
    }

    @Test
    void invalidPayloadsFailWhenValidationIsOn() throws Exception {
        KafkaJsonSchemaSerializer<Object> strict = serializer("json.value.schema", ORDER_SCHEMA,
                "json.fail.invalid.schema", "true");
        assertThatThrownBy(() -> strict.serialize("orders", new Order(1, "", 0)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not match schema")
                .hasMessageContaining("item")
                .hasMessageContaining("qty");
        assertThatThrownBy(() -> strict.serialize("orders", tree("{\"item\":\"x\"}")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> strict.serialize("orders", "just a string"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("does not match schema");

        // Off (the default): written as it is.
        KafkaJsonSchemaSerializer<Object> lax = serializer("json.value.schema", ORDER_SCHEMA);
        byte[] invalid = lax.serialize("orders", tree("{\"item\":\"\"}"));
        assertThat(new String(invalid, 5, invalid.length - 5, StandardCharsets.UTF_8)).isEqualTo("{\"item\":\"\"}");

        // The deserializer validates against the writer's schema.
        assertThat(deserializer().deserialize("orders", invalid)).isEqualTo(tree("{\"item\":\"\"}"));
        KafkaJsonSchemaDeserializer<Object> checking = deserializer("json.fail.invalid.schema", true);
        assertThatThrownBy(() -> checking.deserialize("orders", invalid))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not match schema " + idOf(invalid));
        byte[] notJson = Arrays.copyOf(invalid, invalid.length - 1);
        assertThatThrownBy(() -> checking.deserialize("orders", notJson)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> deserializer().deserialize("orders", notJson))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchema() throws Exception {
        stub.register("events-value", "{\"type\":\"object\"}");
        int latest = stub.register("events-value", "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":"
                + "\"integer\"}},\"required\":[\"n\"]}");
        KafkaJsonSchemaSerializer<Object> serializer = serializer("use.latest.version", "true",
                "auto.register.schemas", "false", "json.fail.invalid.schema", "true");
        byte[] payload = serializer.serialize("events", tree("{\"n\":1}"));
        assertThat(idOf(payload)).isEqualTo(latest);
        assertThat(stub.requests).containsExactly("GET /subjects/events-value/versions/latest");
        assertThatThrownBy(() -> serializer.serialize("events", tree("{\"n\":\"one\"}")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("does not match schema " + latest);
        assertThat(idOf(serializer.serialize("events", Map.of("n", 2)))).isEqualTo(latest);
        assertThat(stub.requests).hasSize(1);
        assertThat(stub.versions("events-value")).hasSize(2);
    }

    @Test
    void latestCompatibilityStrictChecksTheLatestCanReadTheValuesSchema() throws Exception {
        int latest = stub.register("strict-value", "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":"
                + "\"integer\"}}}");
        String narrower = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},"
                + "\"additionalProperties\":false}";
        String wider = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"string\"}}}";
        KafkaJsonSchemaSerializer<Object> strict = serializer("use.latest.version", "true");
        assertThat(idOf(strict.serialize("strict", JsonSchemaEnvelope.of(narrower, tree("{\"n\":1}")))))
                .isEqualTo(latest);
        assertThatThrownBy(() -> strict.serialize("strict", JsonSchemaEnvelope.of(wider, tree("{\"n\":\"x\"}"))))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latest.compatibility.strict")
                .hasMessageContaining("TYPE_CHANGED");
        KafkaJsonSchemaSerializer<Object> lax = serializer("use.latest.version", "true",
                "latest.compatibility.strict", "false");
        assertThat(idOf(lax.serialize("strict", JsonSchemaEnvelope.of(wider, tree("{\"n\":\"x\"}")))))
                .isEqualTo(latest);
        assertThat(stub.versions("strict-value")).hasSize(1);
    }

    @Test
    void withoutASchemaTheSendFailsSayingHowToGiveOne() {
        KafkaJsonSchemaSerializer<Object> serializer = serializer();
        assertThatThrownBy(() -> serializer.serialize("orders", new Order(1, "a", 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(Order.class.getName())
                .hasMessageContaining("use.latest.version=true")
                .hasMessageContaining("json.value.schema")
                .hasMessageContaining("JsonSchemaEnvelope")
                .hasMessageContaining("@" + JsonSchemaDefinition.class.getName());
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void envelopesBringTheirSchemaInEitherShape() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";
        KafkaJsonSchemaSerializer<Object> serializer = serializer("json.value.schema", ORDER_SCHEMA);
        JsonSchemaEnvelope ours = JsonSchemaEnvelope.of(schema, tree("{\"a\":\"x\"}"));
        byte[] one = serializer.serialize("env", ours);
        byte[] two = serializer.serialize("env", ours.toJsonNode());
        assertThat(two).isEqualTo(one);
        assertThat(new String(one, 5, one.length - 5, StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"x\"}");
        assertThat(stub.versions("env-value")).singleElement()
                .satisfies(s -> assertThat(s.schema()).isEqualTo(schema));
        // Confluent's JsonSchemaUtils.envelope shape, built by hand
        ObjectNode confluent = JSON.createObjectNode();
        confluent.set("schema", tree(schema));
        confluent.set("payload", tree("{\"a\":\"y\"}"));
        assertThat(idOf(serializer.serialize("env", confluent))).isEqualTo(idOf(one));
        // An object that merely has "schema" and "payload" among other fields is data, written with json.value.schema
        ObjectNode data = confluent.deepCopy().put("other", 1);
        byte[] plain = serializer.serialize("env", data);
        assertThat(new String(plain, 5, plain.length - 5, StandardCharsets.UTF_8)).isEqualTo(data.toString());
        assertThat(stub.versions("env-value")).hasSize(2);
    }

    @Test
    void annotatedClassesBringTheirSchemaAndJavaTypeMapsThemBack() throws Exception {
        KafkaJsonSchemaSerializer<Object> serializer = serializer();
        byte[] payload = serializer.serialize("readings", new Reading("t-7", 21.5));
        assertThat(stub.versions("readings-value")).singleElement()
                .satisfies(s -> assertThat(s.schema()).contains("\"title\":\"Reading\""));
        // no json.value.type: the schema's javaType names the class (Confluent's type.property)
        assertThat(deserializer().deserialize("readings", payload)).isEqualTo(new Reading("t-7", 21.5));
        // an explicit type wins; type.property elsewhere finds nothing
        assertThat(deserializer("json.value.type", JsonNode.class).deserialize("readings", payload))
                .isEqualTo(tree("{\"sensor\":\"t-7\",\"value\":21.5}"));
        assertThat(deserializer("type.property", "className").deserialize("readings", payload))
                .isInstanceOf(JsonNode.class);
    }

    @Test
    void aJavaTypeThatIsNotThereFailsTheRead() throws Exception {
        stub.register("ghost-value", "{\"type\":\"object\",\"javaType\":\"com.example.NoSuchClass\"}");
        KafkaJsonSchemaSerializer<Object> serializer = serializer("use.latest.version", "true");
        byte[] payload = serializer.serialize("ghost", tree("{}"));
        assertThatThrownBy(() -> deserializer().deserialize("ghost", payload))
                .isInstanceOf(SerializationException.class).hasMessageContaining("com.example.NoSuchClass");
        assertThat(deserializer("json.value.type", JsonNode.class.getName()).deserialize("ghost", payload))
                .isEqualTo(tree("{}"));
    }

    @Test
    void referencesAreResolvedThroughTheRegistryForValidation() throws Exception {
        String address = "{\"type\":\"object\",\"properties\":{\"zip\":{\"type\":\"string\",\"pattern\":"
                + "\"^[0-9]{5}$\"}},\"required\":[\"zip\"]}";
        stub.register("address", address);
        String person = "{\"$id\":\"https://example.com/person.json\",\"type\":\"object\",\"properties\":{"
                + "\"name\":{\"type\":\"string\"},\"home\":{\"$ref\":\"address.json\"}}}";
        List<Ref> refs = List.of(new Ref("address.json", "address", 1));
        KafkaJsonSchemaSerializer<Object> serializer = serializer("json.fail.invalid.schema", "true");
        byte[] ok = serializer.serialize("people", new JsonSchemaEnvelope(person, refs,
                tree("{\"name\":\"a\",\"home\":{\"zip\":\"12345\"}}")));
        assertThat(stub.versions("people-value").get(0).references())
                .isEqualTo(JsonStubRegistry.refs("address.json", "address", 1));
        assertThatThrownBy(() -> serializer.serialize("people", new JsonSchemaEnvelope(person, refs,
                tree("{\"name\":\"a\",\"home\":{\"zip\":\"1\"}}"))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("zip");
        // the deserializer fetches the schema by id, then the referenced version
        KafkaJsonSchemaDeserializer<Object> d = deserializer("json.fail.invalid.schema", "true");
        assertThat(d.deserialize("people", ok)).isEqualTo(tree("{\"name\":\"a\",\"home\":{\"zip\":\"12345\"}}"));
        assertThat(stub.requests).contains("GET /schemas/ids/" + idOf(ok), "GET /subjects/address/versions/1");

        // a reference name without an $id: resolved from the document's own base, and the latest version's refs
        String withoutId = "{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"address.json\"}}}";
        stub.register("plain-value", "JSON", withoutId, JsonStubRegistry.refs("address.json", "address", 1));
        KafkaJsonSchemaSerializer<Object> latest = serializer("use.latest.version", "true",
                "json.fail.invalid.schema", "true");
        assertThat(latest.serialize("plain", tree("{\"home\":{\"zip\":\"54321\"}}"))).isNotNull();
        assertThatThrownBy(() -> latest.serialize("plain", tree("{\"home\":{}}")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("zip");
    }

    @Test
    void draftsAreChosenByDollarSchemaAndNothingIsFetched() throws Exception {
        // draft-04: exclusiveMinimum is a boolean beside minimum
        String draft4 = "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"integer\","
                + "\"minimum\":0,\"exclusiveMinimum\":true}";
        KafkaJsonSchemaSerializer<Object> four = serializer("json.value.schema", draft4,
                "json.fail.invalid.schema", "true");
        assertThat(four.serialize("d4", 1)).isNotNull();
        assertThatThrownBy(() -> four.serialize("d4", 0)).isInstanceOf(SerializationException.class);
        // 2020-12 over https (no such meta-schema URL in the validator: rewritten, not fetched): prefixItems
        String draft2020 = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"array\","
                + "\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}],\"items\":false}";
        KafkaJsonSchemaSerializer<Object> twenty = serializer("json.value.schema", draft2020,
                "json.fail.invalid.schema", "true");
        assertThat(twenty.serialize("d2020", List.of("a", 1))).isNotNull();
        assertThatThrownBy(() -> twenty.serialize("d2020", List.of("a", "b")))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> twenty.serialize("d2020", List.of("a", 1, 2)))
                .isInstanceOf(SerializationException.class);
        // A $ref to a URL nobody registered is not fetched: the schema cannot be compiled.
        String remote = "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + stub.url() + "/x.json\"}}}";
        KafkaJsonSchemaSerializer<Object> unresolved = serializer("json.value.schema", remote,
                "json.fail.invalid.schema", "true");
        assertThatThrownBy(() -> unresolved.serialize("remote", Map.of("a", 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(stub.url() + "/x.json")
                .hasMessageContaining("not one of the schema's references");
        assertThat(stub.requests).noneMatch(r -> r.contains("x.json"));
    }

    @Test
    void subjectNameStrategiesUseTheSchemasTitle() throws Exception {
        KafkaJsonSchemaSerializer<Object> record = serializer("json.value.schema", ORDER_SCHEMA,
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        record.serialize("t1", new Order(1, "a", 1));
        assertThat(stub.versions("Order")).hasSize(1);
        KafkaJsonSchemaSerializer<Object> topicRecord = serializer("json.value.schema", ORDER_SCHEMA,
                "value.subject.name.strategy", "TopicRecordNameStrategy");
        topicRecord.serialize("t1", new Order(1, "a", 1));
        assertThat(stub.versions("t1-Order")).hasSize(1);
        KafkaJsonSchemaSerializer<Object> untitled = serializer("json.value.schema", "{\"type\":\"object\"}",
                "value.subject.name.strategy", "RecordNameStrategy");
        assertThatThrownBy(() -> untitled.serialize("t1", Map.of()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("title");
        KafkaJsonSchemaSerializer<Object> latest = serializer("use.latest.version", "true",
                "value.subject.name.strategy", "RecordNameStrategy");
        assertThatThrownBy(() -> latest.serialize("t1", Map.of()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("title");
        assertThatThrownBy(() -> serializer("value.subject.name.strategy", "Nope"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void withoutAutoRegistrationTheSchemaIsLookedUp() throws Exception {
        KafkaJsonSchemaSerializer<Object> serializer = serializer("json.value.schema", ORDER_SCHEMA,
                "auto.register.schemas", "false");
        assertThatThrownBy(() -> serializer.serialize("orders", new Order(1, "a", 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("40401");
        int id = stub.register("orders-value", ORDER_SCHEMA);
        assertThat(idOf(serializer.serialize("orders", new Order(1, "a", 1)))).isEqualTo(id);
        assertThat(stub.requests).containsExactly("POST /subjects/orders-value", "POST /subjects/orders-value");
        assertThat(stub.versions("orders-value")).hasSize(1);
        KafkaJsonSchemaSerializer<Object> normalized = serializer("json.value.schema", ORDER_SCHEMA,
                "normalize.schemas", "true");
        normalized.serialize("norm", new Order(1, "a", 1));
        assertThat(stub.requests).contains("POST /subjects/norm-value/versions?normalize=true");
    }

    @Test
    void useSchemaIdWritesWithThatId() throws Exception {
        int id = stub.register("elsewhere", "{\"type\":\"object\",\"required\":[\"x\"]}");
        KafkaJsonSchemaSerializer<Object> serializer = serializer("use.schema.id", String.valueOf(id),
                "json.fail.invalid.schema", "true");
        assertThat(idOf(serializer.serialize("any", Map.of("x", 1)))).isEqualTo(id);
        assertThatThrownBy(() -> serializer.serialize("any", Map.of("y", 1)))
                .isInstanceOf(SerializationException.class);
        assertThat(stub.requests).containsExactly("GET /schemas/ids/" + id);
    }

    @Test
    void theDeserializerRefusesWhatIsNotItsWireFormat() throws Exception {
        KafkaJsonSchemaDeserializer<Object> d = deserializer();
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {1, 0, 0, 0, 1, '{', '}'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class);
        int avro = stub.register("avro-value", "AVRO", "\"string\"", null);
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {0, 0, 0, 0, (byte) avro, '"', '"'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("AVRO, not a JSON schema");
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {0, 0, 0, 0x7f, 0, '{', '}'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("40403");
        int json = stub.register("j-value", "{}");
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {0, 0, 0, 0, (byte) json}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("no JSON document");
        // unknown properties fail a typed read by default (json.fail.unknown.properties=true), as in Confluent
        byte[] extra = serializer("json.value.schema", "{}").serialize("x", Map.of("id", 1, "item", "a",
                "color", "red"));
        assertThatThrownBy(() -> deserializer("json.value.type", Order.class).deserialize("x", extra))
                .isInstanceOf(SerializationException.class).hasMessageContaining("color");
        assertThat(deserializer("json.value.type", Order.class, "json.fail.unknown.properties", "false")
                .deserialize("x", extra)).isEqualTo(new Order(1, "a", null));
    }

    @Test
    void aLatestSchemaOfAnotherTypeOrNoneFailsTheSend() throws Exception {
        int avro = stub.register("mixed-value", "AVRO", "\"string\"", null);
        KafkaJsonSchemaSerializer<Object> latest = serializer("use.latest.version", "true");
        assertThatThrownBy(() -> latest.serialize("mixed", "x"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("AVRO, not a JSON schema");
        assertThat(avro).isPositive();
        KafkaJsonSchemaSerializer<Object> missing = serializer("use.latest.version", "true");
        assertThatThrownBy(() -> missing.serialize("nothing", "x"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("40401");
    }

    @Test
    void jacksonSettingsUnderConfluentsNames() throws Exception {
        String any = "{}";
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("when", new Date(0));
        value.put("none", null);
        byte[] plain = serializer("json.value.schema", any).serialize("j", value);
        assertThat(new String(plain, 5, plain.length - 5, StandardCharsets.UTF_8))
                .isEqualTo("{\"when\":0,\"none\":null}");
        byte[] iso = serializer("json.value.schema", any, "json.write.dates.iso8601", "true",
                "json.default.property.inclusion", "NON_NULL").serialize("j", new Order(1, "a", null));
        assertThat(new String(iso, 5, iso.length - 5, StandardCharsets.UTF_8)).isEqualTo("{\"id\":1,\"item\":\"a\"}");
        byte[] date = serializer("json.value.schema", any, "json.write.dates.iso8601", "true").serialize("j",
                Map.of("when", new Date(0)));
        assertThat(new String(date, 5, date.length - 5, StandardCharsets.UTF_8)).startsWith("{\"when\":\"1970-01-01T");
        byte[] indented = serializer("json.value.schema", any, "json.indent.output", "true").serialize("j",
                Map.of("a", 1));
        assertThat(new String(indented, 5, indented.length - 5, StandardCharsets.UTF_8)).contains("\n");
        assertThatThrownBy(() -> serializer("json.default.property.inclusion", "SOMETIMES"))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> deserializer("json.value.type", "com.example.Missing"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void basicAuthCredentialsAreSent() throws Exception {
        KafkaJsonSchemaSerializer<Object> serializer = serializer("json.value.schema", "{}",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "alice:secret");
        serializer.serialize("auth", Map.of());
        assertThat(stub.authorizations).containsExactly("Basic " + Base64.getEncoder().encodeToString(
                "alice:secret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anUnconfiguredSerdeSaysSo() {
        assertThatThrownBy(() -> new KafkaJsonSchemaSerializer<>().serialize("t", Map.of()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("configure");
        assertThatThrownBy(() -> new KafkaJsonSchemaDeserializer<>().deserialize("t", new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("configure");
    }
}
