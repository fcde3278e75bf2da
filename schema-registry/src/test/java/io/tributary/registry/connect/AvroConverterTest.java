package io.tributary.registry.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.registry.serde.KafkaAvroDeserializer;
import io.tributary.registry.serde.KafkaAvroSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The converter against a stub registry: subjects, ids, caching, settings, and the serdes on the other side. */
class AvroConverterTest {

    private StubRegistry registry;

    @BeforeEach
    void start() throws Exception {
        registry = new StubRegistry();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private AvroConverter converter(boolean isKey, String... settings) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", registry.url());
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        AvroConverter converter = new AvroConverter();
        converter.configure(config, isKey);
        return converter;
    }

    private static int idOf(byte[] bytes) {
        assertThat(bytes[0]).isEqualTo((byte) 0);
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    @Test
    void aChangeEventRoundTripsThroughTheRegistry() {
        AvroConverter values = converter(false);
        AvroConverter keys = converter(true);
        byte[] key = keys.fromConnectData("customers", DebeziumLike.KEY, DebeziumLike.key(7));
        byte[] value = values.fromConnectData("customers", DebeziumLike.ENVELOPE, DebeziumLike.change(7));
        assertThat(registry.versions("customers-key")).containsExactly(idOf(key));
        assertThat(registry.versions("customers-value")).containsExactly(idOf(value));
        assertThat(registry.schema(idOf(value))).isEqualTo(values.avroSchema(DebeziumLike.ENVELOPE).toString());

        // a fresh converter (a sink's) knows nothing but the bytes
        AvroConverter reader = converter(false);
        SchemaAndValue read = reader.toConnectData("customers", value);
        assertThat(read.schema()).isEqualTo(DebeziumLike.ENVELOPE);
        Struct expected = DebeziumLike.change(7);
        expected.getStruct("before").put("nick", "none");   // null optional -> its default, as Connect reads it
        expected.getStruct("after").put("nick", "none");
        assertThat(read.value()).isEqualTo(expected);
        SchemaAndValue readKey = converter(true).toConnectData("customers", key);
        // no connect.version in the key schema: the Connect schema gets the registry's version
        assertThat(readKey.schema().version()).isEqualTo(1);
        assertThat(((Struct) readKey.value()).get("id")).isEqualTo(7);
    }

    @Test
    void aThousandRecordsOfOneSchemaRegisterOnceAndCallTheRegistryNoMore() {
        AvroConverter values = converter(false);
        AvroConverter reader = converter(false);
        byte[] first = values.fromConnectData("events", DebeziumLike.ENVELOPE, DebeziumLike.change(0));
        reader.toConnectData("events", first);
        int requests = registry.requests.size();
        for (int i = 1; i < 1000; i++) {
            byte[] bytes = values.fromConnectData("events", DebeziumLike.ENVELOPE, DebeziumLike.change(i));
            assertThat(idOf(bytes)).isEqualTo(idOf(first));
            assertThat(((Struct) reader.toConnectData("events", bytes).value()).getString("op"))
                    .isEqualTo(i % 5 == 0 ? "c" : "u");
        }
        assertThat(registry.requests).hasSize(requests);
        assertThat(registry.versions("events-value")).hasSize(1);
        assertThat(registry.count("POST", "/subjects/")).isEqualTo(1);

        // an equal schema built anew per record (as some transforms do) is the same schema
        AvroConverter another = converter(false);
        for (int i = 0; i < 100; i++) {
            Schema copy = SchemaBuilder.struct().name("dbserver1.inventory.customers.Key")
                    .field("id", Schema.INT32_SCHEMA).build();
            another.fromConnectData("events", copy, new Struct(copy).put("id", i));
        }
        assertThat(registry.versions("events-value")).hasSize(2);
        assertThat(registry.count("POST", "/subjects/")).isEqualTo(2);
    }

    @Test
    void tombstonesStayTombstones() {
        AvroConverter converter = converter(false);
        assertThat(converter.fromConnectData("t", DebeziumLike.ENVELOPE, null)).isNull();
        assertThat(converter.fromConnectData("t", null, null)).isNull();
        assertThat(converter.toConnectData("t", null)).isSameAs(SchemaAndValue.NULL);
        assertThat(registry.requests).isEmpty();
    }

    @Test
    void readsWhatKafkaAvroSerializerWroteAndWritesWhatKafkaAvroDeserializerReads() {
        org.apache.avro.Schema order = new org.apache.avro.Schema.Parser().parse("{\"type\":\"record\",\"name\":"
                + "\"Order\",\"namespace\":\"shop\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":"
                + "\"item\",\"type\":\"string\"},{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        Map<String, String> config = Map.of("schema.registry.url", registry.url());
        GenericRecord record = new GenericData.Record(order);
        record.put("id", 42L);
        record.put("item", "pen");
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer();
             KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            serializer.configure(config, false);
            deserializer.configure(config, false);
            byte[] bytes = serializer.serialize("orders", record);
            SchemaAndValue read = converter(false).toConnectData("orders", bytes);
            assertThat(read.schema().name()).isEqualTo("shop.Order");
            assertThat(read.schema().version()).isEqualTo(1);
            assertThat(read.schema().field("note").schema().isOptional()).isTrue();
            Struct struct = (Struct) read.value();
            assertThat(struct.get("id")).isEqualTo(42L);
            assertThat(struct.get("item")).isEqualTo("pen");

            byte[] written = converter(false).fromConnectData("orders", read.schema(), struct);
            GenericRecord back = (GenericRecord) deserializer.deserialize("orders", written);
            assertThat(back.get("id")).isEqualTo(42L);
            assertThat(back.get("item").toString()).isEqualTo("pen");
            assertThat(back.get("note")).isNull();

            byte[] change = converter(false).fromConnectData("customers", DebeziumLike.ENVELOPE,
                    DebeziumLike.change(1));
            GenericRecord envelope = (GenericRecord) deserializer.deserialize("customers", change);
            assertThat(envelope.get("op").toString()).isEqualTo("u");
            assertThat(((GenericRecord) envelope.get("after")).get("id")).isEqualTo(1_000_001);
            assertThat(((GenericRecord) envelope.get("source")).get("table").toString()).isEqualTo("customers");
        }
    }

    @Test
    void subjectNameStrategiesAreHonoured() {
        converter(false, "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy")
                .fromConnectData("a", DebeziumLike.KEY, DebeziumLike.key(1));
        assertThat(registry.versions("dbserver1.inventory.customers.Key")).hasSize(1);
        converter(true, "key.subject.name.strategy", "TopicRecordNameStrategy")
                .fromConnectData("b", DebeziumLike.KEY, DebeziumLike.key(1));
        assertThat(registry.versions("b-dbserver1.inventory.customers.Key")).hasSize(1);
    }

    @Test
    void withoutAutoRegistrationASchemaMustBeThere() {
        AvroConverter converter = converter(false, "auto.register.schemas", "false");
        assertThatThrownBy(() -> converter.fromConnectData("strict", DebeziumLike.KEY, DebeziumLike.key(1)))
                .isInstanceOf(DataException.class).hasMessageContaining("40401");
        registry.register("strict-value", converter.avroSchema(DebeziumLike.KEY).toString());
        byte[] bytes = converter(false, "auto.register.schemas", "false")
                .fromConnectData("strict", DebeziumLike.KEY, DebeziumLike.key(1));
        assertThat(idOf(bytes)).isEqualTo(registry.versions("strict-value").get(0));
        assertThat(registry.count("POST", "/subjects/strict-value/versions")).isZero();
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchema() {
        Schema v1 = SchemaBuilder.struct().name("shop.Order").field("id", Schema.INT64_SCHEMA)
                .field("item", Schema.STRING_SCHEMA).build();
        int latest = registry.register("orders-value", "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":"
                + "\"shop\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"item\",\"type\":\"string\"},"
                + "{\"name\":\"qty\",\"type\":\"int\",\"default\":1}]}");
        AvroConverter converter = converter(false, "auto.register.schemas", "false", "use.latest.version", "true");
        byte[] bytes = converter.fromConnectData("orders", v1, new Struct(v1).put("id", 5L).put("item", "pen"));
        assertThat(idOf(bytes)).isEqualTo(latest);
        Struct read = (Struct) converter(false).toConnectData("orders", bytes).value();
        assertThat(read.get("qty")).isEqualTo(1);
        assertThat(read.get("item")).isEqualTo("pen");

        registry.register("narrow-value", "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
                + "\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}");
        assertThatThrownBy(() -> converter.fromConnectData("narrow", v1, new Struct(v1).put("id", 5L)
                .put("item", "pen"))).isInstanceOf(DataException.class).hasMessageContaining("cannot read");
    }

    @Test
    void basicAuthCredentialsAreSent() {
        converter(false, "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "ann:secret")
                .fromConnectData("auth", Schema.STRING_SCHEMA, "x");
        String expected = "Basic " + Base64.getEncoder().encodeToString("ann:secret".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.requests).isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEqualTo(expected));
        assertThatThrownBy(() -> converter(false, "basic.auth.credentials.source", "USER_INFO"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void connectMetaDataOffRegistersPlainAvro() {
        AvroConverter converter = converter(false, "connect.meta.data", "false");
        byte[] bytes = converter.fromConnectData("plain", DebeziumLike.ENVELOPE, DebeziumLike.change(2));
        assertThat(registry.schema(idOf(bytes))).doesNotContain("connect.name");
        Struct read = (Struct) converter(false).toConnectData("plain", bytes).value();
        assertThat(read.getStruct("after").get("balance")).isEqualTo(DebeziumLike.row(1_000_002).get("balance"));
    }

    @Test
    void badInputFailsWithDataExceptions() {
        AvroConverter converter = converter(false);
        assertThatThrownBy(() -> converter.toConnectData("t", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(DataException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> converter.toConnectData("t", new byte[] {0, 0, 0, 0, 99, 2}))
                .isInstanceOf(DataException.class).hasMessageContaining("99");
        assertThatThrownBy(() -> converter.fromConnectData("t", null, "schemaless"))
                .isInstanceOf(DataException.class).hasMessageContaining("schemaless");
        assertThatThrownBy(() -> converter.fromConnectData("t", Schema.INT32_SCHEMA, "not an int"))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> new AvroConverter().configure(Map.of(), false)).isInstanceOf(ConfigException.class);
        assertThat(converter.config().names()).contains("schema.registry.url", "connect.meta.data",
                "enhanced.avro.schema.support", "schemas.cache.config");
    }

    @Test
    void theSchemaCacheIsBounded() {
        AvroConverter converter = converter(false, "schemas.cache.config", "2");
        for (int i = 0; i < 5; i++) {
            Schema s = SchemaBuilder.struct().name("n.S" + i).field("f", Schema.INT32_SCHEMA).build();
            converter.fromConnectData("many", s, new Struct(s).put("f", i));
        }
        // every schema converts and registers; only the cache forgets
        assertThat(registry.versions("many-value")).hasSize(5);
    }
}
