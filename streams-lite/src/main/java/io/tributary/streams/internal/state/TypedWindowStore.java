package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.WindowStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WindowStore} over a {@link BytesStore}, laid out as {@link WindowKeys} describes, logged like
 * {@link TypedKeyValueStore} and expiring as {@link Retention} describes.
 */
public final class TypedWindowStore<K, V> implements WindowStore<K, V>, ManagedStore, CachedStore<Windowed<K>, V> {

    private static final Logger LOG = LoggerFactory.getLogger(TypedWindowStore.class);

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Function<StoreContext, BytesStore> open;
    private final boolean persistent;
    private final long windowSizeMs;
    private final boolean retainDuplicates;
    private final boolean caching;
    private final Retention retention;
    private LoggedBytes bytes;
    private String topic;
    private int seq;

    public TypedWindowStore(String name, Serde<K> keySerde, Serde<V> valueSerde,
            Function<StoreContext, BytesStore> open, boolean persistent, long retentionMs, long windowSizeMs,
            boolean retainDuplicates) {
        this(name, keySerde, valueSerde, open, persistent, retentionMs, windowSizeMs, retainDuplicates, false);
    }

    public TypedWindowStore(String name, Serde<K> keySerde, Serde<V> valueSerde,
            Function<StoreContext, BytesStore> open, boolean persistent, long retentionMs, long windowSizeMs,
            boolean retainDuplicates, boolean caching) {
        this.caching = caching;
        this.name = name;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.open = open;
        this.persistent = persistent;
        this.windowSizeMs = windowSizeMs;
        this.retainDuplicates = retainDuplicates;
        this.retention = new Retention(retentionMs);
    }

    @Override
    public void open(StoreContext context) {
        this.topic = context.changelogTopic();
        this.bytes = new LoggedBytes(open.apply(context), context, name, caching);
        // A persistent store reopens with data: recover the observed time and the sequence numbers from it.
        try (BytesIterator it = bytes.inner.range(null, null)) {
            while (it.hasNext()) {
                noteExisting(it.next().key().get());
            }
        }
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
    public long retentionPeriodMs() {
        return retention.retentionMs();
    }

    @Override
    public long windowSizeMs() {
        return windowSizeMs;
    }

    @Override
    public void put(K key, V value, long windowStartMs) {
        if (retention.observe(windowStartMs)) {
            sweep();
        }
        if (retention.expired(windowStartMs)) {
            LOG.debug("store {}: dropping a write to window {}, older than the retention period", name,
                    windowStartMs);
            return;
        }
        if (retainDuplicates && value == null) {
            return;
        }
        // With duplicates each put gets its own sequence number; otherwise a put replaces.
        Bytes k = WindowKeys.windowKey(keyBytes(key), windowStartMs, retainDuplicates ? ++seq : 0);
        bytes.put(k, value == null ? null : valueSerde.serializer().serialize(topic, value));
    }

    @Override
    public V fetch(K key, long windowStartMs) {
        if (retention.expired(windowStartMs)) {
            return null;
        }
        if (!retainDuplicates) {
            // One value per window: its key is exact, so a point lookup (the aggregation's hot path).
            return value(bytes.get(WindowKeys.windowKey(keyBytes(key), windowStartMs, 0)));
        }
        try (KeyValueIterator<Long, V> it = fetch(key, windowStartMs, windowStartMs)) {
            return it.hasNext() ? it.next().value() : null;
        }
    }

    @Override
    public KeyValueIterator<Long, V> fetch(K key, long timeFromMs, long timeToMs) {
        byte[] k = keyBytes(key);
        long from = Math.max(Math.max(0, timeFromMs), retention.minLiveMs());
        List<KeyValue<Long, V>> out = new ArrayList<>();
        if (from <= timeToMs) {
            try (BytesIterator it = bytes.range(WindowKeys.windowKey(k, from, 0),
                    WindowKeys.windowKey(k, timeToMs, -1))) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> e = it.next();
                    if (WindowKeys.hasKey(e.key().get(), k, WindowKeys.WINDOW_SUFFIX)) {
                        out.add(new KeyValue<>(WindowKeys.windowStart(e.key().get()), value(e.value())));
                    }
                }
            }
        }
        return iterator(out.iterator());
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> fetchAll(long timeFromMs, long timeToMs) {
        long from = Math.max(timeFromMs, retention.minLiveMs());
        List<KeyValue<Windowed<K>, V>> out = new ArrayList<>();
        try (BytesIterator it = bytes.range(null, null)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                long start = WindowKeys.windowStart(e.key().get());
                if (start >= from && start <= timeToMs) {
                    K key = keySerde.deserializer().deserialize(topic,
                            WindowKeys.key(e.key().get(), WindowKeys.WINDOW_SUFFIX));
                    long end = start + windowSizeMs < start ? Long.MAX_VALUE : start + windowSizeMs;
                    out.add(new KeyValue<>(new Windowed<>(key, new Window(start, end)), value(e.value())));
                }
            }
        }
        return iterator(out.iterator());
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> all() {
        return fetchAll(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        bytes.restore(key, value);
        noteExisting(key);
    }

    private void noteExisting(byte[] storeKey) {
        retention.observe(WindowKeys.windowStart(storeKey));
        // Keep sequence numbers unique after a restore, so a new duplicate never overwrites a restored one.
        seq = Math.max(seq, WindowKeys.sequence(storeKey));
    }

    @Override
    public void flush() {
        bytes.flush();
    }

    /** Windows flushed from the cache, with their new and old values; expirations (null values) are not heard. */
    @Override
    public boolean setFlushListener(FlushListener<Windowed<K>, V> listener) {
        return bytes.setListener((key, newValue, oldValue, timestamp, headers) -> {
            if (newValue != null) {
                byte[] k = key.get();
                long start = WindowKeys.windowStart(k);
                long end = start + windowSizeMs < start ? Long.MAX_VALUE : start + windowSizeMs;
                listener.apply(new Windowed<>(keySerde.deserializer().deserialize(topic,
                        WindowKeys.key(k, WindowKeys.WINDOW_SUFFIX)), new Window(start, end)), value(newValue),
                        value(oldValue), timestamp, headers);
            }
        });
    }

    @Override
    public void close() {
        if (bytes != null) {
            bytes.inner.close();
        }
    }

    /** Deletes (and logs tombstones for) every expired window. */
    private void sweep() {
        // Cached windows go out first (downstream too): a window's last value must not expire unseen.
        bytes.flushCache();
        List<Bytes> expired = new ArrayList<>();
        try (BytesIterator it = bytes.range(null, null)) {
            while (it.hasNext()) {
                Bytes k = it.next().key();
                if (retention.expired(WindowKeys.windowStart(k.get()))) {
                    expired.add(k);
                }
            }
        }
        expired.forEach(k -> bytes.put(k, null));
    }

    private byte[] keyBytes(K key) {
        if (key == null) {
            throw new NullPointerException("store " + name + ": keys cannot be null");
        }
        return keySerde.serializer().serialize(topic, key);
    }

    private V value(byte[] raw) {
        return raw == null ? null : valueSerde.deserializer().deserialize(topic, raw);
    }

    /** Results are collected first, so callers may write the store while they iterate. */
    static <A, B> KeyValueIterator<A, B> iterator(Iterator<KeyValue<A, B>> it) {
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<A, B> next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
