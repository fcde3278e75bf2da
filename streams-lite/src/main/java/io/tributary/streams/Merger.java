package io.tributary.streams;

/** Combines the aggregates of two sessions of one key when a record bridges them. */
@FunctionalInterface
public interface Merger<K, A> {

    A apply(K key, A aggregate1, A aggregate2);
}
