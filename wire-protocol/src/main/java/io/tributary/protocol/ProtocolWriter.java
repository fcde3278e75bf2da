package io.tributary.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes Kafka protocol primitives into a buffer sized beforehand with {@link Message#size}. The encodings are
 * those described on {@link ProtocolReader}.
 */
public final class ProtocolWriter {

    private final ByteBuffer buffer;

    public ProtocolWriter(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /** Fails fast when a field that the version cannot carry as null is null. */
    public static void checkNotNull(Object value, boolean nullable, String field) {
        if (value == null && !nullable) {
            throw new IllegalArgumentException("non-nullable field " + field + " is null");
        }
    }

    public void writeBoolean(boolean value) {
        buffer.put(value ? (byte) 1 : (byte) 0);
    }

    public void writeInt8(byte value) {
        buffer.put(value);
    }

    public void writeInt16(short value) {
        buffer.putShort(value);
    }

    public void writeUint16(int value) {
        buffer.putShort((short) value);
    }

    public void writeInt32(int value) {
        buffer.putInt(value);
    }

    public void writeUint32(long value) {
        buffer.putInt((int) value);
    }

    public void writeInt64(long value) {
        buffer.putLong(value);
    }

    public void writeFloat64(double value) {
        buffer.putDouble(value);
    }

    public void writeUuid(UUID value) {
        buffer.putLong(value.getMostSignificantBits());
        buffer.putLong(value.getLeastSignificantBits());
    }

    public void writeUnsignedVarint(int value) {
        int v = value;
        while ((v & 0xffffff80) != 0) {
            buffer.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    private void writeLength(int length, boolean compact, boolean wide) {
        if (compact) {
            writeUnsignedVarint(length + 1);
        } else if (wide) {
            buffer.putInt(length);
        } else {
            buffer.putShort((short) length);
        }
    }

    public void writeString(String value, boolean compact) {
        if (value == null) {
            writeLength(-1, compact, false);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes is longer than 32767");
        }
        writeLength(bytes.length, compact, false);
        buffer.put(bytes);
    }

    public void writeBytes(byte[] value, boolean compact) {
        if (value == null) {
            writeLength(-1, compact, true);
            return;
        }
        writeLength(value.length, compact, true);
        buffer.put(value);
    }

    public void writeBytes(ByteBuffer value, boolean compact) {
        if (value == null) {
            writeLength(-1, compact, true);
            return;
        }
        writeLength(value.remaining(), compact, true);
        buffer.put(value.duplicate());
    }

    /** Writes a records field: its length prefix, then its bytes, copied into the buffer. */
    public void writeRecords(Records value, boolean compact) {
        if (value == null) {
            writeLength(-1, compact, true);
            return;
        }
        writeLength(value.sizeInBytes(), compact, true);
        value.copyTo(buffer);
    }

    public void writeArrayLength(int length, boolean compact) {
        writeLength(length, compact, true);
    }

    public void writeRawBytes(byte[] value) {
        buffer.put(value);
    }
}
