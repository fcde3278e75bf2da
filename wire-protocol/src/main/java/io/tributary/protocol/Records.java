package io.tributary.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The bytes of a {@code records} field: a record set the codec carries without looking inside it. Decoders
 * produce {@link HeapRecords} (a slice of the request frame, not a copy); the broker's fetch path supplies
 * {@link FileRecords} (a range of a segment file) so that the bytes go from page cache to socket. Other modules
 * may implement it for other sources.
 *
 * <p>When a message is encoded as chunks ({@link Message#toChunks}, {@code ResponseFrame.encodeChunks}) each
 * non-empty record set becomes a chunk of its own, by reference; only the single-buffer encoding
 * ({@link Message#toBuffer}) copies it, through {@link #copyTo}.
 *
 * <p>Equality: implementations compare as values of their own kind ({@link HeapRecords} by content,
 * {@link FileRecords} by channel and range); a heap and a file record set never compare equal.
 */
public interface Records {

    /** The number of bytes, as written in the field's length prefix. */
    int sizeInBytes();

    /**
     * Copies all the bytes into {@code destination} at its position, advancing it. This is the slow path (a
     * file-backed record set is read into the heap); the zero-copy path is {@link #writeTo}.
     *
     * @throws java.io.UncheckedIOException if the bytes cannot be read
     */
    void copyTo(ByteBuffer destination);

    /**
     * Writes the bytes from {@code offset} (within this record set) to the end, as far as {@code target} takes
     * them in one call — a non-blocking channel may take fewer. A file-backed record set uses
     * {@link java.nio.channels.FileChannel#transferTo}, which is {@code sendfile} on Linux.
     *
     * @return the number of bytes written
     */
    long writeTo(WritableByteChannel target, long offset) throws IOException;
}
