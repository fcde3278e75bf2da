package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import io.tributary.streams.state.StateStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;

/**
 * The records of a left or outer stream–stream join that have not matched yet, in timestamp order, waiting for
 * their join window to close. Key: {@code timestamp (8) | side (1: 0 left, 1 right) | key bytes | sequence (4)}
 * (the sequence keeps duplicates apart); value: the record's value, serialized with its side's serde.
 */
public final class OuterJoinBuffer<K, V1, V2> implements StateStore, ManagedStore {

    /** Receives one record whose window closed without a match. */
    @FunctionalInterface
    public interface Unmatched<K> {
        void accept(long timestamp, boolean left, K key, Object value);
    }

    private static final int SUFFIX = Integer.BYTES;

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V1> leftSerde;
    private final Serde<V2> rightSerde;
    private final Function<StoreContext, BytesStore> open;
    private final boolean persistent;
    private LoggedBytes bytes;
    private String topic;
    private int seq;

    public OuterJoinBuffer(String name, Serde<K> keySerde, Serde<V1> leftSerde, Serde<V2> rightSerde,
            Function<StoreContext, BytesStore> open, boolean persistent) {
        this.name = name;
        this.keySerde = keySerde;
        this.leftSerde = leftSerde;
        this.rightSerde = rightSerde;
        this.open = open;
        this.persistent = persistent;
    }

    @Override
    public void open(StoreContext context) {
        this.topic = context.changelogTopic();
        this.bytes = new LoggedBytes(open.apply(context), context, name);
        // A persistent buffer reopens with data: continue after its largest sequence number.
        try (BytesIterator it = bytes.inner.range(null, null)) {
            while (it.hasNext()) {
                byte[] key = it.next().key().get();
                seq = Math.max(seq, ByteBuffer.wrap(key).getInt(key.length - SUFFIX));
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

    @SuppressWarnings("unchecked")
    public void add(long timestamp, boolean left, K key, Object value) {
        byte[] v = left ? leftSerde.serializer().serialize(topic, (V1) value)
                : rightSerde.serializer().serialize(topic, (V2) value);
        bytes.put(storeKey(timestamp, left, keyBytes(key), ++seq), v);
    }

    /** Forgets every buffered record of this side, key and timestamp: a record of the other side matched them. */
    public void matched(long timestamp, boolean left, K key) {
        byte[] k = keyBytes(key);
        List<Bytes> found = new ArrayList<>();
        try (BytesIterator it = bytes.inner.range(storeKey(timestamp, left, k, 0), storeKey(timestamp, left, k, -1))) {
            while (it.hasNext()) {
                Bytes sk = it.next().key();
                if (sk.get().length == Long.BYTES + 1 + k.length + SUFFIX) {
                    found.add(sk);
                }
            }
        }
        found.forEach(sk -> bytes.put(sk, null));
    }

    /** Removes and hands over, in timestamp order, every record older than {@code timestampLimit}. */
    public void evictBefore(long timestampLimit, Unmatched<K> consumer) {
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        try (BytesIterator it = bytes.inner.range(null, null)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                if (ByteBuffer.wrap(e.key().get()).getLong(0) >= timestampLimit) {
                    break;
                }
                due.add(e);
            }
        }
        for (KeyValue<Bytes, byte[]> e : due) {
            bytes.put(e.key(), null);
            byte[] sk = e.key().get();
            long timestamp = ByteBuffer.wrap(sk).getLong(0);
            boolean left = sk[Long.BYTES] == 0;
            K key = keySerde.deserializer().deserialize(topic, Arrays.copyOfRange(sk, Long.BYTES + 1,
                    sk.length - SUFFIX));
            Object value = left ? leftSerde.deserializer().deserialize(topic, e.value())
                    : rightSerde.deserializer().deserialize(topic, e.value());
            consumer.accept(timestamp, left, key, value);
        }
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        bytes.restore(key, value);
        seq = Math.max(seq, ByteBuffer.wrap(key).getInt(key.length - SUFFIX));
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

    private static Bytes storeKey(long timestamp, boolean left, byte[] key, int seq) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + 1 + key.length + SUFFIX).putLong(timestamp)
                .put((byte) (left ? 0 : 1)).put(key).putInt(seq).array());
    }

    private byte[] keyBytes(K key) {
        return keySerde.serializer().serialize(topic, key);
    }
}
