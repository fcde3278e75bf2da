package io.tributary.streams.state;

/**
 * A key-value store. When logged (the default), every change is also written to the store's changelog topic,
 * {@code <application.id>-<store>-changelog}, from which it is rebuilt on another instance or after a crash.
 * A null value deletes the key.
 */
public interface KeyValueStore<K, V> extends StateStore, ReadOnlyKeyValueStore<K, V> {

    void put(K key, V value);

    /** Puts only if the key is absent; returns the value present before (null if there was none). */
    V putIfAbsent(K key, V value);

    /** Deletes the key; returns its old value. */
    V delete(K key);
}
