package io.tributary.streams;

import org.apache.kafka.common.serialization.Serde;

/**
 * The serdes of a stream–stream join's buffers (and repartition topics): the key's, this stream's value's and the
 * other stream's value's; null means the stream's own or the application's default. {@link #withStoreName} names
 * the buffers {@code <name>-this-join-store} and {@code <name>-other-join-store}.
 */
public record StreamJoined<K, V, VO>(Serde<K> keySerde, Serde<V> valueSerde, Serde<VO> otherValueSerde,
        String storeName, boolean logged) {

    public static <K, V, VO> StreamJoined<K, V, VO> with(Serde<K> keySerde, Serde<V> valueSerde,
            Serde<VO> otherValueSerde) {
        return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, null, true);
    }

    public StreamJoined<K, V, VO> withStoreName(String name) {
        return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, name, logged);
    }

    public StreamJoined<K, V, VO> withLoggingDisabled() {
        return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, storeName, false);
    }
}
