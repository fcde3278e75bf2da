package io.tributary.registry.serde;

import static io.tributary.registry.serde.ProtobufTestFiles.f;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProtobufSerdeTest {

    private ProtobufStubRegistry registry;

    @BeforeEach
    void start() throws Exception {
        registry = new ProtobufStubRegistry();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private Map<String, Object> config(Object... extra) {
        Map<String, Object> c = new HashMap<>();
        c.put("schema.registry.url", registry.url());
        for (int i = 0; i < extra.length; i += 2) {
            c.put((String) extra[i], extra[i + 1]);
        }
        return c;
    }

    private <T extends Message> KafkaProtobufSerializer<T> serializer(Object... extra) {
        KafkaProtobufSerializer<T> s = new KafkaProtobufSerializer<>();
        s.configure(config(extra), false);
        return s;
    }

    private <T extends Message> KafkaProtobufDeserializer<T> deserializer(Object... extra) {
        KafkaProtobufDeserializer<T> d = new KafkaProtobufDeserializer<>();
        d.configure(config(extra), false);
        return d;
    }

    @Test
    void dynamicMessagesRegisterTheirFileWithItsImportAsAReferenceAndRoundTrip() {
        DynamicMessage order = ProtobufTestFiles.order(7);
        byte[] bytes = serializer().serialize("orders", order);

        // acme/common.proto first, under its import path; then the file with the reference (no timestamp ref)
        assertThat(registry.versions("acme/common.proto")).containsExactly(1);
        assertThat(registry.versions("orders-value")).containsExactly(2);
        ObjectNode stored = registry.schema(2);
        assertThat(stored.get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(stored.get("references").toString())
                .isEqualTo("[{\"name\":\"acme/common.proto\",\"subject\":\"acme/common.proto\",\"version\":1}]");
        FileDescriptorProto registered = ProtobufSchemas.decode(stored.get("schema").asText());
        assertThat(registered).isEqualTo(ProtobufTestFiles.ORDER_FILE.toProto());

        // magic, id 2, index [0] as the single byte 0, then the message
        assertThat(bytes).startsWith(0, 0, 0, 0, 2, 0);
        assertThat(ByteBuffer.wrap(bytes, 6, bytes.length - 6)).isEqualTo(ByteBuffer.wrap(order.toByteArray()));

        Message back = deserializer().deserialize("orders", bytes);
        assertThat(back).isInstanceOf(DynamicMessage.class);
        assertThat(back.getDescriptorForType().getFullName()).isEqualTo("shop.Order");
        assertThat(back.toString()).isEqualTo(order.toString());
        assertThat(back.toByteArray()).isEqualTo(order.toByteArray());
        // fetched as ?format=serialized, the reference too
        assertThat(registry.count("GET /schemas/ids/2?format=serialized")).isEqualTo(1);
        assertThat(registry.count("GET /subjects/acme/common.proto/versions/1?format=serialized")).isEqualTo(1);
    }

    @Test
    void aNestedMessageIsNamedByItsIndexes() {
        DynamicMessage tag = ProtobufTestFiles.tag("blue");
        byte[] bytes = serializer().serialize("tags", tag);
        assertThat(bytes).startsWith(0, 0, 0, 0, 2, 4, 2, 0);
        Message back = deserializer().deserialize("tags", bytes);
        assertThat(back.getDescriptorForType().getFullName()).isEqualTo("shop.Note.Tag");
        assertThat(back.getField(f(back.getDescriptorForType(), "name"))).isEqualTo("blue");
    }

    @Test
    void aWarmSerializerAndDeserializerCallNoMore() {
        KafkaProtobufSerializer<Message> s = serializer();
        KafkaProtobufDeserializer<Message> d = deserializer();
        for (int i = 0; i < 20; i++) {
            d.deserialize("orders", s.serialize("orders", ProtobufTestFiles.order(i)));
        }
        assertThat(registry.requests).hasSize(5);  // 2 registrations, 1 reference lookup, 2 fetches
    }

    @Test
    void generatedClassesRegisterTheirWellKnownFileAndReadBackAsThatClass() {
        Timestamp ts = Timestamp.newBuilder().setSeconds(1_234_567_890L).setNanos(42).build();
        byte[] bytes = serializer().serialize("times", ts);
        ObjectNode stored = registry.schema(1);
        assertThat(stored.get("references").size()).isZero();
        assertThat(ProtobufSchemas.decode(stored.get("schema").asText()).getName())
                .isEqualTo("google/protobuf/timestamp.proto");
        assertThat(bytes).startsWith(0, 0, 0, 0, 1, 0);

        Timestamp specific = this.<Timestamp>deserializer("specific.protobuf.value.type", Timestamp.class.getName())
                .deserialize("times", bytes);
        assertThat(specific).isEqualTo(ts);
        assertThat(registry.count("GET")).isZero();   // a generated class needs no schema

        Message dynamic = deserializer().deserialize("times", bytes);
        assertThat(dynamic).isInstanceOf(DynamicMessage.class);
        assertThat(dynamic.getField(f(dynamic.getDescriptorForType(), "seconds"))).isEqualTo(1_234_567_890L);
        assertThat(dynamic.getDescriptorForType().getFullName()).isEqualTo("google.protobuf.Timestamp");

        // a Struct (importing nothing, three messages and an enum) as the key, with the class given as a Class
        Struct struct = Struct.newBuilder().putFields("a", Value.newBuilder().setNumberValue(1.5).build()).build();
        KafkaProtobufSerializer<Struct> keys = new KafkaProtobufSerializer<>();
        keys.configure(config(), true);
        byte[] key = keys.serialize("times", struct);
        assertThat(registry.versions("times-key")).hasSize(1);
        KafkaProtobufDeserializer<Struct> keyReader = new KafkaProtobufDeserializer<>();
        keyReader.configure(config("specific.protobuf.key.type", Struct.class), true);
        assertThat(keyReader.deserialize("times", key)).isEqualTo(struct);
    }

    @Test
    void aProtoTextAnswerIsLinkedWithWire() {
        // A registry that stores .proto text and ignores ?format=serialized (as Tributary's did before it).
        registry.registerProto("acme/common.proto", ProtobufTestFiles.COMMON_TEXT);
        int id = registry.registerProto("orders-value", ProtobufTestFiles.ORDER_TEXT,
                "acme/common.proto", "acme/common.proto", "1");
        DynamicMessage order = ProtobufTestFiles.order(3);
        byte[] payload = order.toByteArray();
        byte[] bytes = new byte[6 + payload.length];
        bytes[4] = (byte) id;
        System.arraycopy(payload, 0, bytes, 6, payload.length);

        Message back = deserializer().deserialize("orders", bytes);
        assertThat(back.toString()).isEqualTo(order.toString());
        Descriptor type = back.getDescriptorForType();
        assertThat(type.findFieldByName("counts").isMapField()).isTrue();
        assertThat(type.findFieldByName("placed").getMessageType()).isSameAs(Timestamp.getDescriptor());
        assertThat(type.findFieldByName("status").getEnumType().getFullName()).isEqualTo("shop.Status");
    }

    @Test
    void subjectStrategiesLatestVersionAndLookups() {
        serializer("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy")
                .serialize("any", ProtobufTestFiles.order(1));
        assertThat(registry.versions("shop.Order")).hasSize(1);
        serializer("value.subject.name.strategy", "TopicRecordNameStrategy")
                .serialize("t", ProtobufTestFiles.tag("x"));
        assertThat(registry.versions("t-shop.Note.Tag")).hasSize(1);

        // without auto-registration: looked up (the reference's version too)
        byte[] looked = serializer("auto.register.schemas", false, "value.subject.name.strategy",
                "RecordNameStrategy").serialize("other", ProtobufTestFiles.order(2));
        assertThat(looked).startsWith(0, 0, 0, 0, 2, 0);
        assertThatThrownBy(() -> serializer("auto.register.schemas", false).serialize("never",
                ProtobufTestFiles.order(2))).isInstanceOf(SerializationException.class).hasMessageContaining("40401");

        // use.latest.version: the subject's latest id, whatever the message's file
        int latest = registry.registerProto("pinned-value", "syntax = \"proto3\"; message X { int64 id = 1; }");
        byte[] pinned = serializer("auto.register.schemas", false, "use.latest.version", true)
                .serialize("pinned", ProtobufTestFiles.order(3));
        assertThat(pinned).startsWith(0, 0, 0, 0, latest, 0);
    }

    @Test
    void badInputAndConfigurationsAreRefused() {
        KafkaProtobufDeserializer<Message> d = deserializer();
        assertThat(d.deserialize("t", null)).isNull();
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {1, 0, 0, 0, 1, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        registry.register("avro-value", (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("schema", "\"string\""));
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {0, 0, 0, 0, 1, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not Protobuf");
        assertThatThrownBy(() -> deserializer("specific.protobuf.value.type", String.class))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> deserializer("specific.protobuf.value.type", "no.such.Type"))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> serializer("reference.subject.name.strategy", "Qualified"))
                .isInstanceOf(ConfigException.class);
        assertThat(serializer().serialize("t", null)).isNull();
    }
}
