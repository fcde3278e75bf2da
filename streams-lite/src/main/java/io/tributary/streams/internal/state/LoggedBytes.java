package io.tributary.streams.internal.state;

import java.util.Map;
import org.apache.kafka.common.utils.Bytes;

/**
 * The serialized layer every typed store writes through: a {@link BytesStore} whose writes are also logged to
 * the store's changelog, optionally behind a {@link StoreCache}. When cached (and the thread has a cache budget),
 * writes stay in the cache until {@link #flush()} (a commit) or until the budget runs out and the oldest are
 * evicted; only then do they reach the bytes store, the changelog and the {@link RawFlushListener} — once per key,
 * however many times it changed. Reads see the cache first.
 */
final class LoggedBytes {

    final BytesStore inner;
    private final StoreContext context;
    private final String name;
    private final StoreCache cache;
    private RawFlushListener listener;

    LoggedBytes(BytesStore inner, StoreContext context, String name) {
        this(inner, context, name, false);
    }

    LoggedBytes(BytesStore inner, StoreContext context, String name, boolean caching) {
        this.inner = inner;
        this.context = context;
        this.name = name;
        this.cache = caching && context.cacheBudget() != null ? new StoreCache(context.cacheBudget()) : null;
    }

    /** Registers what hears flushed writes; returns true when writes are cached (and so heard only then). */
    boolean setListener(RawFlushListener listener) {
        this.listener = listener;
        return cache != null;
    }

    byte[] get(Bytes key) {
        if (cache != null) {
            StoreCache.Entry cached = cache.get(key);
            if (cached != null) {
                return cached.value();
            }
        }
        return inner.get(key);
    }

    void put(Bytes key, byte[] value) {
        if (cache == null) {
            inner.put(key, value);
            context.logChange(name, key.get(), value);
            return;
        }
        cache.put(key, new StoreCache.Entry(value, context.currentTimestamp(), context.currentHeaders()));
        while (cache.overBudget()) {
            Map.Entry<Bytes, StoreCache.Entry> eldest = cache.evictEldest();
            if (eldest == null) {
                break;
            }
            writeThrough(eldest.getKey(), eldest.getValue());
        }
    }

    /** Keys from {@code from} to {@code to}, both inclusive (null: open), cached writes included. */
    BytesIterator range(Bytes from, Bytes to) {
        return cache == null ? inner.range(from, to) : new CacheMergingIterator(cache.range(from, to),
                inner.range(from, to));
    }

    /** Applies a changelog record without logging it again. */
    void restore(byte[] key, byte[] value) {
        inner.put(Bytes.wrap(key), value);
    }

    /** Writes the cached changes through (oldest first), then flushes the bytes store. */
    void flush() {
        flushCache();
        inner.flush();
    }

    /** Writes the cached changes through (oldest first), as at a commit, without flushing the bytes store. */
    void flushCache() {
        if (cache != null) {
            for (Map.Entry<Bytes, StoreCache.Entry> e : cache.drain()) {
                writeThrough(e.getKey(), e.getValue());
            }
        }
    }

    private void writeThrough(Bytes key, StoreCache.Entry entry) {
        byte[] old = listener == null ? null : inner.get(key);
        if (old == null && entry.value() == null && listener != null) {
            return;
        }
        inner.put(key, entry.value());
        context.logChange(name, key.get(), entry.value(), entry.timestamp());
        if (listener != null) {
            listener.apply(key, entry.value(), old, entry.timestamp(), entry.headers());
        }
    }
}
