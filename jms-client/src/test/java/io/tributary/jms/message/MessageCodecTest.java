package io.tributary.jms.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The record format: a message and its record agree both ways, and plain records become Bytes/Text messages. */
class MessageCodecTest {

    private static final Queue REPLIES = () -> "replies";

    private static final DestinationResolver RESOLVER = new DestinationResolver() {
        @Override
        public Destination queue(String name) {
            return (Queue) () -> name;
        }

        @Override
        public Destination topic(String name) {
            return (jakarta.jms.Topic) () -> name;
        }
    };

    private static ConsumerRecord<byte[], byte[]> received(ProducerRecord<byte[], byte[]> r) {
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        return new ConsumerRecord<>(r.topic(), 0, 12, r.timestamp() == null ? 99 : r.timestamp(),
                TimestampType.CREATE_TIME, 0, 0, r.key(), r.value(), headers, java.util.Optional.empty());
    }

    @Test
    void aTextMessageRoundTripsWithHeadersAndTypedProperties() throws Exception {
        TributaryTextMessage m = new TributaryTextMessage();
        m.setText("body");
        m.setJMSMessageID("ID:1");
        m.setJMSTimestamp(1234);
        m.setJMSCorrelationID("c");
        m.setJMSReplyTo(REPLIES);
        m.setJMSType("t");
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSPriority(8);
        m.setJMSExpiration(5000);
        m.setJMSDeliveryTime(2234);
        m.setLongProperty("l", 1L << 33);
        m.setFloatProperty("f", 0.1f);
        m.setStringProperty("JMSXGroupID", "g");
        m.setObjectProperty("nothing", null);
        ProducerRecord<byte[], byte[]> r = MessageCodec.encode(m, "q");
        assertThat(r.key()).isEqualTo("g".getBytes(StandardCharsets.UTF_8));
        assertThat(r.timestamp()).isEqualTo(1234L);
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("body");
        assertThat(new String(r.headers().lastHeader("jms.reply.to").value(), StandardCharsets.UTF_8))
                .isEqualTo("queue://replies");

        TributaryMessage back = MessageCodec.decode(received(r), REPLIES, RESOLVER, TrustedClasses.defaults());
        assertThat(back).isInstanceOf(TributaryTextMessage.class);
        assertThat(((TributaryTextMessage) back).getText()).isEqualTo("body");
        assertThat(back.getJMSMessageID()).isEqualTo("ID:1");
        assertThat(back.getJMSTimestamp()).isEqualTo(1234);
        assertThat(back.getJMSCorrelationID()).isEqualTo("c");
        assertThat(((Queue) back.getJMSReplyTo()).getQueueName()).isEqualTo("replies");
        assertThat(back.getJMSType()).isEqualTo("t");
        assertThat(back.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(back.getJMSPriority()).isEqualTo(8);
        assertThat(back.getJMSExpiration()).isEqualTo(5000);
        assertThat(back.getJMSDeliveryTime()).isEqualTo(2234);
        assertThat(back.getObjectProperty("l")).isEqualTo(1L << 33);
        assertThat(back.getObjectProperty("f")).isEqualTo(0.1f);
        assertThat(back.propertyExists("nothing")).isTrue();
        assertThat(back.getObjectProperty("nothing")).isNull();
    }

    @Test
    void mapAndStreamBodiesRoundTripEveryValueType() throws Exception {
        TributaryMapMessage map = new TributaryMapMessage();
        map.setBoolean("z", true);
        map.setByte("b", (byte) -1);
        map.setShort("s", (short) 300);
        map.setChar("c", 'é');
        map.setInt("i", -5);
        map.setLong("l", Long.MIN_VALUE);
        map.setFloat("f", 6.5f);
        map.setDouble("d", 2.5);
        map.setString("str", "ü");
        map.setBytes("bytes", new byte[] {0, 1});
        map.setObject("null", null);
        TributaryMapMessage mapBack = (TributaryMapMessage) MessageCodec.decode(received(MessageCodec.encode(map,
                "q")), REPLIES, RESOLVER, TrustedClasses.defaults());
        assertThat(mapBack.getBody(java.util.Map.class)).usingRecursiveComparison().isEqualTo(map.getBody(
                java.util.Map.class));

        TributaryStreamMessage stream = new TributaryStreamMessage();
        for (Object o : List.of(true, (byte) 2, (short) 3, 'x', 4, 5L, 6f, 7d, "eight")) {
            stream.writeObject(o);
        }
        TributaryStreamMessage back = (TributaryStreamMessage) MessageCodec.decode(received(MessageCodec.encode(
                stream, "q")), REPLIES, RESOLVER, TrustedClasses.defaults());
        back.markReceived(() -> { });
        for (Object o : List.of(true, (byte) 2, (short) 3, 'x', 4, 5L, 6f, 7d, "eight")) {
            assertThat(back.readObject()).isEqualTo(o);
        }
    }

    @Test
    void aTruncatedMapBodyIsAFormatErrorNotAnAllocation() {
        byte[] lying = {0, 0, 0, 1, 0x7f, 0, 0, 0};   // one entry whose name claims 2 GiB
        assertThatThrownBy(() -> TypedValues.decodeMap(lying)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void aPlainRecordIsABytesMessageOrATextMessageByContentType() throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("source", "kafka".getBytes(StandardCharsets.UTF_8));
        headers.add("has-dash", "x".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> plain = new ConsumerRecord<>("in", 1, 7, 55, TimestampType.CREATE_TIME, 0, 0,
                null, new byte[] {1, 2}, headers, java.util.Optional.empty());
        TributaryMessage m = MessageCodec.decode(plain, REPLIES, RESOLVER, TrustedClasses.defaults());
        assertThat(m).isInstanceOf(TributaryBytesMessage.class);
        assertThat(m.getStringProperty("source")).isEqualTo("kafka");
        assertThat(m.propertyExists("has-dash")).isFalse();
        assertThat(m.getJMSMessageID()).isEqualTo("ID:in-1-7");
        assertThat(m.getJMSTimestamp()).isEqualTo(55);

        RecordHeaders text = new RecordHeaders();
        text.add("Content-Type", "text/plain".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> textRecord = new ConsumerRecord<>("in", 0, 0, 1, TimestampType.CREATE_TIME,
                0, 0, null, "hi".getBytes(StandardCharsets.UTF_8), text, java.util.Optional.empty());
        TributaryMessage t = MessageCodec.decode(textRecord, REPLIES, RESOLVER, TrustedClasses.defaults());
        assertThat(((TributaryTextMessage) t).getText()).isEqualTo("hi");
    }
}
