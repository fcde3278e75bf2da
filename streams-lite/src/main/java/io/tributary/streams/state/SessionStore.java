package io.tributary.streams.state;

import io.tributary.streams.Windowed;

/**
 * Session aggregates per key and session window. Sessions that ended before the retention period (measured back
 * from the latest session end written) expire. When logged, every change also goes to the changelog.
 */
public interface SessionStore<K, V> extends StateStore {

    /**
     * The key's sessions that end at or after {@code earliestSessionEnd} and start at or before
     * {@code latestSessionStart}, in end order.
     */
    KeyValueIterator<Windowed<K>, V> findSessions(K key, long earliestSessionEndMs, long latestSessionStartMs);

    /** The aggregate of exactly this session, or null. */
    V fetchSession(K key, long sessionStartMs, long sessionEndMs);

    void put(Windowed<K> session, V aggregate);

    void remove(Windowed<K> session);

    KeyValueIterator<Windowed<K>, V> all();

    long retentionPeriodMs();
}
