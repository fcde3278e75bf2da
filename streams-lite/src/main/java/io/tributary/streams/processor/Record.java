package io.tributary.streams.processor;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record flowing through a topology: key, value, timestamp (milliseconds) and headers. Immutable apart from
 * the headers, which processors share as Kafka's clients do; the {@code with*} methods make copies.
 */
public record Record<K, V>(K key, V value, long timestamp, Headers headers) {

    public Record(K key, V value, long timestamp) {
        this(key, value, timestamp, new RecordHeaders());
    }

    public <NK> Record<NK, V> withKey(NK newKey) {
        return new Record<>(newKey, value, timestamp, headers);
    }

    public <NV> Record<K, NV> withValue(NV newValue) {
        return new Record<>(key, newValue, timestamp, headers);
    }

    public Record<K, V> withTimestamp(long newTimestamp) {
        return new Record<>(key, value, newTimestamp, headers);
    }
}
