package io.tributary.streams.internal.state;

import org.apache.kafka.common.utils.Bytes;

/**
 * Serialized keys to serialized values, ordered by unsigned key bytes: what typed stores sit on, in memory or on
 * disk. Iterators hold no lock: one thread uses a store.
 */
public interface BytesStore extends AutoCloseable {

    byte[] get(Bytes key);

    /** A null value deletes the key. */
    void put(Bytes key, byte[] value);

    /** Keys from {@code from} to {@code to}, both inclusive; a null bound is open. */
    BytesIterator range(Bytes from, Bytes to);

    long approximateNumEntries();

    void flush();

    @Override
    void close();
}
