package io.tributary.streams;

import org.apache.kafka.common.serialization.Serde;

/**
 * How a stream–table join repartitions its stream side when the stream's key changed: the serdes of the key and
 * of the stream's values on the repartition topic, and optionally the topic's name
 * ({@code <application.id>-<name>-repartition}; by default the join node's). {@code otherValueSerde} (the
 * table's) is accepted for Kafka Streams' shape; the table side is never repartitioned.
 */
public record Joined<K, V, VO>(String name, Serde<K> keySerde, Serde<V> valueSerde, Serde<VO> otherValueSerde) {

    public static <K, V, VO> Joined<K, V, VO> with(Serde<K> keySerde, Serde<V> valueSerde,
            Serde<VO> otherValueSerde) {
        return new Joined<>(null, keySerde, valueSerde, otherValueSerde);
    }

    public static <K, V, VO> Joined<K, V, VO> as(String name) {
        return new Joined<>(name, null, null, null);
    }

    public Joined<K, V, VO> withName(String newName) {
        return new Joined<>(newName, keySerde, valueSerde, otherValueSerde);
    }
}
