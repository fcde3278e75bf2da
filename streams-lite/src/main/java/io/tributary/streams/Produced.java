package io.tributary.streams;

import org.apache.kafka.common.serialization.Serde;

/** How a sink writes its topic: key and value serdes (null: the stream's own or the application's defaults). */
public record Produced<K, V>(Serde<K> keySerde, Serde<V> valueSerde) {

    public static <K, V> Produced<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Produced<>(keySerde, valueSerde);
    }
}
