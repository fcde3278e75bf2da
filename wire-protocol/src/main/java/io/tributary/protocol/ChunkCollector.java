package io.tributary.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunked mode of a {@link ProtocolWriter}: collects the bytes the codec writes into heap buffers and cuts
 * them into chunks around each record set, which it appends by reference. Buffers are allocated as the codec
 * needs them — never more in all than the message's size minus the record sets already appended — so a fetch
 * response of megabytes of records costs only its framing bytes of heap.
 */
final class ChunkCollector {

    /** The first buffer's capacity when the message is larger: enough for most responses' framing bytes. */
    static final int FIRST_BUFFER_BYTES = 16 * 1024;

    private final int expectedSize;
    private final List<Records> chunks = new ArrayList<>();
    /** Bytes in closed chunks. */
    private int closedBytes;
    /** Where the open chunk starts in the current buffer. */
    private int chunkStart;

    ChunkCollector(int expectedSize) {
        this.expectedSize = expectedSize;
    }

    ByteBuffer firstBuffer() {
        return ByteBuffer.allocate(Math.min(expectedSize, FIRST_BUFFER_BYTES));
    }

    /**
     * Closes the open chunk of {@code full} and returns a new buffer with room for at least {@code bytes}
     * more: twice the last one's size, bounded by what the message can still write.
     */
    ByteBuffer grow(ByteBuffer full, int bytes) {
        closeHeapChunk(full);
        int budget = expectedSize - closedBytes;
        if (bytes > budget) {
            throw oversize(closedBytes + bytes);
        }
        chunkStart = 0;
        int capacity = Math.max(bytes, (int) Math.min(budget, 2L * full.capacity()));
        return ByteBuffer.allocate(capacity);
    }

    /** Closes the open chunk of {@code current} and appends {@code records} as a chunk of its own. */
    void appendRecords(ByteBuffer current, Records records) {
        int size = records.sizeInBytes();
        if (size == 0) {
            return;
        }
        closeHeapChunk(current);
        if (closedBytes + size > expectedSize) {
            throw oversize(closedBytes + size);
        }
        chunks.add(records);
        closedBytes += size;
    }

    /** Closes the last chunk and checks that the message wrote exactly the size it announced. */
    EncodedChunks finish(ByteBuffer current) {
        closeHeapChunk(current);
        if (closedBytes != expectedSize) {
            throw new IllegalStateException("message wrote " + closedBytes + " bytes but sized itself at "
                    + expectedSize);
        }
        return new EncodedChunks(chunks, expectedSize);
    }

    private void closeHeapChunk(ByteBuffer current) {
        int end = current.position();
        if (end > chunkStart) {
            chunks.add(new HeapRecords(current.slice(chunkStart, end - chunkStart)));
            closedBytes += end - chunkStart;
        }
        chunkStart = end;
    }

    private IllegalStateException oversize(int bytes) {
        return new IllegalStateException("message wrote at least " + bytes + " bytes but sized itself at "
                + expectedSize);
    }
}
