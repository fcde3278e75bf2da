package io.tributary.log;

import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * One segment of a partition log: the file {@code <baseOffset>.log} of record batches exactly as appended
 * (RecordBatch v2 bytes, offsets assigned), with its {@link OffsetIndex}, {@link TimeIndex} and
 * {@link TransactionIndex}. The base offset, zero-padded to 20 digits, names all four files.
 *
 * <p>Appends go to the end of the file in one write; the size readers may see is published only after the
 * write, so a reader never sees a half-written batch. After a crash the tail of the file may hold a torn batch or
 * garbage: {@link #recover} keeps the longest prefix of whole, CRC-valid batches with increasing offsets, cuts
 * the rest and rebuilds both indexes from what remains.
 */
final class LogSegment implements AutoCloseable {

    private static final int LOG_OVERHEAD = 12;

    private final Path dir;
    private final long baseOffset;
    private final LogConfig config;
    private final FileChannel channel;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final TransactionIndex txnIndex;
    private final long createdMs;

    private volatile int size;
    private volatile long nextOffset;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private long offsetOfMaxTimestamp = -1;
    private int bytesSinceLastIndexEntry;
    private volatile boolean markedDeleted;
    /** False once a lookup found an entry that does not match the log; reads then scan from the start. */
    private volatile boolean indexTrusted = true;
    private final RecentAppends recentAppends = new RecentAppends();

    private LogSegment(Path dir, long baseOffset, LogConfig config, long createdMs) throws IOException {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.config = config;
        this.createdMs = createdMs;
        this.channel = FileChannel.open(SegmentFiles.log(dir, baseOffset), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.offsetIndex = new OffsetIndex(SegmentFiles.offsetIndex(dir, baseOffset), baseOffset,
                config.segmentIndexBytes());
        this.timeIndex = new TimeIndex(SegmentFiles.timeIndex(dir, baseOffset), baseOffset,
                config.segmentIndexBytes());
        this.txnIndex = new TransactionIndex(SegmentFiles.txnIndex(dir, baseOffset));
        this.size = (int) Math.min(channel.size(), Integer.MAX_VALUE);
        this.nextOffset = baseOffset;
    }

    /** A new, empty segment. */
    static LogSegment create(Path dir, long baseOffset, LogConfig config, long nowMs) throws IOException {
        Files.deleteIfExists(SegmentFiles.log(dir, baseOffset));
        Files.deleteIfExists(SegmentFiles.offsetIndex(dir, baseOffset));
        Files.deleteIfExists(SegmentFiles.timeIndex(dir, baseOffset));
        Files.deleteIfExists(SegmentFiles.txnIndex(dir, baseOffset));
        return new LogSegment(dir, baseOffset, config, nowMs);
    }

    /** An existing segment whose contents still need {@link #recover} or {@link #loadIndexes}. */
    static LogSegment open(Path dir, long baseOffset, LogConfig config, long nowMs) throws IOException {
        return new LogSegment(dir, baseOffset, config, nowMs);
    }

    long baseOffset() {
        return baseOffset;
    }

    int size() {
        return size;
    }

    /** One past the last offset in this segment (the base offset when empty). */
    long nextOffset() {
        return nextOffset;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    /** Base offset of the first batch holding this segment's largest timestamp, or -1 when empty. */
    long offsetOfMaxTimestamp() {
        return offsetOfMaxTimestamp;
    }

    /** The batch holding this segment's largest timestamp, or null when empty. */
    BatchPosition batchOfMaxTimestamp() throws IOException {
        if (offsetOfMaxTimestamp < 0) {
            return null;
        }
        BatchHeaderCursor cursor = seek(offsetOfMaxTimestamp, size);
        return cursor == null ? null : new BatchPosition(cursor.baseOffset(), cursor.position(), cursor.size());
    }

    long createdMs() {
        return createdMs;
    }

    FileChannel channel() {
        return channel;
    }

    boolean indexIsFull() {
        return offsetIndex.isFull() || timeIndex.isFull();
    }

    /**
     * Appends batches whose offsets are already assigned, in one write.
     *
     * @param batches      whole batches, position to limit; not moved
     * @param firstOffset  base offset of the first batch
     * @param nextOffset   one past the last offset of the last batch
     * @param maxTimestamp largest timestamp among the batches
     */
    void append(ByteBuffer batches, long firstOffset, long nextOffset, long maxTimestamp) throws IOException {
        int position = size;
        if (bytesSinceLastIndexEntry > config.indexIntervalBytes() && position > 0) {
            offsetIndex.append(firstOffset, position);
            timeIndex.maybeAppend(this.maxTimestamp, offsetOfMaxTimestamp);
            bytesSinceLastIndexEntry = 0;
        }
        ByteBuffer src = batches.duplicate();
        int length = src.remaining();
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
        if (maxTimestamp > this.maxTimestamp) {
            this.maxTimestamp = maxTimestamp;
            this.offsetOfMaxTimestamp = firstOffset;
        }
        bytesSinceLastIndexEntry += length;
        recentAppends.record(firstOffset, position, batches.getInt(batches.position() + 8) + 12);
        this.nextOffset = nextOffset;
        this.size = position + length;   // publish last: readers bounded by size never see a partial write
    }

    /**
     * The batches from the one holding {@code startOffset}, up to {@code maxBytes} (cutting the last batch if
     * needed) and never at or past {@code maxPosition}. With {@code minOneBatch}, the first batch is returned
     * whole even when larger than {@code maxBytes} (Kafka's rule, so a consumer can always progress).
     *
     * @return the slice, or null if no batch holding {@code startOffset} lies before {@code maxPosition}
     */
    FileSlice read(long startOffset, int maxBytes, int maxPosition, boolean minOneBatch) throws IOException {
        int limit = Math.min(maxPosition, size);
        int start;
        int firstBatchSize;
        long recent = recentAppends.find(startOffset);
        if (recent >= 0 && (int) (recent >>> 32) + (int) recent <= limit) {
            start = (int) (recent >>> 32);
            firstBatchSize = (int) recent;
        } else {
            BatchHeaderCursor cursor = seek(startOffset, limit);
            if (cursor == null) {
                return null;
            }
            start = cursor.position();
            firstBatchSize = cursor.size();
        }
        int length = Math.min(maxBytes, limit - start);
        if (minOneBatch && length < firstBatchSize) {
            length = firstBatchSize;
        }
        return new FileSlice(channel, start, length);
    }

    /**
     * A header cursor positioned on the batch holding {@code offset} (or the next one), advancing to the end of
     * the segment; null if no batch holds or follows it.
     */
    BatchHeaderCursor cursorAt(long offset) throws IOException {
        return seek(offset, size);
    }

    /** Reads one whole batch at a position (a control batch, during replay). */
    RecordBatch readBatch(int position, int batchSize) throws IOException {
        return RecordBatch.wrap(readAt(ByteBuffer.allocate(batchSize), position));
    }

    /** A cursor on the first batch whose last offset is at or after {@code offset}, before {@code limit}. */
    private BatchHeaderCursor seek(long offset, int limit) throws IOException {
        OffsetIndex.Entry floor = indexTrusted ? offsetIndex.lookup(offset) : new OffsetIndex.Entry(baseOffset, 0);
        if (floor.position() > 0 && !pointsAtBatch(floor)) {
            // The entry does not point at the batch it names: stop using the index and scan from the start.
            indexTrusted = false;
            floor = new OffsetIndex.Entry(baseOffset, 0);
        }
        if (floor.position() >= limit) {
            return null;
        }
        BatchHeaderCursor cursor = new BatchHeaderCursor(channel, floor.position(), limit);
        while (cursor.next()) {
            if (cursor.lastOffset() >= offset) {
                return cursor;
            }
        }
        return null;
    }

    /** True if a whole batch with the entry's base offset starts at the entry's position. */
    private boolean pointsAtBatch(OffsetIndex.Entry entry) throws IOException {
        BatchHeaderCursor check = new BatchHeaderCursor(channel, entry.position(), size);
        return check.next() && check.baseOffset() == entry.offset();
    }

    /** The position of the first batch whose last offset is at or after {@code offset}; the size if none. */
    int positionOf(long offset) throws IOException {
        if (offset >= nextOffset) {
            return size;   // every batch here ends before it (nextOffset is published before size)
        }
        BatchHeaderCursor cursor = seek(offset, size);
        return cursor == null ? size : cursor.position();
    }

    /**
     * The first batch whose largest timestamp is at or after {@code timestamp}, or null if every batch here is
     * older.
     */
    BatchPosition firstBatchAtOrAfter(long timestamp) throws IOException {
        if (maxTimestamp < timestamp) {
            return null;
        }
        TimeIndex.Entry before = timeIndex.lastBefore(timestamp);
        long from = before == null || before.offset() >= nextOffset ? baseOffset : before.offset();
        BatchHeaderCursor cursor = seek(from, size);
        if (cursor == null) {
            cursor = seek(baseOffset, size);
        }
        if (cursor == null) {
            return null;
        }
        do {
            if (cursor.maxTimestamp() >= timestamp) {
                return new BatchPosition(cursor.baseOffset(), cursor.position(), cursor.size());
            }
        } while (cursor.next());
        return null;
    }

    /** Where a batch lies in this segment's file. */
    record BatchPosition(long baseOffset, int position, int size) {
    }

    /**
     * Validates the whole file and rebuilds both indexes: keeps the longest prefix of whole batches with valid
     * CRCs and increasing offsets, truncates the file after it, and hands each kept batch to {@code onBatch}.
     *
     * @return how many bytes were cut from the tail
     */
    int recover(Consumer<RecordBatch> onBatch) throws IOException {
        offsetIndex.clear();
        timeIndex.clear();
        txnIndex.clear();   // rebuilt by the log's producer-state replay
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestamp = -1;
        bytesSinceLastIndexEntry = 0;
        long fileSize = channel.size();
        long expectedOffset = baseOffset;
        int position = 0;
        ByteBuffer buffer = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        while (fileSize - position >= RecordBatch.HEADER_SIZE) {
            ByteBuffer prefix = readAt(ByteBuffer.allocate(LOG_OVERHEAD), position);
            long batchSize = prefix.getInt(8) + (long) LOG_OVERHEAD;
            if (batchSize < RecordBatch.HEADER_SIZE || batchSize > fileSize - position) {
                break;
            }
            if (buffer.capacity() < batchSize) {
                buffer = ByteBuffer.allocate((int) batchSize);
            }
            buffer.clear().limit((int) batchSize);
            readAt(buffer, position);
            RecordBatch batch;
            try {
                batch = RecordBatch.wrap(buffer);
            } catch (RecordFormatException e) {
                break;
            }
            if (!batch.isValid() || batch.baseOffset() < expectedOffset || batch.lastOffset() < batch.baseOffset()) {
                break;
            }
            if (bytesSinceLastIndexEntry > config.indexIntervalBytes() && position > 0 && !indexIsFull()) {
                offsetIndex.append(batch.baseOffset(), position);
                timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
                bytesSinceLastIndexEntry = 0;
            }
            if (batch.maxTimestamp() > maxTimestamp) {
                maxTimestamp = batch.maxTimestamp();
                offsetOfMaxTimestamp = batch.baseOffset();
            }
            bytesSinceLastIndexEntry += (int) batchSize;
            onBatch.accept(batch);
            expectedOffset = batch.nextOffset();
            position += (int) batchSize;
        }
        int truncated = (int) (fileSize - position);
        if (truncated > 0) {
            channel.truncate(position);
        }
        size = position;
        nextOffset = expectedOffset;
        indexTrusted = true;
        recentAppends.clear();
        return truncated;
    }

    /**
     * Loads the indexes of a segment that was cleanly flushed, checking them against the log file; an index that
     * does not match is rebuilt by {@link #recover}.
     */
    void loadIndexes(Consumer<RecordBatch> onBatchIfRebuilt) throws IOException {
        if (!loadIndexesIfFlushedTo(Long.MAX_VALUE)) {
            recover(onBatchIfRebuilt);
        }
    }

    /**
     * Loads the indexes, checked against the log file, if they match it and the file holds nothing at or past
     * {@code recoveryPoint} (everything in it was flushed). Finds the next offset and largest timestamp by walking
     * batch headers after the last index entry. Changes nothing and returns false otherwise: the caller recovers.
     */
    boolean loadIndexesIfFlushedTo(long recoveryPoint) throws IOException {
        if (!offsetIndex.isConsistentWith(size)) {
            return false;
        }
        OffsetIndex.Entry last = offsetIndex.lookup(Long.MAX_VALUE);
        BatchHeaderCursor cursor = new BatchHeaderCursor(channel, last.position(), size);
        long next = baseOffset;
        long maxTs = timeIndex.entries() > 0 ? timeIndex.lastTimestamp() : RecordBatch.NO_TIMESTAMP;
        long maxTsOffset = -1;
        int bytesAfterLastEntry = 0;
        boolean first = true;
        while (cursor.next()) {
            if (first && cursor.baseOffset() != last.offset() && last.position() > 0) {
                return false;   // the index points at a batch that is not the one it names
            }
            first = false;
            next = cursor.lastOffset() + 1;
            bytesAfterLastEntry += cursor.size();
            if (cursor.maxTimestamp() > maxTs) {
                maxTs = cursor.maxTimestamp();
                maxTsOffset = cursor.baseOffset();
            }
        }
        if (cursor.position() != size || next > recoveryPoint
                || !timeIndex.isConsistentWith(Math.max(next, baseOffset + 1))) {
            return false;
        }
        nextOffset = next;
        maxTimestamp = maxTs;
        offsetOfMaxTimestamp = maxTsOffset;
        bytesSinceLastIndexEntry = bytesAfterLastEntry;
        return true;
    }

    /**
     * Removes every batch whose last offset is at or after {@code offset}.
     *
     * @return the number of bytes removed
     */
    int truncateTo(long offset) throws IOException {
        int position = positionOf(offset);
        int removed = size - position;
        if (removed == 0) {
            return 0;
        }
        recentAppends.clear();
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        txnIndex.truncateTo(offset);
        offsetIndex.reopenForAppends();
        timeIndex.reopenForAppends();
        channel.truncate(position);
        size = position;
        // Recompute what the removed batches may have changed.
        BatchHeaderCursor cursor = new BatchHeaderCursor(channel, 0, size);
        long next = baseOffset;
        long maxTs = RecordBatch.NO_TIMESTAMP;
        long maxTsOffset = -1;
        int sinceEntry = 0;
        OffsetIndex.Entry lastEntry = offsetIndex.lookup(Long.MAX_VALUE);
        while (cursor.next()) {
            next = cursor.lastOffset() + 1;
            if (cursor.maxTimestamp() > maxTs) {
                maxTs = cursor.maxTimestamp();
                maxTsOffset = cursor.baseOffset();
            }
            if (cursor.position() >= lastEntry.position()) {
                sinceEntry += cursor.size();
            }
        }
        nextOffset = next;
        maxTimestamp = maxTs;
        offsetOfMaxTimestamp = maxTsOffset;
        bytesSinceLastIndexEntry = sinceEntry;
        return removed;
    }

    /**
     * Makes this segment read-only: its indexes shrink to their entries. No fsync here: a roll happens inside an
     * append, and the segment's data reaches the disk with the log's next {@code flush()}, which also moves the
     * recovery point (until then recovery rescans it, as it would anyway).
     */
    void onRoll() throws IOException {
        offsetIndex.trim();
        timeIndex.trim();
    }

    void flush() throws IOException {
        channel.force(true);
        offsetIndex.flush();
        timeIndex.flush();
        txnIndex.flush();
    }

    void appendAbortedTxn(AbortedTxn txn) throws IOException {
        txnIndex.append(txn);
    }

    java.util.List<AbortedTxn> abortedTxns() {
        return txnIndex.entries();
    }

    /** True if the transaction index can be trusted; otherwise clear it and rebuild it by replay. */
    boolean txnIndexIsConsistent() {
        return txnIndex.isConsistentWith(baseOffset, nextOffset);
    }

    void clearTxnIndex() throws IOException {
        txnIndex.clear();
    }

    private ByteBuffer readAt(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of " + SegmentFiles.log(dir, baseOffset));
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() throws IOException {
        try (channel; offsetIndex; timeIndex; txnIndex) {
            // closed in reverse order by try-with-resources
        }
    }

    /**
     * Renames the files with the {@code .deleted} suffix, keeping them open for readers still sending from them;
     * a log opened later ignores and removes such files.
     */
    void markDeleted() throws IOException {
        if (markedDeleted) {
            return;
        }
        for (Path file : SegmentFiles.all(dir, baseOffset)) {
            if (Files.exists(file)) {
                // A segment cleaned again within file.delete.delay.ms has the same base offset as the one the
                // previous pass left to delete: replace it (its readers keep their open channels) rather than fail.
                Files.move(file, file.resolveSibling(file.getFileName() + SegmentDeleter.DELETED_SUFFIX),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        markedDeleted = true;
    }

    /** Closes and removes the segment's files. */
    void delete() throws IOException {
        close();
        for (Path file : SegmentFiles.all(dir, baseOffset)) {
            Files.deleteIfExists(markedDeleted
                    ? file.resolveSibling(file.getFileName() + SegmentDeleter.DELETED_SUFFIX) : file);
        }
    }

    @Override
    public String toString() {
        return "LogSegment(" + dir.getFileName() + "/" + SegmentFiles.name(baseOffset) + ", size=" + size
                + ", next=" + nextOffset + ")";
    }
}
