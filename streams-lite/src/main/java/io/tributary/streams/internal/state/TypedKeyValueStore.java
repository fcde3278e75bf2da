package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.KeyValueStore;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;

/**
 * A {@link KeyValueStore} over a {@link BytesStore}: serializes with the store's serdes (the changelog topic
 * named as the topic) and logs every change before it returns.
 */
public final class TypedKeyValueStore<K, V> implements KeyValueStore<K, V>, ManagedStore {

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Function<StoreContext, BytesStore> open;
    private final boolean persistent;
    private BytesStore inner;
    private StoreContext context;
    private String topic;

    public TypedKeyValueStore(String name, Serde<K> keySerde, Serde<V> valueSerde,
            Function<StoreContext, BytesStore> open, boolean persistent) {
        this.name = name;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.open = open;
        this.persistent = persistent;
    }

    @Override
    public void open(StoreContext context) {
        this.context = context;
        this.topic = context.changelogTopic();
        this.inner = open.apply(context);
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
        return value(inner.get(keyBytes(key)));
    }

    @Override
    public void put(K key, V value) {
        Bytes k = keyBytes(key);
        byte[] v = value == null ? null : valueSerde.serializer().serialize(topic, value);
        inner.put(k, v);
        context.logChange(name, k.get(), v);
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
        return typed(inner.range(from == null ? null : keyBytes(from), to == null ? null : keyBytes(to)));
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return typed(inner.range(null, null));
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        inner.put(Bytes.wrap(key), value);
    }

    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public void close() {
        if (inner != null) {
            inner.close();
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
