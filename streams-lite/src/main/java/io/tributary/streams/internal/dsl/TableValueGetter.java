package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.ProcessorContext;

/**
 * Reads a table's current value for a key inside a task, even when the table has no store of its own: a filtered
 * or mapped table computes its value from the store of the nearest materialized table above it. Joins use it to
 * look up the other side.
 */
public interface TableValueGetter<K, V> {

    /** Binds to the stores of the task the calling processor runs in. */
    void init(ProcessorContext<?, ?> context);

    /** The row's value, null when the table has no row for the key. */
    V get(K key);
}
