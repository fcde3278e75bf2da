package io.tributary.streams.internal.state;

/**
 * The bytes of record cache one stream thread may hold across all its stores' caches:
 * {@code statestore.cache.max.bytes} shared evenly by the threads, as Kafka Streams shares it. Changed only on
 * the stream thread.
 */
public final class CacheBudget {

    private final long maxBytes;
    private long usedBytes;

    public CacheBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(long bytes) {
        usedBytes += bytes;
    }

    boolean exceeded() {
        return usedBytes > maxBytes;
    }

    long usedBytes() {
        return usedBytes;
    }
}
