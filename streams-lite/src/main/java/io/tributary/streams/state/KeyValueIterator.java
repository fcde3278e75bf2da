package io.tributary.streams.state;

import io.tributary.streams.KeyValue;
import java.util.Iterator;

/** Entries in key-byte order; close it when done (a persistent store holds native resources for it). */
public interface KeyValueIterator<K, V> extends Iterator<KeyValue<K, V>>, AutoCloseable {

    @Override
    void close();
}
