package io.tributary.streams;

/** A key and its value: what flatMap returns and what store iterators yield. */
public record KeyValue<K, V>(K key, V value) {

    public static <K, V> KeyValue<K, V> pair(K key, V value) {
        return new KeyValue<>(key, value);
    }
}
