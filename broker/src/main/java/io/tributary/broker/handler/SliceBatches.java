package io.tributary.broker.handler;

import io.tributary.broker.share.SharePartition;
import io.tributary.log.FileSlice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches of a log read, from their headers alone: where each lies in the segment file, which offsets it holds
 * and whose it is, so a share fetch can acquire by batch and send just the part of the file that holds what it
 * acquired, without reading the records. RecordBatch v2 header: base offset (int64) at 0, batch length (int32, bytes
 * after this field) at 8, attributes (int16: bit 4 transactional, bit 5 control) at 21, last offset delta (int32) at
 * 23, producer id (int64) at 43. A batch cut short by the read's byte limit is left out.
 */
final class SliceBatches {

    static final int HEADER_BYTES = 51;
    private static final int TRANSACTIONAL = 1 << 4;
    private static final int CONTROL = 1 << 5;

    /**
     * One batch: {@code [firstOffset, lastOffset]}, at {@code position} in the file, {@code size} bytes long, of
     * {@code producerId} (-1: none).
     */
    record Batch(long firstOffset, long lastOffset, long position, int size, long producerId, boolean transactional,
                 boolean control) {
    }

    private SliceBatches() {
    }

    /** The whole batches of {@code slice}, in order. */
    static List<Batch> of(FileSlice slice) {
        List<Batch> out = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        long position = slice.position();
        long end = slice.position() + slice.length();
        try {
            while (position + HEADER_BYTES <= end) {
                header.clear();
                while (header.hasRemaining()) {
                    if (slice.channel().read(header, position + header.position()) < 0) {
                        return out;
                    }
                }
                long base = header.getLong(0);
                int size = 12 + header.getInt(8);
                if (size < HEADER_BYTES || position + size > end) {
                    return out;
                }
                short attributes = header.getShort(21);
                out.add(new Batch(base, base + header.getInt(23), position, size, header.getLong(43),
                        (attributes & TRANSACTIONAL) != 0, (attributes & CONTROL) != 0));
                position += size;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
