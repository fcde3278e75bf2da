package io.tributary.streams.internal;

import io.tributary.streams.StreamsException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A stream thread's output through its producer. Sends are asynchronous; the first failure is kept and thrown
 * at the thread's next check (before a commit can acknowledge input the failed output depended on). Changelog
 * offsets acknowledged by the broker are remembered for checkpoints.
 */
final class KafkaRecordSink implements RecordSink {

    private final Producer<byte[], byte[]> producer;
    /** Runs before each send: under exactly-once it begins the transaction if none is open. */
    private final Runnable beforeSend;
    private final Map<TopicPartition, Long> changelogAcked = new ConcurrentHashMap<>();
    private volatile Exception failure;

    KafkaRecordSink(Producer<byte[], byte[]> producer, Runnable beforeSend) {
        this.producer = producer;
        this.beforeSend = beforeSend;
    }

    @Override
    public void send(String topic, Integer partition, byte[] key, byte[] value, long timestamp, Headers headers) {
        beforeSend.run();
        // The producer makes headers read-only once sent; processors may still add to the record's own.
        Headers copy = headers.toArray().length == 0 ? null : new RecordHeaders(headers.toArray());
        producer.send(new ProducerRecord<>(topic, partition, timestamp < 0 ? null : timestamp, key, value, copy),
                (metadata, e) -> {
                    if (e != null && failure == null) {
                        failure = new StreamsException("writing to " + topic + " failed: " + e, e);
                    }
                });
    }

    @Override
    public void sendChangelog(TopicPartition changelog, byte[] key, byte[] value, long timestamp) {
        beforeSend.run();
        producer.send(new ProducerRecord<>(changelog.topic(), changelog.partition(),
                timestamp < 0 ? null : timestamp, key, value), (metadata, e) -> {
                    if (e != null) {
                        if (failure == null) {
                            failure = new StreamsException("writing to changelog " + changelog + " failed: " + e,
                                    e);
                        }
                    } else {
                        changelogAcked.merge(changelog, metadata.offset(), Math::max);
                    }
                });
    }

    /** Throws the first send failure, if any. */
    void check() {
        Exception e = failure;
        if (e != null) {
            throw e instanceof StreamsException s ? s : new StreamsException(e.toString(), e);
        }
    }

    /** The last offset the broker acknowledged in a changelog partition, or null. */
    Long ackedOffset(TopicPartition changelog) {
        return changelogAcked.get(changelog);
    }

    void forget(TopicPartition changelog) {
        changelogAcked.remove(changelog);
    }
}
