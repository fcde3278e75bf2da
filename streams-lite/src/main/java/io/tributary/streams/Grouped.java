package io.tributary.streams;

import org.apache.kafka.common.serialization.Serde;

/**
 * How a grouping repartitions: the serdes of the repartition topic and, optionally, its name
 * ({@code <application.id>-<name>-repartition}; by default the store's name stands in, as in Kafka Streams).
 */
public record Grouped<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public static <K, V> Grouped<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Grouped<>(null, keySerde, valueSerde);
    }

    public static <K, V> Grouped<K, V> as(String name) {
        return new Grouped<>(name, null, null);
    }

    public Grouped<K, V> withSerdes(Serde<K> newKeySerde, Serde<V> newValueSerde) {
        return new Grouped<>(name, newKeySerde, newValueSerde);
    }

    public Grouped<K, V> withName(String newName) {
        return new Grouped<>(newName, keySerde, valueSerde);
    }
}
