package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse offset index of a segment, file {@code <baseOffset>.index}: a sorted array of 8-byte entries
 * <pre>
 *   int32 relativeOffset   base offset of a batch, minus the segment's base offset
 *   int32 position         byte position of that batch in the segment's .log file
 * </pre>
 * big-endian, one entry every {@code index.interval.bytes} of log. To find an offset, take the last entry at or
 * below it and scan batch headers forward from its position.
 *
 * <p>After a crash the file may hold zeros or stale entries past the last real one (it is preallocated and
 * memory-mapped); segments past the recovery point get their index rebuilt from the log, and any other index
 * that fails {@link #isConsistentWith} is rebuilt too.
 */
final class OffsetIndex extends IndexFile {

    static final int ENTRY_SIZE = 8;

    /** A floor match: the batch at {@code position} has base offset {@code offset}. */
    record Entry(long offset, int position) {
    }

    private final long baseOffset;

    OffsetIndex(Path path, long baseOffset, int maxBytes) throws IOException {
        super(path, ENTRY_SIZE, maxBytes);
        this.baseOffset = baseOffset;
    }

    private long offsetAt(int i) {
        return baseOffset + buffer().getInt(entryPosition(i));
    }

    private int positionAt(int i) {
        return buffer().getInt(entryPosition(i) + 4);
    }

    /** Adds an entry; offsets and positions must grow. */
    void append(long offset, int position) {
        int n = entries();
        if (n > 0 && (offset <= offsetAt(n - 1) || position <= positionAt(n - 1))) {
            throw new IllegalArgumentException("index entry (" + offset + ", " + position + ") does not follow ("
                    + offsetAt(n - 1) + ", " + positionAt(n - 1) + ") in " + path());
        }
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " out of range for segment " + baseOffset);
        }
        ByteBuffer b = buffer();
        int at = nextEntryPosition();
        b.putInt(at, (int) relative);
        b.putInt(at + 4, position);
        entryWritten();
    }

    /** The last entry whose offset is at most {@code target}, or the segment start. */
    Entry lookup(long target) {
        int i = floorIndex(target);
        return i < 0 ? new Entry(baseOffset, 0) : new Entry(offsetAt(i), positionAt(i));
    }

    private int floorIndex(long target) {
        int lo = 0;
        int hi = entries() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (offsetAt(mid) <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Drops the entries for offsets at or above {@code offset}. */
    void truncateTo(long offset) {
        keepEntries(floorIndex(offset - 1) + 1);
    }

    /** True if the entries are sorted, start inside the segment and point inside a log file of this size. */
    boolean isConsistentWith(long logSize) {
        long previousOffset = baseOffset - 1;
        int previousPosition = -1;
        for (int i = 0; i < entries(); i++) {
            long offset = offsetAt(i);
            int position = positionAt(i);
            if (offset <= previousOffset || position <= previousPosition || position >= logSize) {
                return false;
            }
            previousOffset = offset;
            previousPosition = position;
        }
        return true;
    }

    /** Forgets every entry, before a rebuild. */
    void clear() {
        keepEntries(0);
    }
}
