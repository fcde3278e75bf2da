package io.tributary.streams.internal.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Bytes;

/**
 * One store's record cache: the latest serialized value written per key since the last flush (null: deleted),
 * in the order keys were first written, so the oldest goes first when the thread's {@link CacheBudget} runs out.
 * Its point is that a key updated many times between two commits reaches the changelog and the downstream nodes
 * once. Synchronized: interactive queries read it from other threads.
 */
final class StoreCache {

    /** A cached write: the value (null deletes), and the timestamp and headers of the record that wrote it. */
    record Entry(byte[] value, long timestamp, Headers headers) {
        long size() {
            return 64 + (value == null ? 0 : value.length);
        }
    }

    private final LinkedHashMap<Bytes, Entry> entries = new LinkedHashMap<>();
    private final CacheBudget budget;

    StoreCache(CacheBudget budget) {
        this.budget = budget;
    }

    synchronized Entry get(Bytes key) {
        return entries.get(key);
    }

    synchronized void put(Bytes key, Entry entry) {
        Entry old = entries.remove(key);
        budget.add(entry.size() + key.get().length - (old == null ? 0 : old.size() + key.get().length));
        entries.put(key, entry);
    }

    boolean overBudget() {
        return budget.exceeded();
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Removes and returns the oldest entry (null when empty). */
    synchronized Map.Entry<Bytes, Entry> evictEldest() {
        Iterator<Map.Entry<Bytes, Entry>> it = entries.entrySet().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Map.Entry<Bytes, Entry> eldest = it.next();
        it.remove();
        budget.add(-(eldest.getValue().size() + eldest.getKey().get().length));
        return eldest;
    }

    /** Removes and returns every entry, oldest first. */
    synchronized List<Map.Entry<Bytes, Entry>> drain() {
        List<Map.Entry<Bytes, Entry>> all = new ArrayList<>(entries.entrySet());
        long freed = 0;
        for (Map.Entry<Bytes, Entry> e : all) {
            freed += e.getValue().size() + e.getKey().get().length;
        }
        entries.clear();
        budget.add(-freed);
        return all;
    }

    /** The cached entries with keys in [from, to] (null bounds open), sorted, for merging with the store's. */
    synchronized TreeMap<Bytes, Entry> range(Bytes from, Bytes to) {
        TreeMap<Bytes, Entry> sorted = new TreeMap<>();
        entries.forEach((k, v) -> {
            if ((from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0)) {
                sorted.put(k, v);
            }
        });
        return sorted;
    }
}
