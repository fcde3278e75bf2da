package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.KeyValueStore;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;

/**
 * A {@link KeyValueStore} over a {@link BytesStore}: serializes with the store's serdes (the changelog topic
 * named as the topic), writing through {@link LoggedBytes} (the changelog, and the record cache when cached, whose
 * flushed writes go to the {@link FlushListener}).
 */
public final class TypedKeyValueStore<K, V> implements KeyValueStore<K, V>, ManagedStore, CachedStore<K, V> {

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Function<StoreContext, BytesStore> open;
    private final boolean persistent;
    private final boolean caching;
    private LoggedBytes bytes;
    private String topic;

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
        this.topic = context.changelogTopic();
        this.bytes = new LoggedBytes(open.apply(context), context, name, caching);
    }

    @Override
    public boolean setFlushListener(FlushListener<K, V> listener) {
        return bytes.setListener((key, newValue, oldValue, timestamp, headers) -> listener.apply(
                keySerde.deserializer().deserialize(topic, key.get()), value(newValue), value(oldValue), timestamp,
                headers));
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
        return value(bytes.get(keyBytes(key)));
    }

    @Override
    public void put(K key, V value) {
        bytes.put(keyBytes(key), value == null ? null : valueSerde.serializer().serialize(topic, value));
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
        return typed(bytes.range(f, t));
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return range(null, null);
    }

    @Override
    public long approximateNumEntries() {
        return bytes.inner.approximateNumEntries();
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        bytes.restore(key, value);
    }

    @Override
    public void flush() {
        bytes.flush();
    }

    @Override
    public void close() {
        if (bytes != null) {
            bytes.inner.close();
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
}
