package io.tributary.compat.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Every JMS message type through a Tributary process and back, and the record format seen from plain Kafka clients
 * both ways.
 */
class TributaryJmsMessagesTest extends TributaryJmsNodeTest {

    @Test
    void everyMessageTypeArrivesWithItsBodyHeadersAndProperties() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("types");
            MessageProducer p = s.createProducer(q);
            TextMessage text = s.createTextMessage("héllo");
            text.setIntProperty("count", 42);
            text.setBooleanProperty("flag", true);
            text.setDoubleProperty("ratio", 0.25);
            text.setStringProperty("name", "x");
            text.setJMSCorrelationID("corr-1");
            text.setJMSType("greeting");
            text.setJMSReplyTo(s.createTopic("replies"));
            p.setPriority(7);
            p.send(text);
            p.setPriority(4);
            BytesMessage bytes = s.createBytesMessage();
            bytes.writeInt(7);
            bytes.writeUTF("utf");
            p.send(bytes);
            MapMessage map = s.createMapMessage();
            map.setLong("long", 1L << 40);
            map.setString("s", "v");
            map.setBytes("b", new byte[] {9, 8});
            map.setChar("c", 'z');
            p.send(map);
            StreamMessage stream = s.createStreamMessage();
            stream.writeShort((short) 3);
            stream.writeString("str");
            stream.writeBytes(new byte[] {1});
            p.send(stream);
            p.send(s.createObjectMessage(new ArrayList<>(List.of("a", "b"))));
            p.send(s.createMessage());
            c.start();
            MessageConsumer consumer = s.createConsumer(q);

            TextMessage t = (TextMessage) consumer.receive(30_000);
            assertThat(t.getText()).isEqualTo("héllo");
            assertThat(t.getObjectProperty("count")).isEqualTo(42);
            assertThat(t.getObjectProperty("flag")).isEqualTo(true);
            assertThat(t.getObjectProperty("ratio")).isEqualTo(0.25);
            assertThat(t.getStringProperty("name")).isEqualTo("x");
            assertThat(t.getJMSCorrelationID()).isEqualTo("corr-1");
            assertThat(t.getJMSType()).isEqualTo("greeting");
            assertThat(t.getJMSReplyTo()).isEqualTo(s.createTopic("replies"));
            assertThat(t.getJMSPriority()).isEqualTo(7);
            assertThat(t.getJMSMessageID()).isEqualTo(text.getJMSMessageID()).startsWith("ID:");
            assertThat(t.getJMSTimestamp()).isEqualTo(text.getJMSTimestamp());

            BytesMessage b = (BytesMessage) consumer.receive(30_000);
            assertThat(b.readInt()).isEqualTo(7);
            assertThat(b.readUTF()).isEqualTo("utf");

            MapMessage m = (MapMessage) consumer.receive(30_000);
            assertThat(m.getLong("long")).isEqualTo(1L << 40);
            assertThat(m.getString("s")).isEqualTo("v");
            assertThat(m.getBytes("b")).containsExactly(9, 8);
            assertThat(m.getChar("c")).isEqualTo('z');

            StreamMessage st = (StreamMessage) consumer.receive(30_000);
            assertThat(st.readShort()).isEqualTo((short) 3);
            assertThat(st.readString()).isEqualTo("str");
            assertThat(st.readObject()).isEqualTo(new byte[] {1});

            ObjectMessage o = (ObjectMessage) consumer.receive(30_000);
            assertThat(o.getObject()).isEqualTo(List.of("a", "b"));

            Message plain = consumer.receive(30_000);
            assertThat(plain).isNotInstanceOfAny(TextMessage.class, BytesMessage.class, MapMessage.class,
                    StreamMessage.class, ObjectMessage.class);
        }
    }

    @Test
    void aPlainKafkaConsumerReadsATextMessagesValueAndHeaders() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage text = s.createTextMessage("for kafka");
            text.setStringProperty("origin", "jms");
            text.setIntProperty("n", 5);
            s.createProducer(s.createQueue("interop-out")).send(text);
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition("interop-out", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            ConsumerRecord<byte[], byte[]> r = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (r == null && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> got : consumer.poll(Duration.ofMillis(200))) {
                    r = got;
                }
            }
            assertThat(r).isNotNull();
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("for kafka");
            assertThat(header(r, "jms.body")).isEqualTo("text");
            assertThat(header(r, "origin")).isEqualTo("jms");
            assertThat(header(r, "n")).isEqualTo("5");
            assertThat(header(r, "jms.property.types")).isEqualTo("n=I");
            assertThat(header(r, "jms.message.id")).startsWith("ID:");
            assertThat(header(r, "jms.delivery.mode")).isEqualTo("PERSISTENT");
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aPlainKafkaProducersRecordsArriveAsBytesOrTextMessages() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            ProducerRecord<byte[], byte[]> bytes = new ProducerRecord<>("interop-in", new byte[] {1, 2, 3});
            bytes.headers().add("source", "kafka".getBytes(StandardCharsets.UTF_8));
            bytes.headers().add("not-an-identifier", "x".getBytes(StandardCharsets.UTF_8));
            producer.send(bytes).get();
            ProducerRecord<byte[], byte[]> text = new ProducerRecord<>("interop-in", "plain text".getBytes(
                    StandardCharsets.UTF_8));
            text.headers().add("content-type", "text/plain; charset=utf-8".getBytes(StandardCharsets.UTF_8));
            producer.send(text).get();
        }
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue("interop-in"));
            BytesMessage b = (BytesMessage) consumer.receive(30_000);
            assertThat(b.getBodyLength()).isEqualTo(3);
            assertThat(b.getStringProperty("source")).isEqualTo("kafka");
            assertThat(b.propertyExists("not-an-identifier")).isFalse();
            TextMessage t = (TextMessage) consumer.receive(30_000);
            assertThat(t.getText()).isEqualTo("plain text");
        }
    }
}
