package io.tributary.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A record set that is a range of a file, typically a slice of a log segment. Encoded as chunks it is passed
 * on by reference, for the network layer to send with {@code sendfile} ({@link #writeTo}, or a Netty
 * {@code DefaultFileRegion} over the same channel and range). Reads are positional: the channel's own position
 * is never used or moved, so one channel serves any number of concurrent slices.
 *
 * @param channel  the open file; owned by whoever opened it (the log), never closed here
 * @param position where the range starts in the file
 * @param length   how many bytes it spans
 */
public record FileRecords(FileChannel channel, long position, int length) implements Records {

    public FileRecords {
        if (channel == null) {
            throw new IllegalArgumentException("channel is null");
        }
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("negative range: position " + position + ", length " + length);
        }
    }

    @Override
    public int sizeInBytes() {
        return length;
    }

    /** Reads the range into {@code destination}: the heap path, for tests and TLS connections. */
    @Override
    public void copyTo(ByteBuffer destination) {
        if (destination.remaining() < length) {
            throw new java.nio.BufferOverflowException();
        }
        ByteBuffer target = destination.slice().limit(length);
        try {
            while (target.hasRemaining()) {
                int n = channel.read(target, position + target.position());
                if (n < 0) {
                    throw new IOException("file ended before byte " + (position + length) + " of a record set");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        destination.position(destination.position() + length);
    }

    @Override
    public long writeTo(WritableByteChannel target, long offset) throws IOException {
        if (offset < 0 || offset > length) {
            throw new IllegalArgumentException("offset " + offset + " outside 0.." + length);
        }
        return channel.transferTo(position + offset, length - offset, target);
    }
}
