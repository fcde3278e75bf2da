package io.tributary.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads Kafka protocol primitives from one frame. Every length is checked against what is left of the frame
 * before anything is allocated, so hostile input ends in a {@link ProtocolDecodeException}, never a buffer
 * exception and never an allocation larger than the frame.
 *
 * <p>Encodings (big-endian): int8/16/32/64, uint16, uint32, float64 (IEEE 754), uuid (16 bytes), unsigned
 * varint (7 bits a byte, low first, at most 5 bytes), string (int16 length, -1 = null, then UTF-8), bytes and
 * records (int32 length, -1 = null), array (int32 count, -1 = null). In flexible versions strings, bytes,
 * records and arrays are "compact": their length is an unsigned varint of length + 1, with 0 meaning null.
 */
public final class ProtocolReader {

    private final ByteBuffer buffer;

    /** Reads from {@code buffer}'s position to its limit; the caller's buffer is not moved. */
    public ProtocolReader(ByteBuffer buffer) {
        this.buffer = buffer.slice().order(ByteOrder.BIG_ENDIAN);
    }

    public int remaining() {
        return buffer.remaining();
    }

    public int position() {
        return buffer.position();
    }

    private void need(int bytes, String what) {
        if (bytes < 0) {
            throw new ProtocolDecodeException(what + ": negative length " + bytes);
        }
        if (bytes > buffer.remaining()) {
            throw new ProtocolDecodeException("truncated: " + what + " needs " + bytes + " bytes, "
                    + buffer.remaining() + " left");
        }
    }

    public boolean readBoolean() {
        return readInt8() != 0;
    }

    public byte readInt8() {
        need(1, "int8");
        return buffer.get();
    }

    public short readInt16() {
        need(2, "int16");
        return buffer.getShort();
    }

    public int readUint16() {
        return readInt16() & 0xffff;
    }

    public int readInt32() {
        need(4, "int32");
        return buffer.getInt();
    }

    public long readUint32() {
        return readInt32() & 0xffffffffL;
    }

    public long readInt64() {
        need(8, "int64");
        return buffer.getLong();
    }

    public double readFloat64() {
        need(8, "float64");
        return buffer.getDouble();
    }

    public UUID readUuid() {
        need(16, "uuid");
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    public int readUnsignedVarint() {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = readInt8();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new ProtocolDecodeException("unsigned varint longer than 5 bytes");
    }

    /**
     * Reads a length prefix: an int16 or int32 (non-flexible) or an unsigned varint of length + 1 (compact).
     * Returns -1 for null; refuses null where it is not allowed and any length beyond the frame.
     */
    private int readLength(boolean compact, boolean wide, boolean nullable, String field) {
        int length = compact ? readUnsignedVarint() - 1 : wide ? readInt32() : readInt16();
        if (length < 0) {
            if (length != -1) {
                throw new ProtocolDecodeException(field + ": negative length " + length);
            }
            if (!nullable) {
                throw new ProtocolDecodeException("non-nullable field " + field + " was serialized as null");
            }
            return -1;
        }
        if (length > buffer.remaining()) {
            throw new ProtocolDecodeException(field + ": length " + length + " exceeds the "
                    + buffer.remaining() + " bytes left");
        }
        return length;
    }

    public String readString(boolean compact, boolean nullable, String field) {
        int length = readLength(compact, false, nullable, field);
        if (length < 0) {
            return null;
        }
        String s;
        if (buffer.hasArray()) {
            s = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
        } else {
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            s = new String(bytes, StandardCharsets.UTF_8);
        }
        return s;
    }

    public byte[] readBytes(boolean compact, boolean nullable, String field) {
        int length = readLength(compact, true, nullable, field);
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /** A bytes field as a slice of the frame (no copy); the slice lives as long as the frame's buffer. */
    public ByteBuffer readBytesSlice(boolean compact, boolean nullable, String field) {
        int length = readLength(compact, true, nullable, field);
        return length < 0 ? null : slice(length).buffer;
    }

    /** A records field as a slice of the frame (no copy). */
    public HeapRecords readRecords(boolean compact, boolean nullable, String field) {
        ByteBuffer slice = readBytesSlice(compact, nullable, field);
        return slice == null ? null : new HeapRecords(slice);
    }

    /** Reads an array's element count; -1 for null. A count above the bytes left is refused. */
    public int readArrayLength(boolean compact, boolean nullable, String field) {
        return readLength(compact, true, nullable, field);
    }

    public byte[] readRawBytes(int length) {
        need(length, "raw bytes");
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /** A reader over the next {@code length} bytes; this reader moves past them. */
    public ProtocolReader slice(int length) {
        need(length, "slice");
        ByteBuffer part = buffer.slice().limit(length);
        buffer.position(buffer.position() + length);
        return new ProtocolReader(part);
    }

    /** Fails if bytes are left: a decoder must consume exactly the frame (or tagged value) it was given. */
    public void requireFullyRead(String what) {
        if (buffer.hasRemaining()) {
            throw new ProtocolDecodeException(what + ": " + buffer.remaining() + " unread bytes");
        }
    }
}
