package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.KeyValueStore;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;

/**
 * A {@link KeyValueStore} over a {@link BytesStore}: serializes with the store's serdes (the changelog topic
 * named as the topic) and logs every change to the changelog. When cached (and the thread has a cache budget),
 * writes stay in a {@link StoreCache} until the task flushes at a commit, or the budget runs out and the oldest
 * are evicted; only then do they reach the bytes store, the changelog and the {@link FlushListener} — once per
 * key, however many times it changed. Reads see the cache first.
 */
public final class TypedKeyValueStore<K, V> implements KeyValueStore<K, V>, ManagedStore, CachedStore<K, V> {

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Function<StoreContext, BytesStore> open;
    private final boolean persistent;
    private final boolean caching;
    private BytesStore inner;
    private StoreContext context;
    private String topic;
    private StoreCache cache;
    private FlushListener<K, V> listener;

    public TypedKeyValueStore(String name, Serde<K> keySerde, Serde<V> valueSerde,
            Function<StoreContext, BytesStore> open, boolean persistent) {
        this(name, keySerde, valueSerde, open, persistent, false);
    }

    public TypedKeyValueStore(String name, Serde<K> keySerde, Serde<V> valueSerde,
            Function<StoreContext, BytesStore> open, boolean persistent, boolean caching) {
        this.name = name;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.open = open;
        this.persistent = persistent;
        this.caching = caching;
    }

    @Override
    public void open(StoreContext context) {
        this.context = context;
        this.topic = context.changelogTopic();
        this.inner = open.apply(context);
        if (caching && context.cacheBudget() != null) {
            this.cache = new StoreCache(context.cacheBudget());
        }
    }

    @Override
    public boolean setFlushListener(FlushListener<K, V> listener) {
        this.listener = listener;
        return cache != null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean persistent() {
        return persistent;
    }

    @Override
    public V get(K key) {
        Bytes k = keyBytes(key);
        if (cache != null) {
            StoreCache.Entry cached = cache.get(k);
            if (cached != null) {
                return value(cached.value());
            }
        }
        return value(inner.get(k));
    }

    @Override
    public void put(K key, V value) {
        Bytes k = keyBytes(key);
        byte[] v = value == null ? null : valueSerde.serializer().serialize(topic, value);
        if (cache == null) {
            inner.put(k, v);
            context.logChange(name, k.get(), v);
            return;
        }
        cache.put(k, new StoreCache.Entry(v, context.currentTimestamp(), context.currentHeaders()));
        while (cache.overBudget()) {
            Map.Entry<Bytes, StoreCache.Entry> eldest = cache.evictEldest();
            if (eldest == null) {
                break;
            }
            writeThrough(eldest.getKey(), eldest.getValue());
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public V delete(K key) {
        V old = get(key);
        if (old != null) {
            put(key, null);
        }
        return old;
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        Bytes f = from == null ? null : keyBytes(from);
        Bytes t = to == null ? null : keyBytes(to);
        return typed(cache == null ? inner.range(f, t) : new CacheMergingIterator(cache.range(f, t),
                inner.range(f, t)));
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return range(null, null);
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        inner.put(Bytes.wrap(key), value);
    }

    /** Writes the cached changes through (oldest first), then flushes the bytes store. */
    @Override
    public void flush() {
        if (cache != null) {
            for (Map.Entry<Bytes, StoreCache.Entry> e : cache.drain()) {
                writeThrough(e.getKey(), e.getValue());
            }
        }
        inner.flush();
    }

    @Override
    public void close() {
        if (inner != null) {
            inner.close();
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
            listener.apply(keySerde.deserializer().deserialize(topic, key.get()), value(entry.value()), value(old),
                    entry.timestamp(), entry.headers());
        }
    }

    private Bytes keyBytes(K key) {
        if (key == null) {
            throw new NullPointerException("store " + name + ": keys cannot be null");
        }
        return Bytes.wrap(keySerde.serializer().serialize(topic, key));
    }

    private V value(byte[] bytes) {
        return bytes == null ? null : valueSerde.deserializer().deserialize(topic, bytes);
    }

    private KeyValueIterator<K, V> typed(BytesIterator raw) {
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return raw.hasNext();
            }

            @Override
            public KeyValue<K, V> next() {
                KeyValue<Bytes, byte[]> e = raw.next();
                return new KeyValue<>(keySerde.deserializer().deserialize(topic, e.key().get()), value(e.value()));
            }

            @Override
            public void close() {
                raw.close();
            }
        };
    }

    /** The store's entries with the cache's on top: a cached value wins, a cached deletion hides the key. */
    private static final class CacheMergingIterator implements BytesIterator {

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
}
