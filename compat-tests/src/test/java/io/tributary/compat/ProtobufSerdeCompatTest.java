package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.tributary.registry.serde.KafkaProtobufDeserializer;
import io.tributary.registry.serde.KafkaProtobufSerializer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tributary's Protobuf serializer and deserializer in a kafka-clients producer and consumer, with Confluent's
 * property names, against the registry bundled in a node process: DynamicMessages of a file built in code (a nested
 * message, an enum, a repeated field, a map, an import of {@code google/protobuf/timestamp.proto} and of a file of
 * our own, registered as a reference) and protobuf-java's generated {@code Timestamp}.
 */
class ProtobufSerdeCompatTest {

    @TempDir
    static Path data;
    static TributaryProcess node;
    static String registryUrl;

    static FileDescriptor common;
    static FileDescriptor orders;

    @BeforeAll
    static void start() throws Exception {
        node = TributaryProcess.withRegistry(data).start();
        registryUrl = node.registryUrl();
        common = FileDescriptor.buildFrom(FileDescriptorProto.newBuilder().setName("acme/common.proto")
                .setSyntax("proto3").setPackage("acme")
                .addMessageType(DescriptorProto.newBuilder().setName("Money")
                        .addField(field("currency", 1, Type.TYPE_STRING, null))
                        .addField(field("units", 2, Type.TYPE_INT64, null)))
                .build(), new FileDescriptor[0]);
        orders = FileDescriptor.buildFrom(FileDescriptorProto.newBuilder().setName("shop/order.proto")
                .setSyntax("proto3").setPackage("shop")
                .addDependency("acme/common.proto").addDependency("google/protobuf/timestamp.proto")
                .addMessageType(DescriptorProto.newBuilder().setName("Order")
                        .addField(field("id", 1, Type.TYPE_INT64, null))
                        .addField(field("status", 2, Type.TYPE_ENUM, ".shop.Status"))
                        .addField(field("tags", 3, Type.TYPE_STRING, null).setLabel(Label.LABEL_REPEATED))
                        .addField(field("counts", 4, Type.TYPE_MESSAGE, ".shop.Order.CountsEntry")
                                .setLabel(Label.LABEL_REPEATED))
                        .addField(field("line", 5, Type.TYPE_MESSAGE, ".shop.Order.Line"))
                        .addField(field("placed", 6, Type.TYPE_MESSAGE, ".google.protobuf.Timestamp"))
                        .addField(field("total", 7, Type.TYPE_MESSAGE, ".acme.Money"))
                        .addNestedType(DescriptorProto.newBuilder().setName("Line")
                                .addField(field("sku", 1, Type.TYPE_STRING, null))
                                .addField(field("qty", 2, Type.TYPE_INT32, null)))
                        .addNestedType(DescriptorProto.newBuilder().setName("CountsEntry")
                                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                                .addField(field("key", 1, Type.TYPE_STRING, null))
                                .addField(field("value", 2, Type.TYPE_INT32, null))))
                .addMessageType(DescriptorProto.newBuilder().setName("Note")
                        .addField(field("text", 1, Type.TYPE_STRING, null))
                        .addNestedType(DescriptorProto.newBuilder().setName("Tag")
                                .addField(field("name", 1, Type.TYPE_STRING, null))))
                .addEnumType(EnumDescriptorProto.newBuilder().setName("Status")
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("NEW").setNumber(0))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("PAID").setNumber(1)))
                .build(), new FileDescriptor[] {common, Timestamp.getDescriptor().getFile()});
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, String typeName) {
        FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setType(type).setLabel(Label.LABEL_OPTIONAL);
        return typeName == null ? f : f.setTypeName(typeName);
    }

    static DynamicMessage order(long id) {
        Descriptor type = orders.findMessageTypeByName("Order");
        Descriptor line = type.findNestedTypeByName("Line");
        Descriptor entry = type.findNestedTypeByName("CountsEntry");
        Descriptor money = common.findMessageTypeByName("Money");
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type)
                .setField(type.findFieldByName("id"), id)
                .setField(type.findFieldByName("status"), orders.findEnumTypeByName("Status")
                        .findValueByNumber((int) (id % 2)))
                .addRepeatedField(type.findFieldByName("tags"), "t" + id)
                .addRepeatedField(type.findFieldByName("tags"), "big")
                .setField(type.findFieldByName("line"), DynamicMessage.newBuilder(line)
                        .setField(line.findFieldByName("sku"), "sku-" + id)
                        .setField(line.findFieldByName("qty"), (int) id + 1).build())
                .setField(type.findFieldByName("placed"), Timestamp.newBuilder().setSeconds(1_700_000_000L + id)
                        .setNanos(7).build())
                .setField(type.findFieldByName("total"), DynamicMessage.newBuilder(money)
                        .setField(money.findFieldByName("currency"), "EUR")
                        .setField(money.findFieldByName("units"), 100L * id).build());
        for (String k : new String[] {"a", "b"}) {
            b.addRepeatedField(type.findFieldByName("counts"), DynamicMessage.newBuilder(entry)
                    .setField(entry.findFieldByName("key"), k)
                    .setField(entry.findFieldByName("value"), (int) id * 10 + k.charAt(0)).build());
        }
        return b.build();
    }

    private Properties producerProps(Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaProtobufSerializer.class.getName());
        p.put("schema.registry.url", registryUrl);
        p.putAll(extra);
        return p;
    }

    private <V> List<ConsumerRecord<String, V>> readAll(String topic, int expected, String valueDeserializer,
                                                        Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "proto-" + topic + "-" + valueDeserializer + extra.hashCode());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        p.put("schema.registry.url", registryUrl);
        p.putAll(extra);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void dynamicMessagesRoundTripThroughTheRegistry() throws Exception {
        List<DynamicMessage> sent = new ArrayList<>();
        try (KafkaProducer<String, Message> producer = new KafkaProducer<>(producerProps(Map.of()))) {
            for (int i = 0; i < 20; i++) {
                DynamicMessage m = order(i);
                sent.add(m);
                producer.send(new ProducerRecord<>("proto-orders", "k" + i, m));
            }
            producer.flush();
        }
        RegistryHttp http = new RegistryHttp(registryUrl);
        // The import registered first, under its path; the file with it as a reference; as .proto text.
        JsonNode ref = http.get("/subjects/acme%2Fcommon.proto/versions/1").json();
        assertThat(ref.get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(ref.get("schema").asText()).contains("package acme;").contains("message Money {");
        JsonNode v1 = http.get("/subjects/proto-orders-value/versions/1").json();
        assertThat(v1.get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(v1.get("references").toString())
                .isEqualTo("[{\"name\":\"acme/common.proto\",\"subject\":\"acme/common.proto\",\"version\":1}]");
        String text = v1.get("schema").asText();
        assertThat(text).startsWith("syntax = \"proto3\";\npackage shop;\n")
                .contains("import \"acme/common.proto\";", "import \"google/protobuf/timestamp.proto\";",
                        "message Order {", "message Line {", "enum Status {", "message Tag {",
                        ".google.protobuf.Timestamp placed = 6;", ".acme.Money total = 7;");
        assertThat(http.get("/subjects/proto-orders-value/versions").json().toString()).isEqualTo("[1]");
        int id = v1.get("id").asInt();
        // What the deserializer fetches: with ?format=serialized a registry serving it answers the base64
        // FileDescriptorProto, which must describe the same messages as what was registered; one without it answers
        // the text, which the deserializer links with Wire.
        String served = http.get("/schemas/ids/" + id + "?format=serialized").json().get("schema").asText();
        if (!served.equals(text)) {
            FileDescriptorProto decoded = FileDescriptorProto.parseFrom(java.util.Base64.getDecoder().decode(served));
            assertThat(decoded.getMessageTypeList()).isEqualTo(orders.toProto().getMessageTypeList());
            assertThat(decoded.getEnumTypeList()).isEqualTo(orders.toProto().getEnumTypeList());
        }
        System.out.println("ProtobufSerdeCompatTest: ?format=serialized answered "
                + (served.equals(text) ? "the .proto text" : "a FileDescriptorProto"));

        // Confluent's framing: magic byte, the id, the index [0] as one zero byte, the message.
        List<ConsumerRecord<String, byte[]>> raw = readAll("proto-orders", 20, ByteArrayDeserializer.class.getName(),
                Map.of());
        assertThat(raw).hasSize(20);
        for (ConsumerRecord<String, byte[]> r : raw) {
            byte[] v = r.value();
            assertThat(v[0]).isZero();
            assertThat(ByteBuffer.wrap(v, 1, 4).getInt()).isEqualTo(id);
            assertThat(v[5]).isZero();
            int i = Integer.parseInt(r.key().substring(1));
            assertThat(Arrays.copyOfRange(v, 6, v.length)).isEqualTo(sent.get(i).toByteArray());
        }

        List<ConsumerRecord<String, Message>> read = readAll("proto-orders", 20,
                KafkaProtobufDeserializer.class.getName(), Map.of());
        assertThat(read).hasSize(20);
        for (ConsumerRecord<String, Message> r : read) {
            int i = Integer.parseInt(r.key().substring(1));
            Message m = r.value();
            assertThat(m).isInstanceOf(DynamicMessage.class);
            Descriptor type = m.getDescriptorForType();
            assertThat(type.getFullName()).isEqualTo("shop.Order");
            assertThat(type.findFieldByName("counts").isMapField()).isTrue();
            assertThat(type.findFieldByName("placed").getMessageType().getFullName())
                    .isEqualTo("google.protobuf.Timestamp");
            assertThat(m.toString()).isEqualTo(sent.get(i).toString());
            assertThat(m.toByteArray()).isEqualTo(sent.get(i).toByteArray());
        }
    }

    @Test
    void aNestedMessageUnderRecordNameStrategy() throws Exception {
        Descriptor tag = orders.findMessageTypeByName("Note").findNestedTypeByName("Tag");
        DynamicMessage m = DynamicMessage.newBuilder(tag).setField(tag.findFieldByName("name"), "blue").build();
        try (KafkaProducer<String, Message> producer = new KafkaProducer<>(producerProps(Map.of(
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy")))) {
            producer.send(new ProducerRecord<>("proto-tags", "a", m)).get();
        }
        RegistryHttp http = new RegistryHttp(registryUrl);
        int id = http.get("/subjects/shop.Note.Tag/versions/1").json().get("id").asInt();
        byte[] raw = this.<byte[]>readAll("proto-tags", 1, ByteArrayDeserializer.class.getName(), Map.of()).get(0)
                .value();
        assertThat(ByteBuffer.wrap(raw, 1, 4).getInt()).isEqualTo(id);
        assertThat(Arrays.copyOfRange(raw, 5, 8)).containsExactly(4, 2, 0);   // [1, 0]: Note's first nested
        Message back = this.<Message>readAll("proto-tags", 1, KafkaProtobufDeserializer.class.getName(), Map.of())
                .get(0).value();
        assertThat(back.getDescriptorForType().getFullName()).isEqualTo("shop.Note.Tag");
        assertThat(back.toString()).isEqualTo(m.toString());
    }

    @Test
    void aGeneratedTimestampRoundTripsAsItsClassAndAsADynamicMessage() throws Exception {
        Timestamp ts = Timestamp.newBuilder().setSeconds(1_234_567_890L).setNanos(123).build();
        try (KafkaProducer<String, Message> producer = new KafkaProducer<>(producerProps(Map.of()))) {
            producer.send(new ProducerRecord<>("proto-times", "t", ts)).get();
        }
        RegistryHttp http = new RegistryHttp(registryUrl);
        JsonNode v1 = http.get("/subjects/proto-times-value/versions/1").json();
        assertThat(v1.get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(v1.get("schema").asText()).contains("package google.protobuf;").contains("message Timestamp {");
        List<ConsumerRecord<String, Message>> specific = readAll("proto-times", 1,
                KafkaProtobufDeserializer.class.getName(), Map.of("specific.protobuf.value.type",
                        Timestamp.class.getName()));
        assertThat(specific).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(ts));
        List<ConsumerRecord<String, Message>> dynamic = readAll("proto-times", 1,
                KafkaProtobufDeserializer.class.getName(), Map.of());
        assertThat(dynamic).singleElement().satisfies(r -> {
            assertThat(r.value()).isInstanceOf(DynamicMessage.class);
            assertThat(Timestamp.parseFrom(r.value().toByteString())).isEqualTo(ts);
        });
    }

    @Test
    void withoutAutoRegistrationAnUnknownSchemaFailsTheSend() throws Exception {
        try (KafkaProducer<String, Message> producer = new KafkaProducer<>(producerProps(Map.of(
                "auto.register.schemas", "false")))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("proto-never", "a", order(1))))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("40401");
        }
    }
}
