package io.tributary.streams.test;

import io.tributary.streams.KeyValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/** Pipes records into a driver's topology; records without a timestamp get the topic's current time. */
public final class TestInputTopic<K, V> {

    private final TopologyTestDriver driver;
    private final String topic;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private long currentTimeMs;

    TestInputTopic(TopologyTestDriver driver, String topic, Serializer<K> keySerializer,
            Serializer<V> valueSerializer, long startMs) {
        this.driver = driver;
        this.topic = topic;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.currentTimeMs = startMs;
    }

    public void pipeInput(V value) {
        pipeInput(null, value, currentTimeMs);
    }

    public void pipeInput(K key, V value) {
        pipeInput(key, value, currentTimeMs);
    }

    public void pipeInput(K key, V value, Instant timestamp) {
        pipeInput(key, value, timestamp.toEpochMilli());
    }

    public void pipeInput(K key, V value, long timestampMs) {
        Headers headers = new RecordHeaders();
        driver.pipe(topic, keySerializer.serialize(topic, headers, key),
                valueSerializer.serialize(topic, headers, value), timestampMs, headers);
    }

    public void pipeKeyValueList(List<KeyValue<K, V>> records) {
        for (KeyValue<K, V> kv : records) {
            pipeInput(kv.key(), kv.value());
        }
    }

    public void pipeValueList(List<V> values) {
        for (V v : values) {
            pipeInput(v);
        }
    }

    /** Moves this topic's current time, which unstamped records get. */
    public void advanceTime(Duration advance) {
        currentTimeMs += advance.toMillis();
    }
}
