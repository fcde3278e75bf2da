package io.tributary.registry.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** The Connect <-> Avro mapping alone (no registry): schema shapes and round trips of schemas and values. */
class ConnectAvroDataTest {

    private final ConnectAvroData mapping = new ConnectAvroData();

    private static org.apache.avro.Schema parse(String text) {
        return new org.apache.avro.Schema.Parser().parse(text);
    }

    /** Writes and reads back the Avro binary, as the converter's bytes would travel. */
    private static Object throughBinary(org.apache.avro.Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<>(schema, new GenericData()).write(datum, encoder);
        encoder.flush();
        return new GenericDatumReader<>(schema, schema, new GenericData()).read(null,
                DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private SchemaAndValue roundTrip(ConnectAvroData m, Schema schema, Object value) throws IOException {
        org.apache.avro.Schema avro = m.fromConnectSchema(schema);
        // what the registry stores and answers: the canonical text, parsed again
        org.apache.avro.Schema registered = parse(avro.toString());
        Object datum = throughBinary(registered, m.toAvro(schema, avro).apply(value));
        return m.toConnectData(registered, datum);
    }

    @Test
    void aDebeziumEnvelopeMapsToNamedRecordsWithConnectMetadata() {
        org.apache.avro.Schema avro = mapping.fromConnectSchema(DebeziumLike.ENVELOPE);
        assertThat(avro.getFullName()).isEqualTo("dbserver1.inventory.customers.Envelope");
        assertThat(avro.getProp("connect.name")).isEqualTo("dbserver1.inventory.customers.Envelope");
        assertThat(avro.getObjectProp("connect.version")).isEqualTo(1);

        org.apache.avro.Schema before = avro.getField("before").schema();
        assertThat(before.getType()).isEqualTo(org.apache.avro.Schema.Type.UNION);
        assertThat(before.getTypes().get(0).getType()).isEqualTo(org.apache.avro.Schema.Type.NULL);
        assertThat(before.getTypes().get(1).getFullName()).isEqualTo("dbserver1.inventory.customers.Value");
        assertThat(avro.getField("before").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        // the same struct twice: defined once, then named
        assertThat(avro.getField("after").schema().getTypes().get(1)).isSameAs(before.getTypes().get(1));
        assertThat(avro.toString()).contains("\"name\":\"after\",\"type\":[\"null\",\"Value\"],\"default\":null");

        org.apache.avro.Schema source = avro.getField("source").schema();
        assertThat(source.getFullName()).isEqualTo("io.debezium.connector.postgresql.Source");
        assertThat(source.getDoc()).isEqualTo("where the change happened");
        org.apache.avro.Schema.Field snapshot = source.getField("snapshot");
        // as Confluent's converter writes Debezium's source block
        assertThat(snapshot.schema().toString()).isEqualTo("[{\"type\":\"string\",\"connect.version\":1,"
                + "\"connect.parameters\":{\"allowed\":\"true,last,false,incremental\"},\"connect.default\":\"false\","
                + "\"connect.name\":\"io.debezium.data.Enum\"},\"null\"]");
        assertThat(snapshot.defaultVal()).isEqualTo("false");
        assertThat(avro.getField("op").schema().toString()).isEqualTo("\"string\"");
        assertThat(avro.getField("ts_ms").schema().toString()).isEqualTo("[\"null\",\"long\"]");
        assertThat(avro.getField("transaction").schema().getTypes().get(1).getFullName()).isEqualTo("event.block");

        org.apache.avro.Schema row = before.getTypes().get(1);
        assertThat(row.getField("balance").schema().getTypes().get(1).toString()).isEqualTo("{\"type\":\"bytes\","
                + "\"scale\":2,\"precision\":10,\"connect.version\":1,"
                + "\"connect.parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"},"
                + "\"connect.name\":\"org.apache.kafka.connect.data.Decimal\",\"logicalType\":\"decimal\"}");
        assertThat(row.getField("balance").schema().getTypes().get(1).getLogicalType())
                .isEqualTo(org.apache.avro.LogicalTypes.decimal(10, 2));
        assertThat(row.getField("born").schema().getTypes().get(1).toString()).isEqualTo("{\"type\":\"int\","
                + "\"connect.version\":1,\"connect.name\":\"org.apache.kafka.connect.data.Date\",\"logicalType\":\"date\"}");
        assertThat(row.getField("updated").schema().toString()).isEqualTo("{\"type\":\"long\","
                + "\"connect.version\":1,\"connect.name\":\"org.apache.kafka.connect.data.Timestamp\","
                + "\"logicalType\":\"timestamp-millis\"}");
        assertThat(row.getField("flags").schema().toString()).isEqualTo("{\"type\":\"int\",\"connect.type\":\"int8\"}");
        assertThat(row.getField("small").schema().toString())
                .isEqualTo("[\"null\",{\"type\":\"int\",\"connect.type\":\"int16\"}]");
        assertThat(row.getField("first_name").doc()).isEqualTo("given name");
        assertThat(row.getField("active").defaultVal()).isEqualTo(true);
        assertThat(row.getField("status").defaultVal()).isEqualTo("new");
        // an optional field with a non-null default: its type first, then null
        assertThat(row.getField("nick").schema().getTypes().get(1).getType())
                .isEqualTo(org.apache.avro.Schema.Type.NULL);
        assertThat(row.getField("nick").defaultVal()).isEqualTo("none");
        assertThat(row.getField("tags").schema().toString()).isEqualTo("[\"null\",{\"type\":\"array\",\"items\":\"string\"}]");
        assertThat(row.getField("attrs").schema().toString())
                .isEqualTo("{\"type\":\"map\",\"values\":[\"null\",\"string\"]}");
        assertThat(row.getField("counts").schema().toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":"
                + "\"record\",\"name\":\"MapEntry\",\"namespace\":\"io.confluent.connect.avro\",\"fields\":["
                + "{\"name\":\"key\",\"type\":\"int\"},{\"name\":\"value\",\"type\":\"long\"}]}}");
    }

    @Test
    void theTextHasNoRedundantNamespacesSoTheRegistryKeepsItAsItIs() {
        org.apache.avro.Schema avro = mapping.fromConnectSchema(DebeziumLike.ENVELOPE);
        String text = avro.toString();
        assertThat(parse(text).toString()).isEqualTo(text);
        // Value shares the envelope's namespace: written without one; Source has its own
        assertThat(text).contains("{\"type\":\"record\",\"name\":\"Value\",\"fields\"")
                .contains("{\"type\":\"record\",\"name\":\"Source\",\"namespace\":\"io.debezium.connector.postgresql\"");
        // the same Connect schema always gives the same Avro text
        assertThat(new ConnectAvroData().fromConnectSchema(DebeziumLike.ENVELOPE).toString()).isEqualTo(text);
    }

    @Test
    void theEnvelopeSchemaAndValuesComeBackUnchanged() throws IOException {
        org.apache.avro.Schema registered = parse(mapping.fromConnectSchema(DebeziumLike.ENVELOPE).toString());
        assertThat(mapping.toConnect(registered, null).schema()).isEqualTo(DebeziumLike.ENVELOPE);
        for (int i = 0; i < 10; i++) {
            Struct change = DebeziumLike.change(i);
            SchemaAndValue back = roundTrip(mapping, DebeziumLike.ENVELOPE, change);
            assertThat(back.schema()).isEqualTo(DebeziumLike.ENVELOPE);
            Struct expected = DebeziumLike.change(i);
            // Connect gives a null optional field its default on the way out ("none"): it comes back as written
            if (expected.get("before") != null) {
                expected.getStruct("before").put("nick", "none");
            }
            expected.getStruct("after").put("nick", "none");
            assertThat(back.value()).isEqualTo(expected);
        }
    }

    @Test
    void ignoreDefaultForNullablesKeepsNullsNull() throws IOException {
        ConnectAvroData m = new ConnectAvroData(new ConnectAvroData.Options(true, false, false, true));
        Struct change = DebeziumLike.change(3);
        assertThat(roundTrip(m, DebeziumLike.ENVELOPE, change).value()).isEqualTo(change);
    }

    @Test
    void withoutMetadataTheSchemaIsPlainAvroAndTypesStillComeBack() throws IOException {
        ConnectAvroData plain = new ConnectAvroData(new ConnectAvroData.Options(false, false, false, false));
        org.apache.avro.Schema avro = plain.fromConnectSchema(DebeziumLike.ENVELOPE);
        String text = avro.toString();
        assertThat(text).doesNotContain("connect.name").doesNotContain("connect.version")
                .doesNotContain("connect.parameters").doesNotContain("connect.default").doesNotContain("connect.doc");
        Schema back = plain.toConnect(parse(text), null).schema();
        Schema row = back.field("after").schema();
        assertThat(back.name()).isEqualTo("dbserver1.inventory.customers.Envelope");
        assertThat(back.version()).isNull();
        assertThat(row.field("balance").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(row.field("balance").schema().parameters()).containsEntry("scale", "2")
                .containsEntry("connect.decimal.precision", "10");
        assertThat(row.field("updated").schema()).isEqualTo(Timestamp.SCHEMA);
        assertThat(row.field("flags").schema().type()).isEqualTo(Schema.Type.INT8);
        assertThat(row.field("counts").schema().keySchema()).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(row.field("first_name").schema().doc()).isEqualTo("given name");
        assertThat(row.field("status").schema().defaultValue()).isEqualTo("new");
        assertThat(back.field("source").schema().field("snapshot").schema().name()).isNull();

        Struct value = DebeziumLike.change(1);
        Object datum = throughBinary(avro, plain.toAvro(DebeziumLike.ENVELOPE, avro).apply(value));
        Struct read = (Struct) plain.toConnect(avro, null).reader().apply(datum);
        assertThat(read.getStruct("after").get("balance")).isEqualTo(new BigDecimal("1234.51"));
        assertThat(read.getStruct("after").get("counts")).isEqualTo(Map.of(1, 10L, -7, 70L));
        assertThat(read.getStruct("source").get("snapshot")).isEqualTo("false");
    }

    @Test
    void unnamedStructsAreConnectDefaultRecordsAndComeBackUnnamed() throws IOException {
        Schema inner = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).optional().build();
        Schema other = SchemaBuilder.struct().field("y", Schema.STRING_SCHEMA).build();
        Schema outer = SchemaBuilder.struct().field("a", inner).field("b", other)
                .field("m", SchemaBuilder.map(Schema.STRING_SCHEMA, inner).build()).build();
        org.apache.avro.Schema avro = mapping.fromConnectSchema(outer);
        assertThat(avro.toString()).isEqualTo("{\"type\":\"record\",\"name\":\"ConnectDefault\",\"namespace\":"
                + "\"io.confluent.connect.avro\",\"fields\":[{\"name\":\"a\",\"type\":[\"null\",{\"type\":\"record\","
                + "\"name\":\"ConnectDefault2\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}],\"default\":null},"
                + "{\"name\":\"b\",\"type\":{\"type\":\"record\",\"name\":\"ConnectDefault3\",\"fields\":[{\"name\":"
                + "\"y\",\"type\":\"string\"}]}},{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":[\"null\","
                + "{\"type\":\"record\",\"name\":\"ConnectDefault4\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}]}}]}");
        Struct value = new Struct(outer).put("a", new Struct(inner).put("x", 5)).put("b", new Struct(other).put("y", "z"))
                .put("m", Map.of("k", new Struct(inner).put("x", 6)));
        SchemaAndValue back = roundTrip(mapping, outer, value);
        assertThat(back.schema()).isEqualTo(outer);
        assertThat(back.value()).isEqualTo(value);
    }

    @Test
    void primitivesAndOptionalTopLevelSchemas() throws IOException {
        assertThat(mapping.fromConnectSchema(Schema.STRING_SCHEMA).toString()).isEqualTo("\"string\"");
        assertThat(mapping.fromConnectSchema(Schema.OPTIONAL_INT64_SCHEMA).toString()).isEqualTo("[\"null\",\"long\"]");
        // an optional schema with a default: its type first (the default must match the first branch)
        Schema optionalWithDefault = SchemaBuilder.int64().optional().defaultValue(5L).build();
        assertThat(mapping.fromConnectSchema(optionalWithDefault).toString())
                .isEqualTo("[{\"type\":\"long\",\"connect.default\":5},\"null\"]");
        assertThat(roundTrip(mapping, optionalWithDefault, 6L)).isEqualTo(new SchemaAndValue(optionalWithDefault, 6L));
        // the top-level optionality is kept: a union, null first
        Schema optionalStruct = SchemaBuilder.struct().name("a.B").optional().field("x", Schema.INT32_SCHEMA).build();
        assertThat(mapping.fromConnectSchema(optionalStruct).toString()).startsWith("[\"null\",{\"type\":\"record\"");
        assertThat(roundTrip(mapping, optionalStruct, new Struct(optionalStruct).put("x", 1)).schema())
                .isEqualTo(optionalStruct);
        assertThat(roundTrip(mapping, Schema.STRING_SCHEMA, "k1")).isEqualTo(new SchemaAndValue(Schema.STRING_SCHEMA,
                "k1"));
        assertThat(roundTrip(mapping, Schema.OPTIONAL_INT64_SCHEMA, 7L).value()).isEqualTo(7L);
        assertThat(roundTrip(mapping, Schema.BYTES_SCHEMA, new byte[] {9}).value()).isEqualTo(new byte[] {9});
        assertThat(roundTrip(mapping, Schema.BYTES_SCHEMA, ByteBuffer.wrap(new byte[] {9})).value())
                .isEqualTo(new byte[] {9});
        Schema named = SchemaBuilder.string().name("com.example.Code").doc("a code").version(3)
                .parameter("p", "v").build();
        assertThat(mapping.fromConnectSchema(named).toString()).isEqualTo("{\"type\":\"string\",\"connect.doc\":"
                + "\"a code\",\"connect.version\":3,\"connect.parameters\":{\"p\":\"v\"},\"connect.name\":"
                + "\"com.example.Code\"}");
        assertThat(roundTrip(mapping, named, "x")).isEqualTo(new SchemaAndValue(named, "x"));
        Schema ints = SchemaBuilder.array(Schema.OPTIONAL_INT16_SCHEMA).build();
        assertThat(roundTrip(mapping, ints, java.util.Arrays.asList((short) 1, null)).value())
                .isEqualTo(java.util.Arrays.asList((short) 1, null));
    }

    @Test
    void mapsWithNonStringKeysAreArraysOfEntriesNumberedPerShape() throws IOException {
        Schema byInt = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
        Schema byLong = SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema byOptionalString = SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA, Schema.INT32_SCHEMA).build();
        Schema struct = SchemaBuilder.struct().name("m.Maps").field("a", byInt).field("b", byLong)
                .field("c", byInt).field("d", byOptionalString).build();
        org.apache.avro.Schema avro = mapping.fromConnectSchema(struct);
        assertThat(avro.getField("a").schema().getElementType().getFullName())
                .isEqualTo("io.confluent.connect.avro.MapEntry");
        assertThat(avro.getField("b").schema().getElementType().getFullName())
                .isEqualTo("io.confluent.connect.avro.MapEntry2");
        assertThat(avro.getField("c").schema().getElementType().getFullName())
                .isEqualTo("io.confluent.connect.avro.MapEntry");
        assertThat(avro.getField("d").schema().getElementType().getFullName())
                .isEqualTo("io.confluent.connect.avro.MapEntry3");
        Map<String, Integer> withNullKey = new java.util.HashMap<>();
        withNullKey.put(null, 1);
        withNullKey.put("k", 2);
        Struct value = new Struct(struct).put("a", Map.of(1, "one")).put("b", Map.of(2L, "two"))
                .put("c", Map.of()).put("d", withNullKey);
        SchemaAndValue back = roundTrip(mapping, struct, value);
        assertThat(back.schema()).isEqualTo(struct);
        assertThat(back.value()).isEqualTo(value);
    }

    @Test
    void anAvroSchemaFromElsewhereMapsToConnectAndBack() throws IOException {
        org.apache.avro.Schema avro = parse("""
                {"type":"record","name":"Order","namespace":"shop","doc":"an order","fields":[
                  {"name":"id","type":"long"},
                  {"name":"qty","type":"int","default":1},
                  {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]},"default":"B"},
                  {"name":"hash","type":{"type":"fixed","name":"Hash","size":4}},
                  {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":8,"scale":3}},
                  {"name":"day","type":{"type":"int","logicalType":"date"}},
                  {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"micros","type":{"type":"long","logicalType":"timestamp-micros"}},
                  {"name":"either","type":["null","string","int",
                     {"type":"record","name":"Point","fields":[{"name":"x","type":"double"}]}]},
                  {"name":"labels","type":{"type":"map","values":"string"},"doc":"free labels"},
                  {"name":"note","type":["string","null"],"default":"n/a"}
                ]}""");
        Schema connect = mapping.toConnect(avro, 4).schema();
        assertThat(connect.name()).isEqualTo("shop.Order");
        assertThat(connect.doc()).isEqualTo("an order");
        assertThat(connect.version()).isEqualTo(4);   // the registry's version, with no connect.version
        assertThat(connect.field("qty").schema().defaultValue()).isEqualTo(1);
        Schema kind = connect.field("kind").schema();
        assertThat(kind.type()).isEqualTo(Schema.Type.STRING);
        assertThat(kind.name()).isNull();
        assertThat(kind.parameters()).containsEntry("io.confluent.connect.avro.Enum", "shop.Kind")
                .containsEntry("io.confluent.connect.avro.Enum.B", "B");
        assertThat(kind.defaultValue()).isEqualTo("B");
        assertThat(connect.field("hash").schema().parameters()).containsEntry("connect.fixed.size", "4");
        assertThat(connect.field("price").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(connect.field("price").schema().parameters()).containsEntry("connect.decimal.precision", "8");
        assertThat(connect.field("day").schema().name()).isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
        assertThat(connect.field("at").schema()).isEqualTo(Timestamp.SCHEMA);
        assertThat(connect.field("micros").schema()).isEqualTo(Schema.INT64_SCHEMA);
        Schema either = connect.field("either").schema();
        assertThat(either.name()).isEqualTo("io.confluent.connect.avro.Union");
        assertThat(either.isOptional()).isTrue();
        assertThat(either.fields()).extracting(org.apache.kafka.connect.data.Field::name)
                .containsExactly("string", "int", "Point");
        assertThat(connect.field("labels").schema().doc()).isEqualTo("free labels");
        assertThat(connect.field("note").schema().isOptional()).isTrue();
        assertThat(connect.field("note").schema().defaultValue()).isEqualTo("n/a");

        GenericRecord record = new GenericData.Record(avro);
        record.put("id", 7L);
        record.put("qty", 2);
        record.put("kind", new GenericData.EnumSymbol(avro.getField("kind").schema(), "C"));
        record.put("hash", new GenericData.Fixed(avro.getField("hash").schema(), new byte[] {1, 2, 3, 4}));
        record.put("price", ByteBuffer.wrap(new BigDecimal("-12.345").unscaledValue().toByteArray()));
        record.put("day", 3);
        record.put("at", 1000L);
        record.put("micros", 5L);
        GenericRecord point = new GenericData.Record(avro.getField("either").schema().getTypes().get(3));
        point.put("x", 1.5);
        record.put("either", point);
        record.put("labels", Map.of("a", "b"));
        record.put("note", null);
        Struct value = (Struct) mapping.toConnect(avro, 4).reader().apply(throughBinary(avro, record));
        assertThat(value.schema()).isEqualTo(connect);
        assertThat(value.get("kind")).isEqualTo("C");
        assertThat(value.get("hash")).isEqualTo(new byte[] {1, 2, 3, 4});
        assertThat(value.get("price")).isEqualTo(new BigDecimal("-12.345"));
        assertThat(value.get("day")).isEqualTo(new java.util.Date(3 * 86_400_000L));
        assertThat(value.getStruct("either").getStruct("Point").get("x")).isEqualTo(1.5);
        assertThat(value.getStruct("either").get("string")).isNull();

        // and back to Avro: the enum, fixed and union come back as such, and the data reads the same
        org.apache.avro.Schema again = mapping.fromConnectSchema(connect);
        assertThat(again.getField("kind").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.ENUM);
        assertThat(again.getField("kind").schema().getFullName()).isEqualTo("shop.Kind");
        assertThat(again.getField("hash").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.FIXED);
        assertThat(again.getField("either").schema().getTypes()).extracting(org.apache.avro.Schema::getName)
                .containsExactly("null", "string", "int", "Point");
        Object datum = throughBinary(again, mapping.toAvro(connect, again).apply(value));
        // (Connect gives the null optional "note" its default "n/a" on the way out)
        assertThat(mapping.toConnect(again, 4).reader().apply(datum)).isEqualTo(value.put("note", "n/a"));
    }

    @Test
    void enhancedSchemaSupportNamesEnumsAfterTheAvroType() {
        org.apache.avro.Schema avro = parse("{\"type\":\"enum\",\"name\":\"Color\",\"namespace\":\"paint\","
                + "\"symbols\":[\"RED\",\"GREEN\"]}");
        ConnectAvroData enhanced = new ConnectAvroData(new ConnectAvroData.Options(true, true, false, false));
        Schema connect = enhanced.toConnect(avro, null).schema();
        assertThat(connect.name()).isEqualTo("paint.Color");
        assertThat(enhanced.fromConnectSchema(connect).getFullName()).isEqualTo("paint.Color");
        assertThat(mapping.toConnect(avro, null).schema().name()).isNull();
    }

    @Test
    void invalidNamesFailUnlessScrubbed() throws IOException {
        Schema schema = SchemaBuilder.struct().name("my-db.my-table.Value").field("first-name", Schema.STRING_SCHEMA)
                .field("1st", Schema.INT32_SCHEMA).build();
        assertThatThrownBy(() -> mapping.fromConnectSchema(schema)).isInstanceOf(DataException.class)
                .hasMessageContaining("scrub.invalid.names");
        ConnectAvroData scrubbing = new ConnectAvroData(new ConnectAvroData.Options(true, false, true, false));
        org.apache.avro.Schema avro = scrubbing.fromConnectSchema(schema);
        assertThat(avro.getFullName()).isEqualTo("my_db.my_table.Value");
        assertThat(avro.getFields()).extracting(org.apache.avro.Schema.Field::name).containsExactly("first_name", "_1st");
        Struct value = new Struct(schema).put("first-name", "a").put("1st", 1);
        SchemaAndValue back = roundTrip(scrubbing, schema, value);
        assertThat(back.schema().name()).isEqualTo("my-db.my-table.Value");   // from connect.name
        assertThat(((Struct) back.value()).get("first_name")).isEqualTo("a");
    }

    @Test
    void twoDifferentStructsWithOneNameAreRefused() {
        Schema a = SchemaBuilder.struct().name("x.Same").field("a", Schema.INT32_SCHEMA).optional().build();
        Schema b = SchemaBuilder.struct().name("x.Same").field("b", Schema.INT32_SCHEMA).build();
        Schema both = SchemaBuilder.struct().name("x.Both").field("a", a).field("b", b).build();
        assertThatThrownBy(() -> mapping.fromConnectSchema(both)).isInstanceOf(DataException.class)
                .hasMessageContaining("x.Same");
    }

    @Test
    void aRecursiveAvroSchemaIsRefused() {
        org.apache.avro.Schema list = parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\","
                + "\"type\":[\"null\",\"Node\"]}]}");
        assertThatThrownBy(() -> mapping.toConnect(list, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("recursive");
    }

    @Test
    void schemalessDataIsRefused() {
        assertThatThrownBy(() -> mapping.fromConnectSchema(null)).isInstanceOf(DataException.class)
                .hasMessageContaining("schemaless");
    }

    @Test
    void writingWithAnotherSchemaMatchesFieldsByNameAndFillsDefaults() throws IOException {
        Schema connect = SchemaBuilder.struct().name("shop.Order").field("id", Schema.INT32_SCHEMA)
                .field("item", Schema.STRING_SCHEMA).build();
        org.apache.avro.Schema latest = parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
                + "\"fields\":[{\"name\":\"item\",\"type\":\"string\"},{\"name\":\"id\",\"type\":\"long\"},"
                + "{\"name\":\"qty\",\"type\":\"int\",\"default\":1}]}");
        Object datum = throughBinary(latest, mapping.toAvro(connect, latest).apply(new Struct(connect).put("id", 5)
                .put("item", "pen")));
        assertThat(datum.toString()).isEqualTo("{\"item\": \"pen\", \"id\": 5, \"qty\": 1}");
    }
}
