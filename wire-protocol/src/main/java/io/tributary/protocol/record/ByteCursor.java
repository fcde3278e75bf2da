package io.tributary.protocol.record;

import java.nio.ByteBuffer;

/**
 * A bounds-checked reader over {@code [position, limit)} of a buffer, using absolute gets so the
 * buffer itself is never moved. Reading past the limit raises {@link CorruptRecordException}
 * instead of a buffer exception; varints follow Kafka's zig-zag encoding.
 */
final class ByteCursor {

    private final ByteBuffer buffer;
    private final int limit;
    private int position;

    ByteCursor(ByteBuffer buffer, int position, int limit) {
        this.buffer = buffer;
        this.position = position;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    int remaining() {
        return limit - position;
    }

    byte readByte() {
        require(1, "byte");
        return buffer.get(position++);
    }

    int readVarint() {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readByte() & 0xff;
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new CorruptRecordException("Varint is longer than 5 bytes at position " + position);
    }

    long readVarlong() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            long b = readByte() & 0xff;
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new CorruptRecordException("Varlong is longer than 10 bytes at position " + position);
    }

    /** Returns a read-only slice of the next {@code length} bytes and skips them. */
    ByteBuffer readSlice(int length, String what) {
        require(length, what);
        ByteBuffer slice = buffer.duplicate().position(position).limit(position + length).slice().asReadOnlyBuffer();
        position += length;
        return slice;
    }

    private void require(int length, String what) {
        if (length < 0 || length > remaining()) {
            throw new CorruptRecordException("Record needs " + length + " bytes for its " + what
                    + " but only " + remaining() + " remain");
        }
    }
}
