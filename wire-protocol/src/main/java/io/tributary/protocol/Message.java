package io.tributary.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * A protocol message or struct that can size and write itself for any version it supports. Generated
 * classes (package {@code io.tributary.protocol.message}) implement it; they read themselves through a
 * constructor taking a {@link ProtocolReader} and a version.
 */
public interface Message {

    /** The zero UUID, which the protocol uses instead of null ("no topic id"). */
    UUID ZERO_UUID = new UUID(0L, 0L);

    /** The default of non-nullable bytes fields. */
    byte[] EMPTY_BYTES = new byte[0];

    short lowestSupportedVersion();

    short highestSupportedVersion();

    /** The exact number of bytes {@link #write} produces for this version. */
    int size(short version);

    void write(ProtocolWriter writer, short version);

    /** Tagged fields this codec does not know, kept so that re-encoding preserves them. */
    List<RawTaggedField> unknownTaggedFields();

    /**
     * Encodes this message alone into a new heap buffer, positioned at zero. Record sets are copied into it
     * (file-backed ones read from their file): the simple path, for tests and TLS; see {@link #toChunks}.
     */
    default ByteBuffer toBuffer(short version) {
        ByteBuffer buffer = ByteBuffer.allocate(size(version));
        write(new ProtocolWriter(buffer), version);
        if (buffer.hasRemaining()) {
            throw new IllegalStateException(getClass().getSimpleName() + " v" + version + " wrote "
                    + buffer.position() + " bytes but sized itself at " + buffer.limit());
        }
        return buffer.flip();
    }

    /**
     * Encodes this message alone as chunks: the bytes the codec writes in heap buffers, each non-empty record
     * set by reference in between. Nothing of a record set is copied.
     */
    default EncodedChunks toChunks(short version) {
        ProtocolWriter writer = ProtocolWriter.chunked(size(version));
        write(writer, version);
        return writer.finishChunks();
    }
}
