package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The aborted transactions whose ABORT marker lies in a segment, file {@code <baseOffset>.txnindex}: an
 * append-only array of 34-byte entries
 * <pre>
 *   int16 version           0
 *   int64 producerId
 *   int64 firstOffset
 *   int64 lastOffset        the marker's offset
 *   int64 lastStableOffset
 * </pre>
 * big-endian. Entries are few (one per aborted transaction) and read whole. A file with a torn or implausible
 * entry is rebuilt by replaying the segment's batches, like the other indexes.
 */
final class TransactionIndex implements AutoCloseable {

    static final int ENTRY_SIZE = 34;
    private static final short VERSION = 0;

    private final Path path;
    private FileChannel channel;
    private final List<AbortedTxn> entries = new java.util.concurrent.CopyOnWriteArrayList<>();

    TransactionIndex(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long size = channel.size();
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE));
        while (all.hasRemaining() && channel.read(all, all.position()) >= 0) {
            // read everything
        }
        all.flip();
        while (all.remaining() >= ENTRY_SIZE) {
            short version = all.getShort();
            AbortedTxn txn = new AbortedTxn(all.getLong(), all.getLong(), all.getLong(), all.getLong());
            if (version != VERSION) {
                entries.clear();
                entries.add(null);   // marks the file unreadable for isConsistentWith
                break;
            }
            entries.add(txn);
        }
        if (size % ENTRY_SIZE != 0) {
            entries.add(null);
        }
    }

    void append(AbortedTxn txn) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE).putShort(VERSION).putLong(txn.producerId())
                .putLong(txn.firstOffset()).putLong(txn.lastOffset()).putLong(txn.lastStableOffset()).flip();
        long at = (long) entries.size() * ENTRY_SIZE;
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
        entries.add(txn);
    }

    /** True if every entry is whole and its marker lies in {@code [baseOffset, nextOffset)}. */
    boolean isConsistentWith(long baseOffset, long nextOffset) {
        for (AbortedTxn t : entries) {
            if (t == null || t.firstOffset() > t.lastOffset() || t.lastOffset() < baseOffset
                    || t.lastOffset() >= nextOffset) {
                return false;
            }
        }
        return true;
    }

    /** The entries; safe to iterate while appends happen (a copy-on-write list: aborts are rare). */
    List<AbortedTxn> entries() {
        return entries;
    }

    /** Drops entries whose marker is at or after {@code offset}. */
    void truncateTo(long offset) throws IOException {
        int keep = 0;
        while (keep < entries.size() && entries.get(keep) != null && entries.get(keep).lastOffset() < offset) {
            keep++;
        }
        entries.subList(keep, entries.size()).clear();
        channel.truncate((long) keep * ENTRY_SIZE);
    }

    void clear() throws IOException {
        truncateTo(Long.MIN_VALUE);
    }

    void flush() throws IOException {
        channel.force(true);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }
}
