package io.tributary.log;

import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import io.tributary.protocol.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compaction of one log ({@code cleanup.policy=compact}): in the cleanable range — every segment but the active
 * one, stopping before the first segment that holds an open transaction or records younger than
 * {@code min.compaction.lag.ms} — keep only the latest record of each key. Offsets are preserved (gaps appear),
 * transaction markers are kept, records of aborted transactions are dropped and never count as a key's latest,
 * and a tombstone (null value) that is a key's latest is kept until it is older than {@code delete.retention.ms}.
 *
 * <p>Each segment is rewritten to a temporary directory and swapped in with {@link Log#swapCleanedSegment}, which
 * is crash-safe: see there. A batch whose records all survive is copied byte for byte; a batch that lost
 * records is rebuilt with the same base offset, last offset, producer fields and codec.
 */
public final class LogCleaner {

    /** What one cleaning pass did. */
    public record CleanResult(int segmentsCleaned, long bytesBefore, long bytesAfter, int recordsRemoved) {
        static final CleanResult NOTHING = new CleanResult(0, 0, 0, 0);
    }

    static final String TEMP_DIR = ".cleaner";

    private LogCleaner() {
    }

    /** Cleans the log if it compacts and enough of its cleanable range is dirty. */
    public static CleanResult cleanIfDirty(Log log) throws IOException {
        LogConfig config = log.config();
        if (!config.compact()) {
            return CleanResult.NOTHING;
        }
        List<LogSegment> cleanable = log.cleanableSegments();
        long total = 0;
        long dirty = 0;
        for (LogSegment s : cleanable) {
            total += s.size();
            if (s.nextOffset() > log.firstDirtyOffset()) {
                dirty += s.size();
            }
        }
        if (total == 0 || (double) dirty / total < config.minCleanableDirtyRatio() || dirty == 0) {
            return CleanResult.NOTHING;
        }
        return clean(log);
    }

    /** Cleans the cleanable range of the log now. */
    public static CleanResult clean(Log log) throws IOException {
        List<LogSegment> cleanable = log.cleanableSegments();
        if (cleanable.isEmpty()) {
            return CleanResult.NOTHING;
        }
        long now = log.clockMillis();
        Map<Long, List<long[]>> aborted = abortedRanges(log);
        Map<ByteBuffer, Long> latest = latestOffsets(cleanable, aborted);
        long tombstoneHorizon = now - log.config().deleteRetentionMs();
        Path temp = log.dir().resolve(TEMP_DIR);
        int removed = 0;
        long before = 0;
        long after = 0;
        int cleaned = 0;
        for (LogSegment segment : cleanable) {
            Files.createDirectories(temp);
            LogSegment rewritten = LogSegment.create(temp, segment.baseOffset(), log.config(), now);
            try {
                removed += rewrite(segment, rewritten, latest, aborted, tombstoneHorizon);
                for (AbortedTxn txn : segment.abortedTxns()) {
                    if (txn != null) {
                        rewritten.appendAbortedTxn(txn);
                    }
                }
                rewritten.onRoll();
                rewritten.flush();   // the cleaned copy is on disk before it replaces anything
            } finally {
                rewritten.close();
            }
            before += segment.size();
            after += Files.size(SegmentFiles.log(temp, segment.baseOffset()));
            if (log.swapCleanedSegment(segment, temp)) {
                cleaned++;
            }
        }
        deleteQuietly(temp);
        log.markCleanedUpTo(cleanable.get(cleanable.size() - 1).nextOffset());
        return new CleanResult(cleaned, before, after, removed);
    }

    /** Producer id → the offset ranges of its aborted transactions, from every segment's transaction index. */
    private static Map<Long, List<long[]>> abortedRanges(Log log) {
        Map<Long, List<long[]>> ranges = new HashMap<>();
        for (AbortedTxn txn : log.collectAbortedTransactions(log.logStartOffset(), Long.MAX_VALUE)) {
            ranges.computeIfAbsent(txn.producerId(), p -> new ArrayList<>())
                    .add(new long[] {txn.firstOffset(), txn.lastOffset()});
        }
        return ranges;
    }

    private static boolean isAborted(RecordBatch batch, Map<Long, List<long[]>> aborted) {
        if (!batch.isTransactional() || batch.isControl()) {
            return false;
        }
        for (long[] range : aborted.getOrDefault(batch.producerId(), List.of())) {
            if (batch.baseOffset() >= range[0] && batch.baseOffset() <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /** Key → offset of its latest record in the cleanable range (aborted records do not count). */
    private static Map<ByteBuffer, Long> latestOffsets(List<LogSegment> segments, Map<Long, List<long[]>> aborted)
            throws IOException {
        Map<ByteBuffer, Long> latest = new HashMap<>();
        for (LogSegment segment : segments) {
            forEachBatch(segment, batch -> {
                if (batch.isControl() || isAborted(batch, aborted)) {
                    return;
                }
                Iterator<Record> records = batch.records();
                while (records.hasNext()) {
                    Record r = records.next();
                    if (r.hasKey()) {
                        latest.put(copy(r.key()), r.offset());
                    }
                }
            });
        }
        return latest;
    }

    /** Appends the surviving records of {@code source} to {@code target}; returns how many were dropped. */
    private static int rewrite(LogSegment source, LogSegment target, Map<ByteBuffer, Long> latest,
                               Map<Long, List<long[]>> aborted, long tombstoneHorizon) throws IOException {
        int[] dropped = {0};
        forEachBatch(source, batch -> {
            if (isAborted(batch, aborted)) {
                dropped[0] += batch.recordCount();
                return;
            }
            if (batch.isControl()) {
                append(target, batch.buffer(), batch);
                return;
            }
            List<Record> kept = new ArrayList<>();
            int total = 0;
            Iterator<Record> records = batch.records();
            while (records.hasNext()) {
                Record r = records.next();
                total++;
                if (survives(r, latest, tombstoneHorizon)) {
                    kept.add(r);
                }
            }
            dropped[0] += total - kept.size();
            if (kept.size() == total) {
                append(target, batch.buffer(), batch);
            } else if (!kept.isEmpty()) {
                ByteBuffer rebuilt = rebuild(batch, kept);
                append(target, rebuilt, RecordBatch.wrap(rebuilt));
            }
        });
        return dropped[0];
    }

    private static boolean survives(Record r, Map<ByteBuffer, Long> latest, long tombstoneHorizon) {
        if (!r.hasKey()) {
            return true;
        }
        Long newest = latest.get(r.key());
        if (newest == null || newest != r.offset()) {
            return false;
        }
        return r.hasValue() || r.timestamp() >= tombstoneHorizon;
    }

    private static ByteBuffer rebuild(RecordBatch batch, List<Record> kept) {
        RecordBatchBuilder builder = new RecordBatchBuilder().baseOffset(batch.baseOffset())
                .partitionLeaderEpoch(batch.partitionLeaderEpoch())
                .producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence())
                .transactional(batch.isTransactional()).compression(batch.compressionType())
                .lastOffsetDelta(batch.lastOffsetDelta());
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(batch.maxTimestamp());
        }
        for (Record r : kept) {
            builder.add(new RecordData(r.timestamp(), r.key(), r.value(), r.headers()), r.offsetDelta());
        }
        return builder.build();
    }

    private static void append(LogSegment target, ByteBuffer bytes, RecordBatch batch) throws IOException {
        target.append(bytes, batch.baseOffset(), batch.nextOffset(), batch.maxTimestamp());
    }

    /** Something done with each batch of a segment, which may fail with an I/O error. */
    @FunctionalInterface
    private interface BatchAction {
        void accept(RecordBatch batch) throws IOException;
    }

    /** Reads the segment's batches one at a time (a segment is never held in memory whole). */
    private static void forEachBatch(LogSegment segment, BatchAction action) throws IOException {
        BatchHeaderCursor cursor = segment.cursorAt(segment.baseOffset());
        if (cursor == null) {
            return;
        }
        do {
            action.accept(segment.readBatch(cursor.position(), cursor.size()));
        } while (cursor.next());
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary directory is removed at the next open
        }
    }
}
