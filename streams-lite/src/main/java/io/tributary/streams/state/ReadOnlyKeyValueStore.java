package io.tributary.streams.state;

/** Reading a key-value store: what interactive queries see. Ranges are in serialized-key byte order. */
public interface ReadOnlyKeyValueStore<K, V> {

    V get(K key);

    /** Keys from {@code from} to {@code to}, both inclusive; a null bound is open. */
    KeyValueIterator<K, V> range(K from, K to);

    KeyValueIterator<K, V> all();

    long approximateNumEntries();
}
