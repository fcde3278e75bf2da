package io.tributary.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A message or frame encoded as a sequence of chunks, in wire order, whose concatenation is the encoding.
 * Every chunk is a {@link Records}: the bytes the codec wrote are {@link HeapRecords} over slices of heap
 * buffers, and each non-empty record set of the message is its own chunk — the very object the message holds,
 * never copied, so a {@link FileRecords} can be sent with {@code sendfile}. The total size is exact and known
 * before any chunk is sent (it is what the frame's size prefix says, plus the prefix).
 *
 * <p>The chunks share the memory of the record sets and of each other's buffers: send them before the record
 * sets' owner (a log segment, a request frame) releases them.
 */
public final class EncodedChunks {

    private final List<Records> chunks;
    private final int sizeInBytes;

    EncodedChunks(List<Records> chunks, int sizeInBytes) {
        this.chunks = List.copyOf(chunks);
        this.sizeInBytes = sizeInBytes;
    }

    /** The chunks in wire order; none is empty. */
    public List<Records> chunks() {
        return chunks;
    }

    /** The total number of bytes of all chunks. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /**
     * Concatenates the chunks into one new heap buffer, positioned at zero. This copies every record set
     * (reading file-backed ones): for tests and for connections that cannot send files, such as TLS.
     */
    public ByteBuffer toBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(sizeInBytes);
        for (Records chunk : chunks) {
            chunk.copyTo(buffer);
        }
        return buffer.flip();
    }

    @Override
    public String toString() {
        return "EncodedChunks[" + chunks.size() + " chunks, " + sizeInBytes + " bytes]";
    }
}
