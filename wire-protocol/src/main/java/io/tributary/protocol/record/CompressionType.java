package io.tributary.protocol.record;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Compression of a batch's records section: bits 0-2 of the batch attributes. The whole records
 * section is one compressed stream, in the same container format Kafka uses for each codec:
 * <ul>
 *   <li>GZIP: RFC 1952 members ({@code java.util.zip});</li>
 *   <li>SNAPPY: xerial snappy-java's framing (not the official snappy framing format);</li>
 *   <li>LZ4: the LZ4 frame format, 64 KiB independent blocks, no checksums written; frames with
 *       content size, block or content checksums (as librdkafka may write) are read too;</li>
 *   <li>ZSTD: one or more zstd frames (zstd-jni).</li>
 * </ul>
 *
 * <p>Decompression is bounded: {@link #wrapForInput} yields at most a given number of bytes and
 * reports every codec failure as {@link CorruptRecordException}.
 */
public enum CompressionType {
    /** Records are stored as is. */
    NONE(0, "none") {
        @Override
        OutputStream open(OutputStream out) {
            return out;
        }

        @Override
        InputStream open(InputStream in) {
            return in;
        }
    },
    /** gzip, as produced by {@code java.util.zip.GZIPOutputStream}. */
    GZIP(1, "gzip") {
        @Override
        OutputStream open(OutputStream out) throws IOException {
            return new GZIPOutputStream(out, BUFFER_SIZE);
        }

        @Override
        InputStream open(InputStream in) throws IOException {
            return new GZIPInputStream(in, BUFFER_SIZE);
        }
    },
    /** snappy in xerial framing. */
    SNAPPY(2, "snappy") {
        @Override
        OutputStream open(OutputStream out) {
            return new SnappyOutputStream(out);
        }

        @Override
        InputStream open(InputStream in) throws IOException {
            return new SnappyInputStream(in);
        }

        @Override
        void precheck(ByteBuffer compressed, long limit) {
            SnappyFraming.check(compressed, limit);
        }
    },
    /** LZ4 frame format. */
    LZ4(3, "lz4") {
        @Override
        OutputStream open(OutputStream out) throws IOException {
            return new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
        }

        @Override
        InputStream open(InputStream in) throws IOException {
            return new LZ4FrameInputStream(in);
        }
    },
    /** Zstandard, level 3 when writing. */
    ZSTD(4, "zstd") {
        @Override
        OutputStream open(OutputStream out) throws IOException {
            return new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
        }

        @Override
        InputStream open(InputStream in) throws IOException {
            return new ZstdInputStreamNoFinalizer(in);
        }
    };

    private static final int BUFFER_SIZE = 8 * 1024;
    private static final int ZSTD_LEVEL = 3;

    private final byte id;
    private final String displayName;

    CompressionType(int id, String displayName) {
        this.id = (byte) id;
        this.displayName = displayName;
    }

    /** @return the attribute value (0-4) */
    public byte id() {
        return id;
    }

    /** @return Kafka's configuration name ({@code none}, {@code gzip}, ...) */
    public String displayName() {
        return displayName;
    }

    /**
     * @param id attribute bits 0-2
     * @return the compression type with that id
     * @throws IllegalArgumentException for ids 5-7 or any other unknown id
     */
    public static CompressionType forId(int id) {
        for (CompressionType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown compression type id " + id);
    }

    /**
     * Opens a compressing stream over {@code out}. Closing the returned stream finishes the
     * compressed data and closes {@code out}.
     *
     * @param out where compressed bytes go
     * @return the stream to write uncompressed bytes to
     * @throws IOException if the codec fails to start (e.g. a native library is missing)
     */
    public OutputStream wrapForOutput(OutputStream out) throws IOException {
        return open(out);
    }

    /**
     * Opens a bounded decompressing stream over the remaining bytes of {@code compressed}
     * (the buffer's position is not moved). Reads throw {@link CorruptRecordException} when the
     * data is invalid or would decompress to more than {@code maxDecompressedBytes}.
     *
     * @param compressed           compressed bytes, position to limit
     * @param maxDecompressedBytes most bytes the stream may yield
     * @return a stream of the uncompressed bytes
     * @throws CorruptRecordException if the stream header is already invalid
     */
    public InputStream wrapForInput(ByteBuffer compressed, long maxDecompressedBytes) {
        precheck(compressed.duplicate(), maxDecompressedBytes);
        try {
            return new GuardedInputStream(open(new ByteBufferInputStream(compressed)), this, maxDecompressedBytes);
        } catch (IOException | RuntimeException e) {
            throw GuardedInputStream.corrupt(this, e);
        }
    }

    abstract OutputStream open(OutputStream out) throws IOException;

    abstract InputStream open(InputStream in) throws IOException;

    void precheck(ByteBuffer compressed, long limit) {
    }

    @Override
    public String toString() {
        return displayName;
    }
}
