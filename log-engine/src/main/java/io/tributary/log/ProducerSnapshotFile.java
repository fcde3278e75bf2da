package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Producer-state snapshots, files {@code <offset>.snapshot} in the partition directory (offset zero-padded to 20
 * digits): the state after applying every batch below that offset, taken when a segment rolls and on close, so
 * startup replays only the log after the newest usable snapshot. Format, big-endian:
 * <pre>
 *   int16 version (1)   int32 crc32c of everything after it   int32 producer count
 *   per producer: int64 producerId, int16 epoch, int32 coordinatorEpoch, int64 lastTimestamp,
 *                 int64 currentTxnFirstOffset (-1 = none), int8 batch count,
 *                 per batch: int32 firstSequence, int32 lastSequence, int64 firstOffset, int64 lastOffset,
 *                            int64 timestamp
 * </pre>
 * Written to a temporary file, fsynced and renamed; a file that fails its CRC is ignored (and deleted).
 */
final class ProducerSnapshotFile {

    static final String SUFFIX = ".snapshot";
    private static final short VERSION = 1;

    private ProducerSnapshotFile() {
    }

    static Path path(Path dir, long offset) {
        return dir.resolve(SegmentFiles.name(offset) + SUFFIX);
    }

    static void write(Path dir, long offset, List<ProducerStateEntry> entries) throws IOException {
        int size = 4;
        for (ProducerStateEntry e : entries) {
            size += 8 + 2 + 4 + 8 + 8 + 1 + e.batches.size() * (4 + 4 + 8 + 8 + 8);
        }
        ByteBuffer body = ByteBuffer.allocate(size).putInt(entries.size());
        for (ProducerStateEntry e : entries) {
            body.putLong(e.producerId).putShort(e.epoch).putInt(e.coordinatorEpoch).putLong(e.lastTimestamp)
                    .putLong(e.currentTxnFirstOffset).put((byte) e.batches.size());
            for (ProducerStateEntry.BatchMetadata b : e.batches) {
                body.putInt(b.firstSequence()).putInt(b.lastSequence()).putLong(b.firstOffset())
                        .putLong(b.lastOffset()).putLong(b.timestamp());
            }
        }
        body.flip();
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        ByteBuffer header = ByteBuffer.allocate(6).putShort(VERSION).putInt((int) crc.getValue()).flip();
        Path target = path(dir, offset);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(new ByteBuffer[] {header, body});
            out.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The entries of a snapshot, or null if the file is damaged. */
    static List<ProducerStateEntry> read(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
        try {
            if (all.getShort() != VERSION) {
                return null;
            }
            int expectedCrc = all.getInt();
            CRC32C crc = new CRC32C();
            crc.update(all.duplicate());
            if ((int) crc.getValue() != expectedCrc) {
                return null;
            }
            int count = all.getInt();
            List<ProducerStateEntry> entries = new ArrayList<>(Math.min(count, all.remaining() / 31));
            for (int i = 0; i < count; i++) {
                ProducerStateEntry e = new ProducerStateEntry(all.getLong());
                e.epoch = all.getShort();
                e.coordinatorEpoch = all.getInt();
                e.lastTimestamp = all.getLong();
                e.currentTxnFirstOffset = all.getLong();
                int batches = all.get();
                for (int b = 0; b < batches; b++) {
                    e.addBatch(new ProducerStateEntry.BatchMetadata(all.getInt(), all.getInt(), all.getLong(),
                            all.getLong(), all.getLong()));
                }
                entries.add(e);
            }
            return entries;
        } catch (java.nio.BufferUnderflowException e) {
            return null;
        }
    }

    /** Offsets of the snapshots in a directory, ascending. */
    static List<Long> offsets(Path dir) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                long offset = SegmentFiles.baseOffsetOf(f.getFileName().toString(), SUFFIX);
                if (offset >= 0) {
                    offsets.add(offset);
                }
            }
        }
        offsets.sort(Long::compare);
        return offsets;
    }
}
