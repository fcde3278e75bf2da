package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.utils.Bytes;

/**
 * A sorted map on the heap; its durability is its changelog. Concurrent, so interactive queries may read while
 * the stream thread writes.
 */
public final class InMemoryBytesStore implements BytesStore {

    private final ConcurrentNavigableMap<Bytes, byte[]> map = new ConcurrentSkipListMap<>();

    @Override
    public byte[] get(Bytes key) {
        return map.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    @Override
    public BytesIterator range(Bytes from, Bytes to) {
        ConcurrentNavigableMap<Bytes, byte[]> view = map;
        if (from != null && to != null) {
            view = from.compareTo(to) > 0 ? new ConcurrentSkipListMap<>() : map.subMap(from, true, to, true);
        } else if (from != null) {
            view = map.tailMap(from, true);
        } else if (to != null) {
            view = map.headMap(to, true);
        }
        // A copy, so an iterator sees the store as it was when made (as RocksDB's snapshot iterators do) and a
        // processor may write while it iterates.
        Iterator<Map.Entry<Bytes, byte[]>> entries = new ArrayList<>(view.entrySet()).iterator();
        return new BytesIterator() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                Map.Entry<Bytes, byte[]> e = entries.next();
                return new KeyValue<>(e.getKey(), e.getValue());
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        map.clear();
    }
}
