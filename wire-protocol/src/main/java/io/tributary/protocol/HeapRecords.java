package io.tributary.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A record set in memory: the bytes between a buffer's position and limit when it was wrapped. Decoders
 * wrap a slice of the frame, so nothing is copied and {@link #buffer()} may be patched in place (base offsets,
 * timestamps) before the bytes are appended to a log.
 */
public final class HeapRecords implements Records {

    private final ByteBuffer buffer;

    /** Wraps {@code buffer}'s remaining bytes; later moves of the caller's position or limit do not matter. */
    public HeapRecords(ByteBuffer buffer) {
        this.buffer = buffer.slice();
    }

    /** A view of the bytes, positioned at zero, sharing their content (writes through it are visible here). */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    @Override
    public int sizeInBytes() {
        return buffer.remaining();
    }

    @Override
    public void copyTo(ByteBuffer destination) {
        destination.put(buffer.duplicate());
    }

    @Override
    public long writeTo(WritableByteChannel target, long offset) throws IOException {
        if (offset < 0 || offset > buffer.remaining()) {
            throw new IllegalArgumentException("offset " + offset + " outside 0.." + buffer.remaining());
        }
        return target.write(buffer.duplicate().position((int) offset));
    }

    /** Equal to another heap record set with the same bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HeapRecords other && buffer.equals(other.buffer);
    }

    @Override
    public int hashCode() {
        return buffer.hashCode();
    }

    @Override
    public String toString() {
        return "HeapRecords[" + buffer.remaining() + " bytes]";
    }
}
