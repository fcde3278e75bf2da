package io.tributary.streams.internal;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * Where a task's output goes: the producer of its stream thread, or the test driver's in-memory topics.
 * A null partition leaves the choice to the default partitioner (murmur2 of the key bytes, as Kafka's).
 */
public interface RecordSink {

    void send(String topic, Integer partition, byte[] key, byte[] value, long timestamp, Headers headers);

    /** Writes one store change to its changelog partition, remembering the offset it gets for checkpoints. */
    void sendChangelog(TopicPartition changelog, byte[] key, byte[] value, long timestamp);
}
