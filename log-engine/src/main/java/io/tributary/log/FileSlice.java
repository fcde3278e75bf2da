package io.tributary.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A range of a segment file holding whole record batches (the last one may be cut short by a byte limit, which
 * Kafka clients expect and skip). The network layer sends it with {@code sendfile}
 * ({@link FileChannel#transferTo}); {@link #readAll()} is the heap path for callers that need the bytes.
 *
 * @param channel  the segment's open channel; owned by the segment, never closed by the holder of a slice
 * @param position where the range starts in the file
 * @param length   how many bytes it spans
 */
public record FileSlice(FileChannel channel, long position, int length) {

    /** Copies the range into a new heap buffer. */
    public ByteBuffer readAll() {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new IOException("segment file ended before " + (position + length));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.flip();
    }
}
