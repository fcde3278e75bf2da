package io.tributary.log;

import io.tributary.protocol.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the batch headers of a segment file from a position: one 61-byte positional read per batch, no record
 * bytes. Used to find where an offset starts and to replay producer state; never to validate (recovery reads
 * whole batches and checks their CRCs).
 */
final class BatchHeaderCursor {

    /** The whole v2 batch header (61 bytes): every field before the records. */
    private static final int PEEK = RecordBatch.HEADER_SIZE;
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

    boolean isControl() {
        return (header.getShort(21) & 0x20) != 0;
    }

    /** The producer-state facts of a non-control batch, from its header alone. */
    BatchFacts facts() {
        int baseSequence = header.getInt(53);
        int lastDelta = header.getInt(23);
        int lastSequence = baseSequence < 0 ? -1
                : (int) (((long) baseSequence + lastDelta) % (1L + Integer.MAX_VALUE));
        return new BatchFacts(header.getLong(43), header.getShort(51), baseSequence, lastSequence, baseOffset,
                lastOffset, maxTimestamp, (header.getShort(21) & 0x10) != 0, isControl(), null);
    }
}
