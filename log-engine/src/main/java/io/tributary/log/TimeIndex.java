package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse time index of a segment, file {@code <baseOffset>.timeindex}: a sorted array of 12-byte entries
 * <pre>
 *   int64 timestamp        the largest record timestamp in the segment up to and including that batch
 *   int32 relativeOffset   base offset of that batch, minus the segment's base offset
 * </pre>
 * big-endian, written beside offset-index entries whenever the largest timestamp grew. Timestamps strictly grow
 * from entry to entry, so every record before an entry's batch has a timestamp at most the entry's: the first
 * record at or after a time T lies at or after the batch of the last entry below T. Crash handling is that of
 * {@link OffsetIndex}.
 */
final class TimeIndex extends IndexFile {

    static final int ENTRY_SIZE = 12;

    /** The batch with base offset {@code offset} ends a prefix whose largest timestamp is {@code timestamp}. */
    record Entry(long timestamp, long offset) {
    }

    private final long baseOffset;

    TimeIndex(Path path, long baseOffset, int maxBytes) throws IOException {
        super(path, ENTRY_SIZE, maxBytes);
        this.baseOffset = baseOffset;
    }

    private long timestampAt(int i) {
        return buffer().getLong(entryPosition(i));
    }

    private long offsetAt(int i) {
        return baseOffset + buffer().getInt(entryPosition(i) + 8);
    }

    long lastTimestamp() {
        return entries() == 0 ? Long.MIN_VALUE : timestampAt(entries() - 1);
    }

    /** Adds an entry if the timestamp grew since the last one and there is room. */
    void maybeAppend(long timestamp, long offset) {
        int n = entries();
        if (isFull() || (n > 0 && (timestamp <= timestampAt(n - 1) || offset < offsetAt(n - 1)))) {
            return;
        }
        ByteBuffer b = buffer();
        int at = nextEntryPosition();
        b.putLong(at, timestamp);
        b.putInt(at + 8, (int) (offset - baseOffset));
        entryWritten();
    }

    /** The last entry with a timestamp below {@code target}, or null if there is none. */
    Entry lastBefore(long target) {
        int lo = 0;
        int hi = entries() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (timestampAt(mid) < target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? null : new Entry(timestampAt(found), offsetAt(found));
    }

    /** Drops the entries for offsets at or above {@code offset}. */
    void truncateTo(long offset) {
        int keep = 0;
        while (keep < entries() && offsetAt(keep) < offset) {
            keep++;
        }
        keepEntries(keep);
    }

    /** True if timestamps strictly grow and offsets grow and stay below {@code nextOffset}. */
    boolean isConsistentWith(long nextOffset) {
        long previousTimestamp = Long.MIN_VALUE;
        long previousOffset = baseOffset - 1;
        for (int i = 0; i < entries(); i++) {
            long ts = timestampAt(i);
            long offset = offsetAt(i);
            if ((i > 0 && ts <= previousTimestamp) || offset < previousOffset || offset < baseOffset
                    || offset >= nextOffset) {
                return false;
            }
            previousTimestamp = ts;
            previousOffset = offset;
        }
        return true;
    }

    void clear() {
        keepEntries(0);
    }
}
