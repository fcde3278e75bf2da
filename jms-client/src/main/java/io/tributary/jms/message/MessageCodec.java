package io.tributary.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A JMS message as a Kafka record, and back. Every header value is UTF-8 text unless said otherwise, so that a plain
 * Kafka consumer can read all of it.
 *
 * <pre>
 * key        JMSXGroupID's UTF-8 bytes when that property is set, else null
 * value      the body: TextMessage  UTF-8 of the text (null text: null value)
 *                      BytesMessage the bytes as written
 *                      MapMessage / StreamMessage  the encoding of {@link TypedValues}
 *                      ObjectMessage  Java serialization bytes (null object: null value)
 *                      Message        empty
 * timestamp  JMSTimestamp (when timestamps are disabled: the producer's clock, and header jms.timestamp = "0")
 * headers    jms.body            text | bytes | map | stream | object | message   (always present)
 *            jms.message.id      JMSMessageID, "ID:" + a UUID (absent when message ids are disabled)
 *            jms.correlation.id  JMSCorrelationID
 *            jms.correlation.id.bytes  JMSCorrelationIDAsBytes, raw bytes, when set that way
 *            jms.reply.to        "queue://" + name or "topic://" + name
 *            jms.type            JMSType
 *            jms.delivery.mode   PERSISTENT | NON_PERSISTENT
 *            jms.priority        0..9, decimal
 *            jms.expiration      JMSExpiration, epoch millis, decimal (absent: never expires)
 *            jms.delivery.time   JMSDeliveryTime, epoch millis, decimal (absent: the timestamp)
 *            jms.timestamp       "0" when timestamps are disabled
 *            &lt;property name&gt;     one per property: its value as text (String.valueOf; a null value is a null
 *                                header value)
 *            jms.property.types  the types of the non-String properties: "name=T" entries joined by ',', T one of
 *                                Z boolean, B byte, S short, I int, J long, F float, D double
 * </pre>
 *
 * Property names are Java identifiers, so they never contain '.' and never collide with the {@code jms.} headers.
 *
 * <p>A record without a {@code jms.body} header (from a plain Kafka producer) decodes to a BytesMessage of its value,
 * or to a TextMessage of its UTF-8 value when it carries a {@code content-type} header beginning with {@code text/};
 * each of its headers whose name is a Java identifier becomes a String property (its value as UTF-8); JMSMessageID is
 * {@code ID:<topic>-<partition>-<offset>}, JMSTimestamp the record's timestamp, JMSDeliveryMode PERSISTENT.
 */
public final class MessageCodec {

    public static final String BODY = "jms.body";
    public static final String MESSAGE_ID = "jms.message.id";
    public static final String CORRELATION_ID = "jms.correlation.id";
    public static final String CORRELATION_ID_BYTES = "jms.correlation.id.bytes";
    public static final String REPLY_TO = "jms.reply.to";
    public static final String TYPE = "jms.type";
    public static final String DELIVERY_MODE = "jms.delivery.mode";
    public static final String PRIORITY = "jms.priority";
    public static final String EXPIRATION = "jms.expiration";
    public static final String DELIVERY_TIME = "jms.delivery.time";
    public static final String TIMESTAMP = "jms.timestamp";
    public static final String PROPERTY_TYPES = "jms.property.types";
    public static final String CONTENT_TYPE = "content-type";
    public static final String GROUP_ID_PROPERTY = "JMSXGroupID";

    private MessageCodec() {
    }

    /** The record a message becomes when sent to {@code topic}. */
    public static ProducerRecord<byte[], byte[]> encode(TributaryMessage m, String topic) throws JMSException {
        List<Header> headers = new ArrayList<>();
        add(headers, BODY, m.bodyType().headerValue());
        add(headers, MESSAGE_ID, m.getJMSMessageID());
        add(headers, CORRELATION_ID, m.getJMSCorrelationID());
        if (m.correlationIdBytes() != null) {
            headers.add(new RecordHeader(CORRELATION_ID_BYTES, m.correlationIdBytes()));
        }
        if (m.getJMSReplyTo() != null) {
            add(headers, REPLY_TO, replyTo(m.getJMSReplyTo()));
        }
        add(headers, TYPE, m.getJMSType());
        add(headers, DELIVERY_MODE, m.getJMSDeliveryMode() == DeliveryMode.NON_PERSISTENT ? "NON_PERSISTENT"
                : "PERSISTENT");
        add(headers, PRIORITY, Integer.toString(m.getJMSPriority()));
        if (m.getJMSExpiration() != 0) {
            add(headers, EXPIRATION, Long.toString(m.getJMSExpiration()));
        }
        if (m.getJMSDeliveryTime() != 0 && m.getJMSDeliveryTime() != m.getJMSTimestamp()) {
            add(headers, DELIVERY_TIME, Long.toString(m.getJMSDeliveryTime()));
        }
        if (m.getJMSTimestamp() == 0) {
            add(headers, TIMESTAMP, "0");
        }
        StringBuilder types = new StringBuilder();
        for (Map.Entry<String, Object> p : m.properties().entrySet()) {
            Object v = p.getValue();
            headers.add(new RecordHeader(p.getKey(), v == null ? null : v.toString().getBytes(
                    StandardCharsets.UTF_8)));
            char code = typeCode(v);
            if (code != 0) {
                types.append(types.length() == 0 ? "" : ",").append(p.getKey()).append('=').append(code);
            }
        }
        if (types.length() > 0) {
            add(headers, PROPERTY_TYPES, types.toString());
        }
        Object group = m.properties().get(GROUP_ID_PROPERTY);
        byte[] key = group == null ? null : group.toString().getBytes(StandardCharsets.UTF_8);
        Long timestamp = m.getJMSTimestamp() == 0 ? null : m.getJMSTimestamp();
        return new ProducerRecord<>(topic, null, timestamp, key, m.encodeBody(), headers);
    }

    /**
     * The message a record carries, as received from {@code destination}: read-only, acknowledged through
     * {@code acknowledger}, ObjectMessage bodies limited to {@code trusted} classes.
     */
    public static TributaryMessage decode(ConsumerRecord<byte[], byte[]> r, Destination destination,
            DestinationResolver destinations, TrustedClasses trusted) throws JMSException {
        Map<String, byte[]> jms = new HashMap<>();
        List<Header> others = new ArrayList<>();
        for (Header h : r.headers()) {
            if (h.key().startsWith("jms.")) {
                jms.put(h.key(), h.value());
            } else {
                others.add(h);
            }
        }
        String body = text(jms.get(BODY));
        TributaryMessage m = body == null ? plainMessage(others) : newMessage(body);
        m.decodeBody(r.value());
        if (m instanceof TributaryObjectMessage o) {
            o.trust(trusted);
        }
        m.setJMSDestination(destination);
        m.setJMSTimestamp("0".equals(text(jms.get(TIMESTAMP))) ? 0 : Math.max(r.timestamp(), 0));
        if (body == null) {
            m.setJMSMessageID("ID:" + r.topic() + "-" + r.partition() + "-" + r.offset());
            for (Header h : others) {
                if (MessageProperties.isIdentifier(h.key())) {
                    m.setProviderProperty(h.key(), text(h.value()));
                }
            }
            return m;
        }
        m.setJMSMessageID(text(jms.get(MESSAGE_ID)));
        if (jms.containsKey(CORRELATION_ID_BYTES)) {
            m.setJMSCorrelationIDAsBytes(jms.get(CORRELATION_ID_BYTES));
        } else {
            m.setJMSCorrelationID(text(jms.get(CORRELATION_ID)));
        }
        String replyTo = text(jms.get(REPLY_TO));
        if (replyTo != null) {
            m.setJMSReplyTo(replyTo.startsWith("topic://") ? destinations.topic(replyTo.substring(8))
                    : destinations.queue(replyTo.substring(replyTo.indexOf("://") + 3)));
        }
        m.setJMSType(text(jms.get(TYPE)));
        m.setJMSDeliveryMode("NON_PERSISTENT".equals(text(jms.get(DELIVERY_MODE))) ? DeliveryMode.NON_PERSISTENT
                : DeliveryMode.PERSISTENT);
        m.setJMSPriority(number(jms.get(PRIORITY), jakarta.jms.Message.DEFAULT_PRIORITY));
        m.setJMSExpiration(number(jms.get(EXPIRATION), 0L));
        m.setJMSDeliveryTime(number(jms.get(DELIVERY_TIME), m.getJMSTimestamp()));
        Map<String, Character> types = propertyTypes(text(jms.get(PROPERTY_TYPES)));
        for (Header h : others) {
            if (MessageProperties.isIdentifier(h.key())) {
                m.setProviderProperty(h.key(), typed(text(h.value()), types.get(h.key())));
            }
        }
        return m;
    }

    /** The body type's message; unknown names (a newer writer's) are read as bytes. */
    private static TributaryMessage newMessage(String body) {
        BodyType type = BodyType.fromHeader(body);
        return switch (type == null ? BodyType.BYTES : type) {
            case MESSAGE -> new TributaryMessage();
            case TEXT -> new TributaryTextMessage();
            case BYTES -> new TributaryBytesMessage();
            case MAP -> new TributaryMapMessage();
            case STREAM -> new TributaryStreamMessage();
            case OBJECT -> new TributaryObjectMessage();
        };
    }

    private static TributaryMessage plainMessage(List<Header> headers) {
        for (Header h : headers) {
            String v = text(h.value());
            if (h.key().equalsIgnoreCase(CONTENT_TYPE) && v != null
                    && v.toLowerCase(Locale.ROOT).startsWith("text/")) {
                return new TributaryTextMessage();
            }
        }
        return new TributaryBytesMessage();
    }

    private static String replyTo(Destination d) throws JMSException {
        if (d instanceof Queue q) {
            return "queue://" + q.getQueueName();
        }
        if (d instanceof Topic t) {
            return "topic://" + t.getTopicName();
        }
        throw new jakarta.jms.InvalidDestinationException("not a Queue or Topic: " + d);
    }

    private static char typeCode(Object v) {
        if (v instanceof Boolean) {
            return 'Z';
        } else if (v instanceof Byte) {
            return 'B';
        } else if (v instanceof Short) {
            return 'S';
        } else if (v instanceof Integer) {
            return 'I';
        } else if (v instanceof Long) {
            return 'J';
        } else if (v instanceof Float) {
            return 'F';
        } else if (v instanceof Double) {
            return 'D';
        }
        return 0;
    }

    private static Map<String, Character> propertyTypes(String header) throws MessageFormatException {
        Map<String, Character> types = new HashMap<>();
        if (header == null || header.isEmpty()) {
            return types;
        }
        for (String entry : header.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq != entry.length() - 2) {
                throw new MessageFormatException("malformed " + PROPERTY_TYPES + " entry '" + entry + "'");
            }
            types.put(entry.substring(0, eq), entry.charAt(eq + 1));
        }
        return types;
    }

    private static Object typed(String text, Character type) throws MessageFormatException {
        if (text == null || type == null) {
            return text;
        }
        try {
            return switch (type) {
                case 'Z' -> Boolean.valueOf(text);
                case 'B' -> Byte.valueOf(text);
                case 'S' -> Short.valueOf(text);
                case 'I' -> Integer.valueOf(text);
                case 'J' -> Long.valueOf(text);
                case 'F' -> Float.valueOf(text);
                case 'D' -> Double.valueOf(text);
                default -> throw new MessageFormatException("unknown property type '" + type + "'");
            };
        } catch (NumberFormatException e) {
            throw new MessageFormatException("property value '" + text + "' is not a " + type);
        }
    }

    private static long number(byte[] header, long absent) {
        String t = text(header);
        return t == null ? absent : Long.parseLong(t);
    }

    private static int number(byte[] header, int absent) {
        String t = text(header);
        return t == null ? absent : Integer.parseInt(t);
    }

    private static void add(List<Header> headers, String name, String value) {
        if (value != null) {
            headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
