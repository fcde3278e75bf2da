package io.tributary.streams.internal.state;

/** A store that may cache writes: a DSL processor forwards from its flushes when caching is on. */
public interface CachedStore<K, V> {

    /** Registers the listener; returns true when the store caches (so the caller must not forward itself). */
    boolean setFlushListener(FlushListener<K, V> listener);
}
