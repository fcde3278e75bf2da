package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;

/** The store's entries with the cache's on top: a cached value wins, a cached deletion hides the key. */
final class CacheMergingIterator implements BytesIterator {

    private final Iterator<Map.Entry<Bytes, StoreCache.Entry>> cached;
    private final BytesIterator stored;
    private Map.Entry<Bytes, StoreCache.Entry> nextCached;
    private KeyValue<Bytes, byte[]> nextStored;
    private KeyValue<Bytes, byte[]> next;

    CacheMergingIterator(TreeMap<Bytes, StoreCache.Entry> cached, BytesIterator stored) {
        this.cached = cached.entrySet().iterator();
        this.stored = stored;
        this.nextCached = this.cached.hasNext() ? this.cached.next() : null;
        this.nextStored = stored.hasNext() ? stored.next() : null;
        advance();
    }

    private void advance() {
        next = null;
        while (next == null && (nextCached != null || nextStored != null)) {
            int order = nextCached == null ? 1 : nextStored == null ? -1
                    : nextCached.getKey().compareTo(nextStored.key());
            if (order <= 0) {
                if (nextCached.getValue().value() != null) {
                    next = new KeyValue<>(nextCached.getKey(), nextCached.getValue().value());
                }
                nextCached = cached.hasNext() ? cached.next() : null;
                if (order == 0) {
                    nextStored = stored.hasNext() ? stored.next() : null;
                }
            } else {
                next = nextStored;
                nextStored = stored.hasNext() ? stored.next() : null;
            }
        }
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public KeyValue<Bytes, byte[]> next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        KeyValue<Bytes, byte[]> result = next;
        advance();
        return result;
    }

    @Override
    public void close() {
        stored.close();
    }
}
