package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} over a {@link BytesStore}, laid out as {@link WindowKeys} describes (key, end, start),
 * logged like {@link TypedKeyValueStore}; sessions expire by their end, as {@link Retention} describes.
 */
public final class TypedSessionStore<K, V> implements SessionStore<K, V>, ManagedStore {

    private static final Logger LOG = LoggerFactory.getLogger(TypedSessionStore.class);

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Function<StoreContext, BytesStore> open;
    private final boolean persistent;
    private final Retention retention;
    private LoggedBytes bytes;
    private String topic;

    public TypedSessionStore(String name, Serde<K> keySerde, Serde<V> valueSerde,
            Function<StoreContext, BytesStore> open, boolean persistent, long retentionMs) {
        this.name = name;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.open = open;
        this.persistent = persistent;
        this.retention = new Retention(retentionMs);
    }

    @Override
    public void open(StoreContext context) {
        this.topic = context.changelogTopic();
        this.bytes = new LoggedBytes(open.apply(context), context, name);
        // A persistent store reopens with data: recover the observed time from it.
        try (BytesIterator it = bytes.inner.range(null, null)) {
            while (it.hasNext()) {
                retention.observe(WindowKeys.sessionEnd(it.next().key().get()));
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
    public KeyValueIterator<Windowed<K>, V> findSessions(K key, long earliestSessionEndMs,
            long latestSessionStartMs) {
        byte[] k = keyBytes(key);
        long from = Math.max(Math.max(0, earliestSessionEndMs), retention.minLiveMs());
        List<KeyValue<Windowed<K>, V>> out = new ArrayList<>();
        try (BytesIterator it = bytes.inner.range(WindowKeys.sessionKey(k, from, 0),
                WindowKeys.sessionKey(k, Long.MAX_VALUE, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                byte[] sk = e.key().get();
                if (WindowKeys.hasKey(sk, k, WindowKeys.SESSION_SUFFIX)
                        && WindowKeys.sessionStart(sk) <= latestSessionStartMs) {
                    out.add(entry(key, sk, e.value()));
                }
            }
        }
        return TypedWindowStore.iterator(out.iterator());
    }

    @Override
    public V fetchSession(K key, long sessionStartMs, long sessionEndMs) {
        if (retention.expired(sessionEndMs)) {
            return null;
        }
        return value(bytes.inner.get(WindowKeys.sessionKey(keyBytes(key), sessionEndMs, sessionStartMs)));
    }

    @Override
    public void put(Windowed<K> session, V aggregate) {
        long end = session.window().end();
        if (retention.observe(end)) {
            sweep();
        }
        if (retention.expired(end)) {
            LOG.debug("store {}: dropping a write to session {}, older than the retention period", name, session);
            return;
        }
        bytes.put(WindowKeys.sessionKey(keyBytes(session.key()), end, session.window().start()),
                aggregate == null ? null : valueSerde.serializer().serialize(topic, aggregate));
    }

    @Override
    public void remove(Windowed<K> session) {
        bytes.put(WindowKeys.sessionKey(keyBytes(session.key()), session.window().end(), session.window().start()),
                null);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> all() {
        List<KeyValue<Windowed<K>, V>> out = new ArrayList<>();
        try (BytesIterator it = bytes.inner.range(null, null)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                byte[] sk = e.key().get();
                if (!retention.expired(WindowKeys.sessionEnd(sk))) {
                    K key = keySerde.deserializer().deserialize(topic, WindowKeys.key(sk, WindowKeys.SESSION_SUFFIX));
                    out.add(entry(key, sk, e.value()));
                }
            }
        }
        return TypedWindowStore.iterator(out.iterator());
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        bytes.restore(key, value);
        retention.observe(WindowKeys.sessionEnd(key));
    }

    @Override
    public void flush() {
        bytes.inner.flush();
    }

    @Override
    public void close() {
        if (bytes != null) {
            bytes.inner.close();
        }
    }

    private void sweep() {
        List<Bytes> expired = new ArrayList<>();
        try (BytesIterator it = bytes.inner.range(null, null)) {
            while (it.hasNext()) {
                Bytes k = it.next().key();
                if (retention.expired(WindowKeys.sessionEnd(k.get()))) {
                    expired.add(k);
                }
            }
        }
        expired.forEach(k -> bytes.put(k, null));
    }

    private KeyValue<Windowed<K>, V> entry(K key, byte[] storeKey, byte[] value) {
        Window w = new Window(WindowKeys.sessionStart(storeKey), WindowKeys.sessionEnd(storeKey));
        return new KeyValue<>(new Windowed<>(key, w), value(value));
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
}
