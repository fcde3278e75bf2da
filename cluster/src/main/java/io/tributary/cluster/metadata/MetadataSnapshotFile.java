package io.tributary.cluster.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A metadata image on disk, so that a restart replays only the log after it.
 *
 * <pre>
 * int32  magic     0x54524D53 ("TRMS")
 * int16  version   0
 * int64  term      Raft term of the last entry the image includes
 * int64  index     Raft index of the last entry the image includes (the image's offset)
 * bytes  batch     one {@link MetadataBatch} (its controllerTerm is the term above) holding
 *                  {@link MetadataImage#toRecords()}, preceded by its int32 length
 * int32  crc       CRC32C of every byte before it
 * </pre>
 *
 * <p>Crash safety: the file is written to {@code <name>.tmp}, forced to disk, then renamed over the final
 * name, so the final name only ever holds a complete file. A file with a bad magic, version, length or CRC is
 * refused with {@link MetadataFormatException}; the caller then falls back to an older snapshot or the log.
 */
public final class MetadataSnapshotFile {
    private static final int MAGIC = 0x54524D53;
    private static final short VERSION = 0;

    /** What a snapshot file holds. */
    public record Content(long term, long index, MetadataImage image) {
    }

    private MetadataSnapshotFile() {
    }

    /** Writes {@code image}, which includes every entry up to ({@code term}, {@code index}), to {@code file}. */
    public static void write(Path file, long term, long index, MetadataImage image) throws IOException {
        byte[] batch = new MetadataBatch(term, image.toRecords()).encode();
        ByteBuffer buffer = ByteBuffer.allocate(4 + 2 + 8 + 8 + 4 + batch.length + 4);
        buffer.putInt(MAGIC).putShort(VERSION).putLong(term).putLong(index).putInt(batch.length).put(batch);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads a snapshot file written by {@link #write}. */
    public static Content read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buffer.remaining() < 4 + 2 + 8 + 8 + 4 + 4) {
            throw new MetadataFormatException(file + ": too short for a snapshot");
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.limit() - 4);
        if ((int) crc.getValue() != buffer.getInt(buffer.limit() - 4)) {
            throw new MetadataFormatException(file + ": CRC mismatch");
        }
        if (buffer.getInt() != MAGIC || buffer.getShort() != VERSION) {
            throw new MetadataFormatException(file + ": not a metadata snapshot");
        }
        long term = buffer.getLong();
        long index = buffer.getLong();
        int length = buffer.getInt();
        if (length != buffer.remaining() - 4) {
            throw new MetadataFormatException(file + ": batch length " + length + " does not fit the file");
        }
        ByteBuffer batchBytes = buffer.slice().limit(length);
        List<MetadataRecord> records = MetadataBatch.decode(batchBytes).records();
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(records).apply(index);
        return new Content(term, index, image);
    }
}
