package io.tributary.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes Kafka protocol primitives, in one of two modes. The encodings are those described on
 * {@link ProtocolReader}.
 * <ul>
 * <li>Into one buffer ({@link #ProtocolWriter(ByteBuffer)}) sized beforehand with {@link Message#size}: record
 * sets are copied into it ({@link Records#copyTo}).</li>
 * <li>As chunks ({@link #chunked(int)} ... {@link #finishChunks()}): the bytes written go into heap buffers
 * allocated as needed, and each record set is appended by reference as a chunk of its own, after its length
 * prefix — see {@link EncodedChunks}.</li>
 * </ul>
 */
public final class ProtocolWriter {

    private ByteBuffer buffer;
    /** Null when writing into one buffer. */
    private final ChunkCollector chunks;

    /** A writer into {@code buffer}, from its position; writing past its limit fails. */
    public ProtocolWriter(ByteBuffer buffer) {
        this.buffer = buffer;
        this.chunks = null;
    }

    private ProtocolWriter(ChunkCollector chunks) {
        this.chunks = chunks;
        this.buffer = chunks.firstBuffer();
    }

    /**
     * A writer that encodes as chunks exactly {@code size} bytes — the size of what will be written, e.g.
     * {@link Message#size}; {@link #finishChunks()} fails if a different number was written.
     */
    public static ProtocolWriter chunked(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        return new ProtocolWriter(new ChunkCollector(size));
    }

    /** The chunks written, once everything is: only for a writer made by {@link #chunked}. */
    public EncodedChunks finishChunks() {
        if (chunks == null) {
            throw new IllegalStateException("not a chunked writer");
        }
        return chunks.finish(buffer);
    }

    /** Fails fast when a field that the version cannot carry as null is null. */
    public static void checkNotNull(Object value, boolean nullable, String field) {
        if (value == null && !nullable) {
            throw new IllegalArgumentException("non-nullable field " + field + " is null");
        }
    }

    /** The buffer to write the next {@code bytes} into: the current one, or a new chunk's when it is full. */
    private ByteBuffer room(int bytes) {
        if (buffer.remaining() < bytes) {
            if (chunks == null) {
                throw new IllegalStateException("writing " + bytes + " bytes with " + buffer.remaining()
                        + " left: the message wrote more than it sized");
            }
            buffer = chunks.grow(buffer, bytes);
        }
        return buffer;
    }

    public void writeBoolean(boolean value) {
        room(1).put(value ? (byte) 1 : (byte) 0);
    }

    public void writeInt8(byte value) {
        room(1).put(value);
    }

    public void writeInt16(short value) {
        room(2).putShort(value);
    }

    public void writeUint16(int value) {
        room(2).putShort((short) value);
    }

    public void writeInt32(int value) {
        room(4).putInt(value);
    }

    public void writeUint32(long value) {
        room(4).putInt((int) value);
    }

    public void writeInt64(long value) {
        room(8).putLong(value);
    }

    public void writeFloat64(double value) {
        room(8).putDouble(value);
    }

    public void writeUuid(UUID value) {
        room(16).putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits());
    }

    public void writeUnsignedVarint(int value) {
        ByteBuffer out = buffer.remaining() >= 5 ? buffer : room(WireSizes.unsignedVarint(value));
        int v = value;
        while ((v & 0xffffff80) != 0) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    private void writeLength(int length, boolean compact, boolean wide) {
        if (compact) {
            writeUnsignedVarint(length + 1);
        } else if (wide) {
            writeInt32(length);
        } else {
            writeInt16((short) length);
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
        room(bytes.length).put(bytes);
    }

    public void writeBytes(byte[] value, boolean compact) {
        if (value == null) {
            writeLength(-1, compact, true);
            return;
        }
        writeLength(value.length, compact, true);
        room(value.length).put(value);
    }

    public void writeBytes(ByteBuffer value, boolean compact) {
        if (value == null) {
            writeLength(-1, compact, true);
            return;
        }
        writeLength(value.remaining(), compact, true);
        room(value.remaining()).put(value.duplicate());
    }

    /**
     * Writes a records field: its length prefix, then its bytes — copied into the buffer, or, in chunked mode,
     * appended by reference as a chunk of their own.
     */
    public void writeRecords(Records value, boolean compact) {
        if (value == null) {
            writeLength(-1, compact, true);
            return;
        }
        int size = value.sizeInBytes();
        writeLength(size, compact, true);
        if (chunks != null) {
            chunks.appendRecords(buffer, value);
        } else {
            value.copyTo(room(size));
        }
    }

    public void writeArrayLength(int length, boolean compact) {
        writeLength(length, compact, true);
    }

    public void writeRawBytes(byte[] value) {
        room(value.length).put(value);
    }
}
