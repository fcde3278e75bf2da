package io.tributary.streams.internal.dsl;

import io.tributary.streams.internal.state.CachedStore;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;

/**
 * How a DSL processor that keeps a table in a store forwards its changes: when the store caches, from the store's
 * flushes and evictions (one {@link Change} per key per commit, the old value being what was last flushed), as
 * Kafka Streams' caching stores do; otherwise the processor forwards each update itself.
 */
final class FlushForwarding {

    private FlushForwarding() {
    }

    /** Returns true when the store will forward (the processor must then not). */
    @SuppressWarnings("unchecked")
    static <K, V> boolean install(KeyValueStore<K, V> store, ProcessorContext<K, Change<V>> context) {
        return store instanceof CachedStore<?, ?> cached && ((CachedStore<K, V>) cached).setFlushListener(
                (key, newValue, oldValue, timestamp, headers) -> context.forward(
                        new Record<>(key, new Change<>(newValue, oldValue), timestamp, headers)));
    }
}
