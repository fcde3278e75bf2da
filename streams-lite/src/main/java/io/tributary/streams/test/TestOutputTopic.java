package io.tributary.streams.test;

import io.tributary.streams.KeyValue;
import io.tributary.streams.processor.Record;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Reads, in order, what a driver's topology wrote to one topic; reading removes. */
public final class TestOutputTopic<K, V> {

    private final ArrayDeque<TopologyTestDriver.Written> queue;
    private final String topic;
    private final org.apache.kafka.common.serialization.Deserializer<K> keyDeserializer;
    private final org.apache.kafka.common.serialization.Deserializer<V> valueDeserializer;

    TestOutputTopic(ArrayDeque<TopologyTestDriver.Written> queue, String topic,
            org.apache.kafka.common.serialization.Deserializer<K> keyDeserializer,
            org.apache.kafka.common.serialization.Deserializer<V> valueDeserializer) {
        this.queue = queue;
        this.topic = topic;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
    }

    public Record<K, V> readRecord() {
        TopologyTestDriver.Written w = queue.poll();
        if (w == null) {
            throw new NoSuchElementException("topic " + topic + " has no more records");
        }
        return new Record<>(keyDeserializer.deserialize(topic, w.headers(), w.key()),
                valueDeserializer.deserialize(topic, w.headers(), w.value()), w.timestamp(), w.headers());
    }

    public KeyValue<K, V> readKeyValue() {
        Record<K, V> r = readRecord();
        return new KeyValue<>(r.key(), r.value());
    }

    public V readValue() {
        return readRecord().value();
    }

    public List<KeyValue<K, V>> readKeyValuesToList() {
        List<KeyValue<K, V>> all = new ArrayList<>();
        while (!queue.isEmpty()) {
            all.add(readKeyValue());
        }
        return all;
    }

    public List<V> readValuesToList() {
        List<V> all = new ArrayList<>();
        while (!queue.isEmpty()) {
            all.add(readValue());
        }
        return all;
    }

    /** The last value per key (a null value removes the key), in first-seen key order. */
    public Map<K, V> readKeyValuesToMap() {
        Map<K, V> map = new LinkedHashMap<>();
        while (!queue.isEmpty()) {
            KeyValue<K, V> kv = readKeyValue();
            if (kv.value() == null) {
                map.remove(kv.key());
            } else {
                map.put(kv.key(), kv.value());
            }
        }
        return map;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public long getQueueSize() {
        return queue.size();
    }
}
