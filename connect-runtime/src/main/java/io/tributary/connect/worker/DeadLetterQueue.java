package io.tributary.connect.worker;

import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A sink connector's dead letter queue: the consumed record's bytes as they were read, sent to
 * {@code errors.deadletterqueue.topic.name}, with Kafka Connect's {@code __connect.errors.*} headers when
 * {@code errors.deadletterqueue.context.headers.enable}.
 */
public final class DeadLetterQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeadLetterQueue.class.getName());
    private static final String PREFIX = "__connect.errors.";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final boolean contextHeaders;
    private final String connector;

    public DeadLetterQueue(Producer<byte[], byte[]> producer, String topic, boolean contextHeaders, String connector) {
        this.producer = producer;
        this.topic = topic;
        this.contextHeaders = contextHeaders;
        this.connector = connector;
    }

    void send(ConsumerRecord<byte[], byte[]> consumed, ErrorStage stage, Class<?> executing, Throwable error,
              String taskName) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, consumed.key(), consumed.value(),
                new RecordHeaders(consumed.headers().toArray()));
        if (contextHeaders) {
            Headers h = out.headers();
            put(h, "topic", consumed.topic());
            put(h, "partition", String.valueOf(consumed.partition()));
            put(h, "offset", String.valueOf(consumed.offset()));
            put(h, "connector.name", connector);
            put(h, "task.id", taskName.substring(taskName.lastIndexOf('-') + 1));
            put(h, "stage", stage.name());
            put(h, "class.name", executing == null ? "" : executing.getName());
            put(h, "exception.class.name", error.getClass().getName());
            put(h, "exception.message", String.valueOf(error.getMessage()));
            put(h, "exception.stacktrace", ErrorHandler.trace(error));
        }
        producer.send(out, (md, e) -> {
            if (e != null) {
                LOG.log(Level.SEVERE, "Could not send a record to the dead letter queue " + topic, e);
            }
        });
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(PREFIX + key, value.getBytes(StandardCharsets.UTF_8));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
