package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.state.StateStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;

/**
 * The latest value per window of a suppressed windowed table, ordered by window end so the closed windows are a
 * prefix. Key: {@code window end (8) | window start (8) | key bytes}; value: {@code record timestamp (8) | value
 * bytes}. Logged, restorable.
 */
public final class SuppressBuffer<K, V> implements StateStore, ManagedStore {

    /** Receives one evicted entry. */
    @FunctionalInterface
    public interface Evicted<K, V> {
        void accept(Windowed<K> key, V value, long timestamp);
    }

    private static final int PREFIX = 2 * Long.BYTES;

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Function<StoreContext, BytesStore> open;
    private LoggedBytes bytes;
    private String topic;

    public SuppressBuffer(String name, Serde<K> keySerde, Serde<V> valueSerde,
            Function<StoreContext, BytesStore> open) {
        this.name = name;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.open = open;
    }

    @Override
    public void open(StoreContext context) {
        this.topic = context.changelogTopic();
        this.bytes = new LoggedBytes(open.apply(context), context, name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    /** Buffers the window's latest value; null forgets it (a final result is never a deletion). */
    public void put(Windowed<K> key, V value, long timestamp) {
        byte[] k = keySerde.serializer().serialize(topic, key.key());
        Bytes storeKey = Bytes.wrap(ByteBuffer.allocate(PREFIX + k.length).putLong(key.window().end())
                .putLong(key.window().start()).put(k).array());
        if (value == null) {
            bytes.put(storeKey, null);
            return;
        }
        byte[] v = valueSerde.serializer().serialize(topic, value);
        bytes.put(storeKey, ByteBuffer.allocate(Long.BYTES + v.length).putLong(timestamp).put(v).array());
    }

    /** Removes and hands over, in window-end order, every window ending at or before {@code maxEnd}. */
    public void evictUpTo(long maxEnd, Evicted<K, V> consumer) {
        if (maxEnd < 0) {
            return;
        }
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        Bytes upper = Bytes.wrap(ByteBuffer.allocate(PREFIX + 1).putLong(maxEnd).putLong(-1L).put((byte) -1)
                .array());
        try (BytesIterator it = bytes.inner.range(null, upper)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                if (ByteBuffer.wrap(e.key().get()).getLong(0) <= maxEnd) {
                    due.add(e);
                }
            }
        }
        for (KeyValue<Bytes, byte[]> e : due) {
            bytes.put(e.key(), null);
            ByteBuffer key = ByteBuffer.wrap(e.key().get());
            long end = key.getLong();
            long start = key.getLong();
            K k = keySerde.deserializer().deserialize(topic, Arrays.copyOfRange(e.key().get(), PREFIX,
                    e.key().get().length));
            ByteBuffer value = ByteBuffer.wrap(e.value());
            long timestamp = value.getLong();
            V v = valueSerde.deserializer().deserialize(topic, Arrays.copyOfRange(e.value(), Long.BYTES,
                    e.value().length));
            consumer.accept(new Windowed<>(k, new Window(start, end)), v, timestamp);
        }
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        bytes.restore(key, value);
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
}
