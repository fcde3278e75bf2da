package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.registry.connect.AvroConverter;
import io.tributary.registry.serde.KafkaAvroDeserializer;
import io.tributary.registry.serde.KafkaAvroSerializer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's Connect {@code AvroConverter}, configured as a Connect worker configures Confluent's, against the
 * registry bundled in a node process: records it writes (sent as a worker sends them, as bytes) are read by
 * {@code KafkaAvroDeserializer} as GenericRecords, and it reads what {@code KafkaAvroSerializer} wrote.
 */
class AvroConverterCompatTest {

    @TempDir
    static Path data;
    static TributaryProcess node;
    static String registryUrl;

    static final Schema ROW = SchemaBuilder.struct().name("dbserver1.inventory.customers.Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("balance", Decimal.builder(2).parameter("connect.decimal.precision", "10").build())
            .field("born", Date.builder().optional().build())
            .field("updated", Timestamp.SCHEMA)
            .field("flags", Schema.INT8_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("status", SchemaBuilder.string().defaultValue("new").build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
            .field("counts", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT64_SCHEMA).build())
            .build();
    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("connector", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").version(1)
                    .parameter("allowed", "true,last,false").defaultValue("false").build())
            .field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    static final Schema ENVELOPE = SchemaBuilder.struct().name("dbserver1.inventory.customers.Envelope").version(1)
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    static final Schema KEY = SchemaBuilder.struct().name("dbserver1.inventory.customers.Key")
            .field("id", Schema.INT32_SCHEMA).build();

    @BeforeAll
    static void start() throws Exception {
        node = TributaryProcess.withRegistry(data).start();
        registryUrl = node.registryUrl();
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    /** Configured as a worker does: the {@code value.converter.} prefix taken off. */
    private static AvroConverter converter(boolean isKey, Map<String, String> extra) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("schema.registry.url", registryUrl);
        config.putAll(extra);
        AvroConverter converter = new AvroConverter();
        converter.configure(config, isKey);
        return converter;
    }

    static Struct row(int id) {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        counts.put(id, (long) id * 10);
        counts.put(-1, -10L);
        return new Struct(ROW).put("id", id).put("name", "name-" + id)
                .put("email", id % 2 == 0 ? null : "u" + id + "@example.com")
                .put("balance", BigDecimal.valueOf(id * 100L + 7, 2))
                .put("born", new java.util.Date(18_000L * 86_400_000L))
                .put("updated", new java.util.Date(1_764_950_000_000L + id))
                .put("flags", (byte) (id % 100))
                .put("small", (short) -id)
                .put("status", "vip")
                .put("tags", List.of("t" + id))
                .put("attrs", Map.of("k", "v" + id))
                .put("counts", counts);
    }

    static Struct change(int id) {
        return new Struct(ENVELOPE)
                .put("before", id % 3 == 0 ? null : row(id))
                .put("after", row(id))
                .put("source", new Struct(SOURCE).put("connector", "postgresql").put("ts_ms", 1000L + id)
                        .put("snapshot", "false").put("table", "customers").put("lsn", (long) id))
                .put("op", id % 3 == 0 ? "c" : "u")
                .put("ts_ms", 2000L + id);
    }

    private static <K, V> List<ConsumerRecord<K, V>> readAll(String topic, int expected, Deserializer<K> keys,
                                                            Deserializer<V> values) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "converter-" + topic + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static KafkaProducer<byte[], byte[]> bytesProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaAvroDeserializer avroDeserializer(boolean isKey) {
        KafkaAvroDeserializer d = new KafkaAvroDeserializer();
        d.configure(Map.of("schema.registry.url", registryUrl), isKey);
        return d;
    }

    @Test
    void aThousandChangeEventsRegisterOneVersionAndReadAsGenericRecords() throws Exception {
        AvroConverter keys = converter(true, Map.of());
        AvroConverter values = converter(false, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = bytesProducer()) {
            for (int i = 0; i < 1000; i++) {
                producer.send(new ProducerRecord<>("customers", keys.fromConnectData("customers", KEY,
                        new Struct(KEY).put("id", i)), values.fromConnectData("customers", ENVELOPE, change(i))));
            }
            producer.send(new ProducerRecord<>("customers", keys.fromConnectData("customers", KEY,
                    new Struct(KEY).put("id", 5)), values.fromConnectData("customers", ENVELOPE, null)));
            producer.flush();
        }
        RegistryHttp http = new RegistryHttp(registryUrl);
        assertThat(http.get("/subjects/customers-value/versions").json().toString()).isEqualTo("[1]");
        assertThat(http.get("/subjects/customers-key/versions").json().toString()).isEqualTo("[1]");
        // stored as the converter made it: no redundant namespace was there to strip
        assertThat(http.get("/subjects/customers-value/versions/1/schema").text())
                .isEqualTo(values.avroSchema(ENVELOPE).toString());

        List<ConsumerRecord<Object, Object>> records = readAll("customers", 1001, avroDeserializer(true),
                avroDeserializer(false));
        assertThat(records).hasSize(1001);
        int tombstones = 0;
        for (ConsumerRecord<Object, Object> r : records) {
            int i = (Integer) ((GenericRecord) r.key()).get("id");
            if (r.value() == null) {
                tombstones++;
                assertThat(i).isEqualTo(5);
                continue;
            }
            GenericRecord value = (GenericRecord) r.value();
            assertThat(value.getSchema().getFullName()).isEqualTo("dbserver1.inventory.customers.Envelope");
            assertThat(value.get("op").toString()).isEqualTo(i % 3 == 0 ? "c" : "u");
            assertThat(value.get("before") == null).isEqualTo(i % 3 == 0);
            assertThat(value.get("ts_ms")).isEqualTo(2000L + i);
            GenericRecord after = (GenericRecord) value.get("after");
            assertThat(after.get("id")).isEqualTo(i);
            assertThat(after.get("name").toString()).isEqualTo("name-" + i);
            assertThat(after.get("email") == null).isEqualTo(i % 2 == 0);
            assertThat(new BigDecimal(new BigInteger(bytes((ByteBuffer) after.get("balance"))), 2))
                    .isEqualTo(BigDecimal.valueOf(i * 100L + 7, 2));
            assertThat(after.get("born")).isEqualTo(18_000);
            assertThat(after.get("updated")).isEqualTo(1_764_950_000_000L + i);
            assertThat(after.get("flags")).isEqualTo(i % 100);
            assertThat(after.get("small")).isEqualTo(-i);
            assertThat(after.get("tags").toString()).isEqualTo("[t" + i + "]");
            GenericData.Array<?> counts = (GenericData.Array<?>) after.get("counts");
            assertThat(((GenericRecord) counts.get(0)).get("key")).isEqualTo(i);
            assertThat(((GenericRecord) counts.get(0)).get("value")).isEqualTo(i * 10L);
            GenericRecord source = (GenericRecord) value.get("source");
            assertThat(source.getSchema().getFullName()).isEqualTo("io.debezium.connector.postgresql.Source");
            assertThat(source.get("table").toString()).isEqualTo("customers");
        }
        assertThat(tombstones).isEqualTo(1);

        // a sink's converters read the same bytes back into the Connect data
        AvroConverter sinkKeys = converter(true, Map.of());
        AvroConverter sink = converter(false, Map.of());
        List<ConsumerRecord<byte[], byte[]>> raw = readAll("customers", 1001, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        assertThat(raw).hasSize(1001);
        for (ConsumerRecord<byte[], byte[]> r : raw) {
            SchemaAndValue key = sinkKeys.toConnectData("customers", r.key());
            assertThat(key.schema().name()).isEqualTo(KEY.name());
            int i = ((Struct) key.value()).getInt32("id");
            SchemaAndValue read = sink.toConnectData("customers", r.value());
            if (r.value() == null) {
                assertThat(read).isSameAs(SchemaAndValue.NULL);
                continue;
            }
            assertThat(read.schema()).isEqualTo(ENVELOPE);
            assertThat(read.value()).isEqualTo(change(i));
        }

        // another worker (a restart) with the same Connect schema: the same id, no new version
        byte[] again = converter(false, Map.of()).fromConnectData("customers", ENVELOPE, change(1));
        int id = http.get("/subjects/customers-value/versions/1").json().get("id").asInt();
        assertThat(ByteBuffer.wrap(again, 1, 4).getInt()).isEqualTo(id);
        assertThat(http.get("/subjects/customers-value/versions").json().toString()).isEqualTo("[1]");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    @Test
    void readsWhatKafkaAvroSerializerWrote() throws Exception {
        org.apache.avro.Schema order = new org.apache.avro.Schema.Parser().parse("""
                {"type":"record","name":"Order","namespace":"shop","fields":[
                  {"name":"id","type":"long"},
                  {"name":"item","type":"string"},
                  {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["BOOK","PEN"]}},
                  {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
                  {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"note","type":["null","string"],"default":null},
                  {"name":"qty","type":"int","default":1}]}""");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class.getName());
        p.put("schema.registry.url", registryUrl);
        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 10; i++) {
                GenericRecord r = new GenericData.Record(order);
                r.put("id", (long) i);
                r.put("item", "item-" + i);
                r.put("kind", new GenericData.EnumSymbol(order.getField("kind").schema(), i % 2 == 0 ? "BOOK" : "PEN"));
                r.put("price", ByteBuffer.wrap(BigInteger.valueOf(1999 + i).toByteArray()));
                r.put("at", 1_764_950_000_000L + i);
                r.put("note", i == 3 ? "gift" : null);
                r.put("qty", i + 1);
                producer.send(new ProducerRecord<>("orders-from-app", "k" + i, r));
            }
            producer.flush();
        }
        AvroConverter keys = converter(true, Map.of());
        AvroConverter values = converter(false, Map.of());
        List<ConsumerRecord<byte[], byte[]>> raw = readAll("orders-from-app", 10, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        assertThat(raw).hasSize(10);
        for (ConsumerRecord<byte[], byte[]> r : raw) {
            SchemaAndValue key = keys.toConnectData("orders-from-app", r.key());
            assertThat(key.schema().type()).isEqualTo(Schema.Type.STRING);
            int i = Integer.parseInt(((String) key.value()).substring(1));
            SchemaAndValue value = values.toConnectData("orders-from-app", r.value());
            Schema schema = value.schema();
            assertThat(schema.name()).isEqualTo("shop.Order");
            assertThat(schema.version()).isEqualTo(1);   // the registry's version of the writer's schema
            assertThat(schema.field("kind").schema().parameters()).containsEntry("io.confluent.connect.avro.Enum",
                    "shop.Kind");
            assertThat(schema.field("price").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
            assertThat(schema.field("at").schema()).isEqualTo(Timestamp.SCHEMA);
            assertThat(schema.field("note").schema().isOptional()).isTrue();
            assertThat(schema.field("qty").schema().defaultValue()).isEqualTo(1);
            Struct struct = (Struct) value.value();
            assertThat(struct.get("id")).isEqualTo((long) i);
            assertThat(struct.get("item")).isEqualTo("item-" + i);
            assertThat(struct.get("kind")).isEqualTo(i % 2 == 0 ? "BOOK" : "PEN");
            assertThat(struct.get("price")).isEqualTo(BigDecimal.valueOf(1999 + i, 2));
            assertThat(struct.get("at")).isEqualTo(new java.util.Date(1_764_950_000_000L + i));
            assertThat(struct.get("note")).isEqualTo(i == 3 ? "gift" : null);
            assertThat(struct.get("qty")).isEqualTo(i + 1);
        }
        // written back through the converter (a sink-to-source pipeline): the enum stays an enum
        SchemaAndValue first = values.toConnectData("orders-from-app", raw.get(0).value());
        byte[] rewritten = values.fromConnectData("orders-copy", first.schema(), first.value());
        GenericRecord copy = (GenericRecord) avroDeserializer(false).deserialize("orders-copy", rewritten);
        assertThat(copy.getSchema().getField("kind").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.ENUM);
        assertThat(copy.get("kind").toString()).isEqualTo(((Struct) first.value()).get("kind"));
        assertThat(copy.get("item").toString()).isEqualTo(((Struct) first.value()).get("item"));
    }

    @Test
    void schemaChangesAreNewVersionsAndIncompatibleOnesFail() throws Exception {
        Schema v1 = SchemaBuilder.struct().name("shop.Item").field("id", Schema.INT64_SCHEMA).build();
        Schema v2 = SchemaBuilder.struct().name("shop.Item").field("id", Schema.INT64_SCHEMA)
                .field("label", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema broken = SchemaBuilder.struct().name("shop.Item").field("id", Schema.STRING_SCHEMA).build();
        AvroConverter values = converter(false, Map.of());
        values.fromConnectData("items", v1, new Struct(v1).put("id", 1L));
        values.fromConnectData("items", v2, new Struct(v2).put("id", 2L).put("label", "two"));
        values.fromConnectData("items", v1, new Struct(v1).put("id", 3L));
        RegistryHttp http = new RegistryHttp(registryUrl);
        assertThat(http.get("/subjects/items-value/versions").json().toString()).isEqualTo("[1,2]");
        assertThatThrownBy(() -> values.fromConnectData("items", broken, new Struct(broken).put("id", "x")))
                .isInstanceOf(DataException.class).hasMessageContaining("409");

        // auto.register.schemas=false with use.latest.version: v1 records are written with v2's id
        AvroConverter latest = converter(false, Map.of("auto.register.schemas", "false",
                "use.latest.version", "true"));
        byte[] bytes = latest.fromConnectData("items", v1, new Struct(v1).put("id", 4L));
        int v2Id = http.get("/subjects/items-value/versions/2").json().get("id").asInt();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(v2Id);
        Struct read = (Struct) converter(false, Map.of()).toConnectData("items", bytes).value();
        assertThat(read.get("id")).isEqualTo(4L);
        assertThat(read.get("label")).isNull();
    }
}
