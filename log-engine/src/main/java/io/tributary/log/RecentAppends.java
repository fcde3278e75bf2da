package io.tributary.log;

/**
 * Where the last appends to a segment start: (first offset, file position, size of the first batch) of each,
 * the newest 64. A consumer tailing the log fetches from exactly such an offset — the log end offset it saw last
 * — so its read finds the position here instead of walking batch headers from the sparse index entry with one
 * positional read per batch (up to dozens per fetch for small batches). Allocation-free; its own monitor, held
 * for a few array accesses, so readers never wait on the append lock.
 */
final class RecentAppends {

    private static final int CAPACITY = 64;

    private final long[] firstOffsets = new long[CAPACITY];
    private final int[] positions = new int[CAPACITY];
    private final int[] firstBatchSizes = new int[CAPACITY];
    private int count;
    private int next;

    synchronized void record(long firstOffset, int position, int firstBatchSize) {
        firstOffsets[next] = firstOffset;
        positions[next] = position;
        firstBatchSizes[next] = firstBatchSize;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
    }

    /**
     * The position and first-batch size of the append that started at {@code offset}, packed as
     * {@code position << 32 | size}; -1 if none of the recent appends started there.
     */
    synchronized long find(long offset) {
        for (int i = 1; i <= count; i++) {
            int slot = (next - i + CAPACITY) % CAPACITY;
            if (firstOffsets[slot] == offset) {
                return (long) positions[slot] << 32 | (firstBatchSizes[slot] & 0xffffffffL);
            }
        }
        return -1;
    }

    /** Forgets everything (the segment was truncated or rebuilt: positions may now hold other batches). */
    synchronized void clear() {
        count = 0;
        next = 0;
    }
}
