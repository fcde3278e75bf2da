package io.tributary.streams.state;

import io.tributary.streams.Windowed;

/**
 * Values per key and window start. Windows older than the retention period (measured back from the largest window
 * start written) expire: writes to them are dropped and reads do not see them. When logged, every change also goes
 * to the changelog {@code <application.id>-<store>-changelog}. A store that retains duplicates (a join buffer) keeps
 * every value put for a key and start instead of replacing it.
 */
public interface WindowStore<K, V> extends StateStore {

    /** Puts the value of a window; null deletes it (ignored when the store retains duplicates). */
    void put(K key, V value, long windowStartMs);

    /** The value of one window, or null. */
    V fetch(K key, long windowStartMs);

    /** One key's windows starting in {@code [timeFrom, timeTo]}, by start: (window start, value) pairs. */
    KeyValueIterator<Long, V> fetch(K key, long timeFromMs, long timeToMs);

    /** Every key's windows starting in {@code [timeFrom, timeTo]}, in key-byte then start order. */
    KeyValueIterator<Windowed<K>, V> fetchAll(long timeFromMs, long timeToMs);

    KeyValueIterator<Windowed<K>, V> all();

    long retentionPeriodMs();

    /** The size of the windows the store holds (0 when it does not know). */
    long windowSizeMs();
}
