package io.tributary.log;

import io.tributary.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the batch headers of a segment file from a position, reading only what offset and position arithmetic
 * needs (base offset, length, last offset delta, max timestamp): one small positional read per batch, no
 * record bytes. Used by reads to find where an offset starts; never to validate (recovery reads whole batches).
 */
final class BatchHeaderCursor {

    /** Bytes of a v2 header that hold what this cursor reads: up to and including the max timestamp. */
    private static final int PEEK = 43;
    private static final int LOG_OVERHEAD = 12;

    private final FileChannel channel;
    private final int end;
    private final ByteBuffer header = ByteBuffer.allocate(PEEK);
    private int position;
    private int size;
    private long baseOffset;
    private long lastOffset;
    private long maxTimestamp;

    BatchHeaderCursor(FileChannel channel, int start, int end) {
        this.channel = channel;
        this.position = start;
        this.end = end;
        this.size = 0;
    }

    /** Moves to the next batch; false at the end or at a batch that does not fit before the end. */
    boolean next() throws IOException {
        int at = position + size;
        if (end - at < PEEK) {
            position = at;
            size = 0;
            return false;
        }
        header.clear();
        while (header.hasRemaining()) {
            if (channel.read(header, at + header.position()) < 0) {
                return false;
            }
        }
        int batchSize = header.getInt(8) + LOG_OVERHEAD;
        if (batchSize < RecordBatch.HEADER_SIZE || batchSize > end - at) {
            position = at;
            size = 0;
            return false;
        }
        position = at;
        size = batchSize;
        baseOffset = header.getLong(0);
        lastOffset = baseOffset + header.getInt(23);
        maxTimestamp = header.getLong(35);
        return true;
    }

    int position() {
        return position;
    }

    int size() {
        return size;
    }

    long baseOffset() {
        return baseOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }
}
