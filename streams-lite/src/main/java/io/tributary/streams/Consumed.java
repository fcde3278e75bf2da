package io.tributary.streams;

import org.apache.kafka.common.serialization.Serde;

/** How a source reads its topic: key and value serdes (null: the application's defaults). */
public record Consumed<K, V>(Serde<K> keySerde, Serde<V> valueSerde) {

    public static <K, V> Consumed<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Consumed<>(keySerde, valueSerde);
    }
}
