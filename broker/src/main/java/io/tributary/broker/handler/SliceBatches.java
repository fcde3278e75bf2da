package io.tributary.broker.handler;

import io.tributary.broker.share.SharePartition;
import io.tributary.log.FileSlice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches of a log read, from their headers alone: where each lies in the segment file and which offsets it
 * holds, so a share fetch can acquire by batch and send just the part of the file that holds what it acquired,
 * without reading the records. RecordBatch v2 header: base offset (int64) at 0, batch length (int32, bytes after
 * this field) at 8, last offset delta (int32) at 23. A batch cut short by the read's byte limit is left out.
 */
final class SliceBatches {

    static final int HEADER_BYTES = 27;

    /** One batch: {@code [firstOffset, lastOffset]}, at {@code position} in the file, {@code size} bytes long. */
    record Batch(long firstOffset, long lastOffset, long position, int size) {
        SharePartition.LogBatch offsets() {
            return new SharePartition.LogBatch(firstOffset, lastOffset);
        }
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
                out.add(new Batch(base, base + header.getInt(23), position, size));
                position += size;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
