package io.tributary.log;

import io.tributary.protocol.Errors;
import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordFormatException;
import io.tributary.protocol.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One partition's log: an ordered set of {@link LogSegment}s in one directory, the last of them active (taking
 * appends), plus the partition's {@link LeaderEpochCache}.
 *
 * <p>Offsets are dense and increasing: an append as leader gets offsets from the log end offset, patched into
 * the batches in place; a follower's append keeps the leader's offsets, which must be past the log end. Appends
 * are serialized by the log; reads take no lock (they see segments through a concurrent map and segment sizes
 * published after each write) and are bounded by an offset the caller gives (high watermark or last stable
 * offset).
 *
 * <p>Durability: data is fsynced by {@link #flush()} ({@code flush.messages} after appends, {@code flush.ms} by the
 * {@link LogManager}); the recovery point is the offset below which everything is known to be on disk. Opening a
 * log recovers every segment from the one holding the recovery point: whole valid batches are kept, a torn or
 * corrupt tail is cut, later segments are dropped, indexes are rebuilt.
 */
public final class Log implements AutoCloseable {

    private final Path dir;
    private final Clock clock;
    private final SegmentDeleter deleter;
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final LeaderEpochCache epochs;
    private final ProducerStateManager producerState = new ProducerStateManager();
    private final Object appendLock = new Object();

    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long highWatermark;
    private volatile long recoveryPoint;
    private long unflushedRecords;
    private volatile long lastFlushMs;
    private volatile long firstUnstableOffset = -1;
    private volatile long firstDirtyOffset;
    /** Test seam: called at each step of a segment swap, so tests can simulate a crash there. */
    static volatile java.util.function.Consumer<String> swapStepHook = step -> { };
    private volatile boolean closed;

    private Log(Path dir, LogConfig config, Clock clock, SegmentDeleter deleter) throws IOException {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.deleter = deleter;
        this.epochs = new LeaderEpochCache(dir);
        this.lastFlushMs = clock.millis();
    }

    /**
     * Opens the log in {@code dir} (creating it if needed) and recovers it.
     *
     * @param recoveryPoint  offset below which the data was known flushed (from the recovery-point checkpoint)
     * @param logStartOffset the first offset still readable (from the log-start-offset checkpoint)
     */
    static Log open(Path dir, LogConfig config, long recoveryPoint, long logStartOffset, Clock clock,
                    SegmentDeleter deleter) throws IOException {
        Files.createDirectories(dir);
        Log log = new Log(dir, config, clock, deleter);
        log.load(recoveryPoint, logStartOffset);
        return log;
    }

    /** Opens a log whose removed segments are deleted at once (tests and tools). */
    public static Log open(Path dir, LogConfig config, long recoveryPoint, long logStartOffset, Clock clock)
            throws IOException {
        return open(dir, config, recoveryPoint, logStartOffset, clock, SegmentDeleter.IMMEDIATE);
    }

    private void load(long checkpointedRecoveryPoint, long checkpointedStartOffset) throws IOException {
        SegmentSwap.completeInterrupted(dir);
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp") || name.endsWith(SegmentDeleter.DELETED_SUFFIX)) {
                    Files.deleteIfExists(file);
                    continue;
                }
                long base = SegmentFiles.baseOffsetOf(name, SegmentFiles.LOG);
                if (base >= 0) {
                    bases.add(base);
                }
            }
        }
        bases.sort(Long::compare);
        long now = clock.millis();
        boolean dropRest = false;
        long expectedNext = -1;
        long replayBound = Long.MAX_VALUE;   // producer state must be replayed from at or below this offset
        long recoveryBase = floorBase(bases, checkpointedRecoveryPoint);
        for (long base : bases) {
            LogSegment segment = LogSegment.open(dir, base, config, now);
            if (dropRest || base < expectedNext) {
                segment.delete();   // follows a cut tail, or overlaps its predecessor: not trustworthy
                continue;
            }
            boolean trusted;
            if (base < recoveryBase) {
                segment.loadIndexes(this::onRecoveredBatch);
                trusted = true;
            } else {
                // The segment holding the recovery point: after a clean shutdown (recovery point = log end) it holds
                // nothing unflushed and is trusted like the ones before it, instead of being read whole at each start.
                trusted = base == recoveryBase && base <= checkpointedRecoveryPoint
                        && segment.loadIndexesIfFlushedTo(checkpointedRecoveryPoint);
            }
            if (!trusted) {
                int cut = segment.recover(this::onRecoveredBatch);
                dropRest = cut > 0;
                replayBound = Math.min(replayBound, base);
            } else if (!segment.txnIndexIsConsistent()) {
                segment.clearTxnIndex();
                replayBound = Math.min(replayBound, base);
            }
            segments.put(base, segment);
            expectedNext = segment.nextOffset();
        }
        if (segments.isEmpty()) {
            long start = Math.max(0, checkpointedStartOffset);
            segments.put(start, LogSegment.create(dir, start, config, now));
        }
        logEndOffset = active().nextOffset();
        epochs.truncateFromEnd(logEndOffset);
        logStartOffset = Math.max(checkpointedStartOffset, segments.firstKey());
        if (logStartOffset > logEndOffset) {
            truncateFullyAndStartAt(logStartOffset);
        }
        recoveryPoint = Math.min(Math.max(checkpointedRecoveryPoint, 0), logEndOffset);
        rebuildProducerState(Math.min(replayBound, logEndOffset), replayBound);
    }

    /** Rebuilds the producer state from snapshots and the log (see {@link ProducerStateReplay}). */
    private void rebuildProducerState(long maxSnapshotOffset, long rebuildTxnIndexFrom) throws IOException {
        ProducerStateReplay.rebuild(dir, segments, producerState, logEndOffset, maxSnapshotOffset,
                rebuildTxnIndexFrom);
        refreshFirstUnstableOffset();
    }

    private void refreshFirstUnstableOffset() {
        java.util.OptionalLong first = producerState.firstUnstableOffset();
        firstUnstableOffset = first.isPresent() ? first.getAsLong() : -1;
    }

    private void takeProducerSnapshot(long offset) throws IOException {
        ProducerSnapshotFile.write(dir, offset, producerState.snapshotEntries());
    }

    private static long floorBase(List<Long> bases, long offset) {
        long floor = bases.isEmpty() ? 0 : bases.get(0);
        for (long b : bases) {
            if (b <= offset) {
                floor = b;
            }
        }
        return floor;
    }

    private void onRecoveredBatch(RecordBatch batch) {
        if (batch.partitionLeaderEpoch() >= 0) {
            epochs.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
        }
    }

    private LogSegment active() {
        return segments.lastEntry().getValue();
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** Applies new settings; they take effect with the next append, roll or retention pass. */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    /** One past the last offset appended. */
    public long logEndOffset() {
        return logEndOffset;
    }

    /**
     * The high watermark the broker last set (the partition's replicated end), kept with the log so that it survives
     * a restart ({@code replication-offset-checkpoint}): a restarted leader does not start from its log start.
     */
    public long highWatermark() {
        return Math.min(highWatermark, logEndOffset);
    }

    /** Sets the high watermark, kept between the log start and the log end. */
    public void updateHighWatermark(long offset) {
        highWatermark = Math.max(logStartOffset, Math.min(offset, logEndOffset));
    }

    /** The offset below which all data is known to be fsynced. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    public LeaderEpochCache leaderEpochCache() {
        return epochs;
    }

    /**
     * Records that {@code leaderEpoch} starts at the log end (a replica becoming leader), so the end of the previous
     * epoch is known even before the new leader appends: followers of an older epoch truncate to it.
     */
    public void assignEpochStartOffset(int leaderEpoch) {
        synchronized (appendLock) {
            epochs.assign(leaderEpoch, logEndOffset);
        }
    }

    public int segmentCount() {
        return segments.size();
    }

    /** Total bytes of all segment files. */
    public long sizeInBytes() {
        long size = 0;
        for (LogSegment s : segments.values()) {
            size += s.size();
        }
        return size;
    }

    // ------------------------------------------------------------------ appends

    /**
     * Validates the batches, assigns them offsets from the log end (patching base offset and leader epoch in
     * place, and the timestamp under LogAppendTime) and appends them in one write.
     *
     * @param records     one or more batches; patched in place
     * @param leaderEpoch the epoch of the leader appending
     * @throws LogException with the Kafka error for a batch that fails validation; nothing is appended then
     */
    public LogAppendInfo appendAsLeader(ByteBuffer records, int leaderEpoch, AppendOrigin origin) {
        LogAppendInfo info;
        synchronized (appendLock) {
            ensureOpen();
            long now = clock.millis();
            LogConfig cfg = config;
            List<RecordBatch> batches = BatchValidator.validate(records, cfg, origin, now);
            if (origin == AppendOrigin.CLIENT) {
                if (batches.size() != 1) {
                    throw new LogException(Errors.INVALID_RECORD, "produce requests must carry exactly one record"
                            + " batch per partition, not " + batches.size());
                }
                ProducerStateEntry.BatchMetadata duplicate = producerState.checkClientBatch(batches.get(0));
                if (duplicate != null) {
                    return new LogAppendInfo(duplicate.firstOffset(), duplicate.lastOffset(), duplicate.timestamp(),
                            -1, logStartOffset, 0, true);
                }
            } else {
                for (RecordBatch batch : batches) {
                    BatchFacts facts = BatchFacts.of(batch);
                    if (facts.marker() != null) {
                        producerState.checkMarker(batch, facts.marker());
                    } else if (!batch.isControl()) {
                        producerState.checkCoordinatorBatch(batch);
                    }
                }
            }
            long offset = logEndOffset;
            long first = offset;
            long maxTimestamp = RecordBatch.NO_TIMESTAMP;
            boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
            int count = 0;
            for (RecordBatch batch : batches) {
                batch.setBaseOffset(offset);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                if (logAppendTime && !batch.isControl()) {
                    batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
                }
                maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
                offset = batch.nextOffset();
                count += batch.recordCount();
            }
            epochs.assign(leaderEpoch, first);
            appendToSegments(records, first, offset, maxTimestamp, count);
            applyToProducerState(batches);
            info = new LogAppendInfo(first, offset - 1, maxTimestamp, logAppendTime ? now : -1, logStartOffset,
                    count, false);
        }
        maybeFlushAfterAppend();
        return info;
    }

    /**
     * Appends a leader's batches as they are: offsets and leader epochs kept, first offset at or past the log end,
     * offsets increasing.
     */
    public LogAppendInfo appendAsFollower(ByteBuffer records) {
        LogAppendInfo info;
        synchronized (appendLock) {
            ensureOpen();
            List<RecordBatch> batches;
            try {
                batches = Batches.strict(records).toList();
            } catch (RecordFormatException e) {
                throw new LogException(Errors.CORRUPT_MESSAGE, e.getMessage());
            }
            if (batches.isEmpty()) {
                return new LogAppendInfo(logEndOffset, logEndOffset - 1, RecordBatch.NO_TIMESTAMP, -1,
                        logStartOffset, 0, false);
            }
            long expected = logEndOffset;
            long maxTimestamp = RecordBatch.NO_TIMESTAMP;
            int count = 0;
            for (RecordBatch batch : batches) {
                if (!batch.isValid()) {
                    throw new LogException(Errors.CORRUPT_MESSAGE, "replicated batch at offset "
                            + batch.baseOffset() + " fails its CRC");
                }
                if (batch.baseOffset() < expected) {
                    throw new LogException(Errors.UNKNOWN_SERVER_ERROR, "replicated batch offset "
                            + batch.baseOffset() + " is below the expected " + expected);
                }
                expected = batch.nextOffset();
                maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
                count += batch.recordCount();
            }
            long first = batches.get(0).baseOffset();
            for (RecordBatch batch : batches) {
                if (batch.partitionLeaderEpoch() >= 0) {
                    epochs.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
                }
            }
            appendToSegments(records, first, expected, maxTimestamp, count);
            applyToProducerState(batches);
            info = new LogAppendInfo(first, expected - 1, maxTimestamp, -1, logStartOffset, count, false);
        }
        maybeFlushAfterAppend();
        return info;
    }

    private void appendToSegments(ByteBuffer records, long first, long next, long maxTimestamp, int count) {
        try {
            LogSegment segment = maybeRoll(records.remaining(), first, next);
            segment.append(records, first, next, maxTimestamp);
        } catch (IOException e) {
            throw new LogException(Errors.KAFKA_STORAGE_ERROR, "append to " + dir + " failed: " + e.getMessage(), e);
        }
        logEndOffset = next;
        unflushedRecords += count;
    }

    /** Records appended batches in the producer state; an ABORT marker adds to the transaction index. */
    private void applyToProducerState(List<RecordBatch> batches) {
        try {
            for (RecordBatch batch : batches) {
                AbortedTxn aborted = producerState.apply(BatchFacts.of(batch));
                if (aborted != null) {
                    active().appendAbortedTxn(aborted);
                }
            }
        } catch (IOException e) {
            throw new LogException(Errors.KAFKA_STORAGE_ERROR, "transaction index of " + dir + " failed", e);
        }
        refreshFirstUnstableOffset();
    }

    /** The segment to append to: a new one when the active one is full, too old, or cannot index the offsets. */
    private LogSegment maybeRoll(int bytes, long first, long next) throws IOException {
        LogSegment active = active();
        LogConfig cfg = config;
        long now = clock.millis();
        boolean full = active.size() > 0 && (long) active.size() + bytes > cfg.segmentBytes();
        boolean old = active.size() > 0 && now - active.createdMs() >= cfg.segmentMs();
        boolean offsetsOverflow = next - 1 - active.baseOffset() > Integer.MAX_VALUE;
        if (full || old || offsetsOverflow || active.indexIsFull()) {
            return roll(first);
        }
        return active;
    }

    /** Starts a new active segment at {@code baseOffset}, shrinking the old one's indexes. */
    private LogSegment roll(long baseOffset) throws IOException {
        LogSegment previous = active();
        if (previous.size() == 0 && previous.baseOffset() == baseOffset) {
            return previous;
        }
        previous.onRoll();
        takeProducerSnapshot(baseOffset);
        LogSegment segment = LogSegment.create(dir, baseOffset, config, clock.millis());
        segments.put(baseOffset, segment);
        return segment;
    }

    /** Rolls now, so the current active segment becomes eligible for retention and cleaning. */
    public void roll() {
        synchronized (appendLock) {
            try {
                roll(logEndOffset);
            } catch (IOException e) {
                throw new LogException(Errors.KAFKA_STORAGE_ERROR, "roll of " + dir + " failed", e);
            }
        }
    }

    private void maybeFlushAfterAppend() {
        boolean due;
        synchronized (appendLock) {
            due = unflushedRecords >= config.flushMessages();
        }
        if (due) {
            flush();
        }
    }

    // ------------------------------------------------------------------ reads

    /**
     * Reads batches from the one holding {@code startOffset}.
     *
     * @param maxBytes    byte limit; the first batch is returned whole regardless when {@code minOneBatch}
     * @param maxOffset   exclusive upper bound: batches at or past it are not returned (the high watermark or
     *                    last stable offset)
     * @throws LogException OFFSET_OUT_OF_RANGE when {@code startOffset} is below the log start or past the end
     */
    public FetchDataInfo read(long startOffset, int maxBytes, long maxOffset, boolean minOneBatch) {
        long end = logEndOffset;
        long start = logStartOffset;
        if (startOffset < start || startOffset > end) {
            throw new LogException(Errors.OFFSET_OUT_OF_RANGE, "offset " + startOffset + " is out of range ["
                    + start + ", " + end + "] of " + dir.getFileName());
        }
        if (startOffset >= Math.min(maxOffset, end)) {
            return FetchDataInfo.empty(startOffset);
        }
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        try {
            while (entry != null) {
                LogSegment segment = entry.getValue();
                Long nextBase = segments.higherKey(entry.getKey());
                int maxPosition = nextBase == null || maxOffset < nextBase
                        ? segment.positionOf(maxOffset) : segment.size();
                FileSlice slice = segment.read(startOffset, maxBytes, maxPosition, minOneBatch);
                if (slice != null) {
                    return new FetchDataInfo(startOffset, segment.baseOffset(), (int) slice.position(), slice);
                }
                if (nextBase == null || nextBase >= maxOffset) {
                    break;
                }
                entry = segments.ceilingEntry(nextBase);
            }
        } catch (IOException e) {
            throw new LogException(Errors.KAFKA_STORAGE_ERROR, "read of " + dir + " failed: " + e.getMessage(), e);
        }
        return FetchDataInfo.empty(startOffset);
    }

    /** The first record at or after a timestamp (ListOffsets by time). */
    public record TimestampAndOffset(long timestamp, long offset, int leaderEpoch) {
    }

    /**
     * The first record whose timestamp is at or after {@code timestamp}, or null if every record is older.
     */
    public TimestampAndOffset offsetForTimestamp(long timestamp) {
        try {
            for (LogSegment segment : segments.values()) {
                LogSegment.BatchPosition at = segment.firstBatchAtOrAfter(timestamp);
                if (at == null) {
                    continue;
                }
                RecordBatch batch = RecordBatch.wrap(new FileSlice(segment.channel(), at.position(), at.size())
                        .readAll());
                Iterator<Record> records = batch.records();
                while (records.hasNext()) {
                    Record record = records.next();
                    long ts = batch.timestampType() == TimestampType.LOG_APPEND_TIME
                            ? batch.maxTimestamp() : record.timestamp();
                    if (ts >= timestamp && record.offset() >= logStartOffset) {
                        return new TimestampAndOffset(ts, record.offset(), batch.partitionLeaderEpoch());
                    }
                }
            }
        } catch (IOException e) {
            throw new LogException(Errors.KAFKA_STORAGE_ERROR, "timestamp lookup in " + dir + " failed", e);
        }
        return null;
    }

    /**
     * The record with the largest timestamp (ListOffsets MAX_TIMESTAMP, KIP-734): its timestamp and offset, the
     * first such record if several share it; null for an empty log.
     */
    public TimestampAndOffset maxTimestampAndOffset() {
        LogSegment best = null;
        for (LogSegment segment : segments.values()) {
            if (segment.size() > 0 && (best == null || segment.maxTimestamp() > best.maxTimestamp())) {
                best = segment;
            }
        }
        if (best == null) {
            return null;
        }
        try {
            LogSegment.BatchPosition at = best.batchOfMaxTimestamp();
            if (at == null) {
                return null;
            }
            RecordBatch batch = RecordBatch.wrap(new FileSlice(best.channel(), at.position(), at.size()).readAll());
            if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
                return new TimestampAndOffset(batch.maxTimestamp(), batch.baseOffset(), batch.partitionLeaderEpoch());
            }
            Iterator<Record> records = batch.records();
            while (records.hasNext()) {
                Record record = records.next();
                if (record.timestamp() == batch.maxTimestamp()) {
                    return new TimestampAndOffset(record.timestamp(), record.offset(), batch.partitionLeaderEpoch());
                }
            }
            return new TimestampAndOffset(batch.maxTimestamp(), batch.lastOffset(), batch.partitionLeaderEpoch());
        } catch (IOException e) {
            throw new LogException(Errors.KAFKA_STORAGE_ERROR, "max timestamp lookup in " + dir + " failed", e);
        }
    }

    // ------------------------------------------------------------------ durability

    /** Fsyncs everything appended so far and advances the recovery point to it. */
    public void flush() {
        long upTo;
        List<LogSegment> dirty = new ArrayList<>();
        synchronized (appendLock) {
            upTo = logEndOffset;
            if (upTo <= recoveryPoint) {
                return;
            }
            Long from = segments.floorKey(recoveryPoint);
            dirty.addAll((from == null ? segments : segments.tailMap(from, true)).values());
            unflushedRecords = 0;
        }
        try {
            for (LogSegment segment : dirty) {
                segment.flush();
            }
        } catch (IOException e) {
            throw new LogException(Errors.KAFKA_STORAGE_ERROR, "flush of " + dir + " failed", e);
        }
        synchronized (appendLock) {
            recoveryPoint = Math.max(recoveryPoint, upTo);
            lastFlushMs = clock.millis();
        }
    }

    /** Milliseconds since the last flush, for {@code flush.ms}. */
    public long msSinceLastFlush() {
        return clock.millis() - lastFlushMs;
    }

    // ------------------------------------------------------------------ truncation

    /**
     * Removes every batch whose last offset is at or after {@code offset} (a follower dropping a suffix its
     * leader does not have). The log end may land below {@code offset} if it falls inside a batch.
     */
    public void truncateTo(long offset) {
        synchronized (appendLock) {
            ensureOpen();
            if (offset >= logEndOffset) {
                return;
            }
            if (offset <= logStartOffset) {
                truncateFullyAndStartAt(offset);
                return;
            }
            try {
                for (LogSegment segment : new ArrayList<>(segments.tailMap(offset, false).values())) {
                    if (segment.baseOffset() >= offset && segments.size() > 1) {
                        segments.remove(segment.baseOffset());
                        deleter.delete(segment, config.fileDeleteDelayMs());
                    }
                }
                LogSegment last = active();
                last.truncateTo(offset);
                logEndOffset = last.nextOffset();
            } catch (IOException e) {
                throw new LogException(Errors.KAFKA_STORAGE_ERROR, "truncation of " + dir + " failed", e);
            }
            if (logEndOffset < logStartOffset) {
                // The cut fell inside a batch that straddles the log start: nothing readable is left.
                truncateFullyAndStartAt(logStartOffset);
                return;
            }
            epochs.truncateFromEnd(logEndOffset);
            recoveryPoint = Math.min(recoveryPoint, logEndOffset);
            firstDirtyOffset = Math.min(firstDirtyOffset, logEndOffset);
            try {
                rebuildProducerState(logEndOffset, Long.MAX_VALUE);
            } catch (IOException e) {
                throw new LogException(Errors.KAFKA_STORAGE_ERROR, "producer state of " + dir + " failed", e);
            }
        }
    }

    /** Empties the log and restarts it at {@code offset} (a follower far behind a leader's log start). */
    public void truncateFullyAndStartAt(long offset) {
        synchronized (appendLock) {
            try {
                for (LogSegment segment : new ArrayList<>(segments.values())) {
                    segments.remove(segment.baseOffset());
                    deleter.delete(segment, config.fileDeleteDelayMs());
                }
                segments.put(offset, LogSegment.create(dir, offset, config, clock.millis()));
            } catch (IOException e) {
                throw new LogException(Errors.KAFKA_STORAGE_ERROR, "truncation of " + dir + " failed", e);
            }
            epochs.clear();
            producerState.clear();
            refreshFirstUnstableOffset();
            try {
                for (long snapshot : ProducerSnapshotFile.offsets(dir)) {
                    Files.deleteIfExists(ProducerSnapshotFile.path(dir, snapshot));
                }
            } catch (IOException e) {
                throw new LogException(Errors.KAFKA_STORAGE_ERROR, "truncation of " + dir + " failed", e);
            }
            logStartOffset = offset;
            logEndOffset = offset;
            recoveryPoint = offset;
            unflushedRecords = 0;
        }
    }

    // ------------------------------------------------------------------ retention

    /**
     * Moves the log start offset forward (DeleteRecords, or retention); segments wholly below it are deleted by
     * the next {@link #deleteRetainedSegments()}.
     *
     * @throws LogException OFFSET_OUT_OF_RANGE past the log end
     */
    public void advanceLogStartOffset(long offset) {
        synchronized (appendLock) {
            if (offset > logEndOffset) {
                throw new LogException(Errors.OFFSET_OUT_OF_RANGE, "cannot move the log start offset to " + offset
                        + ", past the log end " + logEndOffset);
            }
            if (offset > logStartOffset) {
                logStartOffset = offset;
                epochs.truncateFromStart(offset);
            }
        }
    }

    /**
     * Deletes whole segments that retention no longer keeps: wholly below the log start offset, or (with
     * {@code cleanup.policy} delete) older than {@code retention.ms} or beyond {@code retention.bytes}, oldest
     * first. The active segment is rolled first when it must go too, so a log always has one.
     *
     * @return how many segments were deleted
     */
    public int deleteRetainedSegments() {
        synchronized (appendLock) {
            ensureOpen();
            LogConfig cfg = config;
            long now = clock.millis();
            long totalSize = sizeInBytes();
            int deleted = 0;
            try {
                while (true) {
                    LogSegment oldest = segments.firstEntry().getValue();
                    boolean isActive = segments.size() == 1;
                    boolean belowStart = oldest.nextOffset() <= logStartOffset && oldest.size() > 0;
                    boolean expired = cfg.delete() && cfg.retentionMs() >= 0 && oldest.size() > 0
                            && oldest.maxTimestamp() >= 0 && now - oldest.maxTimestamp() > cfg.retentionMs();
                    boolean oversize = cfg.delete() && cfg.retentionBytes() >= 0 && oldest.size() > 0
                            && totalSize - oldest.size() >= cfg.retentionBytes();
                    if (!(belowStart || expired || oversize)) {
                        break;
                    }
                    if (isActive) {
                        roll(logEndOffset);
                    }
                    segments.remove(oldest.baseOffset());
                    totalSize -= oldest.size();
                    deleter.delete(oldest, cfg.fileDeleteDelayMs());
                    deleted++;
                    long newStart = segments.firstKey();
                    if (newStart > logStartOffset) {
                        logStartOffset = newStart;
                        epochs.truncateFromStart(newStart);
                    }
                }
                if (deleted > 0) {
                    long firstBase = segments.firstKey();
                    for (long snapshot : ProducerSnapshotFile.offsets(dir)) {
                        if (snapshot < firstBase) {
                            Files.deleteIfExists(ProducerSnapshotFile.path(dir, snapshot));
                        }
                    }
                }
            } catch (IOException e) {
                throw new LogException(Errors.KAFKA_STORAGE_ERROR, "retention in " + dir + " failed", e);
            }
            return deleted;
        }
    }

    // ------------------------------------------------------------------ transactions

    /**
     * Whether producer {@code producerId} has a transaction open in this partition at epoch {@code producerEpoch}:
     * its next transactional batch then needs no check with the transaction coordinator.
     */
    public boolean inTransaction(long producerId, short producerEpoch) {
        synchronized (appendLock) {
            ProducerStateEntry entry = producerState.entry(producerId);
            return entry != null && entry.epoch == producerEpoch && entry.currentTxnFirstOffset >= 0;
        }
    }

    /**
     * The first offset of the oldest open transaction, or -1 if none is open. The last stable offset is the
     * smaller of this and the high watermark.
     */
    public long firstUnstableOffset() {
        return firstUnstableOffset;
    }

    /**
     * The aborted transactions a read_committed fetch of {@code [startOffset, upperBound)} must report: those
     * overlapping the range, found in the transaction indexes from the segment holding {@code startOffset} on.
     */
    public List<AbortedTxn> collectAbortedTransactions(long startOffset, long upperBound) {
        List<AbortedTxn> found = new ArrayList<>();
        Long from = segments.floorKey(startOffset);
        for (LogSegment segment : segments.tailMap(from == null ? startOffset : from, true).values()) {
            for (AbortedTxn txn : segment.abortedTxns()) {
                if (txn == null) {
                    continue;
                }
                if (txn.lastOffset() >= startOffset && txn.firstOffset() < upperBound) {
                    found.add(txn);
                }
                if (txn.lastStableOffset() >= upperBound) {
                    return found;
                }
            }
        }
        return found;
    }

    /** One producer's state, for DescribeProducers. */
    public record ProducerInfo(long producerId, short epoch, int lastSequence, long lastTimestamp,
                               int coordinatorEpoch, long currentTxnStartOffset) {
    }

    public List<ProducerInfo> activeProducers() {
        synchronized (appendLock) {
            List<ProducerInfo> out = new ArrayList<>();
            for (ProducerStateEntry e : producerState.entries()) {
                out.add(new ProducerInfo(e.producerId, e.epoch, e.lastSequence(), e.lastTimestamp,
                        e.coordinatorEpoch, e.currentTxnFirstOffset));
            }
            return out;
        }
    }

    /** Forgets producers idle past {@code producer.id.expiration.ms}; returns how many. */
    public int removeExpiredProducers(long expirationMs) {
        synchronized (appendLock) {
            return producerState.removeExpired(clock.millis(), expirationMs);
        }
    }

    // ------------------------------------------------------------------ compaction

    /**
     * The segments compaction may rewrite: all but the active one, up to the first that holds an open
     * transaction or a record younger than {@code min.compaction.lag.ms}.
     */
    List<LogSegment> cleanableSegments() {
        List<LogSegment> cleanable = new ArrayList<>();
        long unstable = firstUnstableOffset;
        long lagHorizon = clock.millis() - config.minCompactionLagMs();
        LogSegment active = active();
        for (LogSegment segment : segments.values()) {
            if (segment == active || (unstable >= 0 && segment.nextOffset() > unstable)
                    || segment.maxTimestamp() > lagHorizon) {
                break;
            }
            cleanable.add(segment);
        }
        return cleanable;
    }

    long firstDirtyOffset() {
        return firstDirtyOffset;
    }

    void markCleanedUpTo(long offset) {
        firstDirtyOffset = Math.max(firstDirtyOffset, offset);
    }

    long clockMillis() {
        return clock.millis();
    }

    /**
     * Replaces a segment by its cleaned copy, written to {@code cleanedDir} under the same base offset. Steps,
     * each safe to crash after (file protocol: {@link SegmentSwap}): (1) the cleaned files are staged as swap
     * files; (2) the old files are renamed {@code .deleted} (still open for readers); (3) the swap files take the
     * final names; (4) the new segment replaces the old one in the map in one step, so a reader sees one or the
     * other, never a hole.
     *
     * @return false if the segment left the log meanwhile (truncated or deleted): the copy is discarded
     */
    boolean swapCleanedSegment(LogSegment old, Path cleanedDir) throws IOException {
        synchronized (appendLock) {
            long base = old.baseOffset();
            if (closed || segments.get(base) != old) {
                SegmentSwap.discard(cleanedDir, base);
                return false;
            }
            SegmentSwap.stage(cleanedDir, dir, base, swapStepHook);
            swapStepHook.accept("swap files in place");
            old.markDeleted();
            swapStepHook.accept("old files renamed");
            SegmentSwap.promote(dir, base);
            swapStepHook.accept("swap files renamed");
            LogSegment fresh = LogSegment.open(dir, base, config, clock.millis());
            fresh.loadIndexes(batch -> { });
            segments.put(base, fresh);
            deleter.delete(old, config.fileDeleteDelayMs());
            return true;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    private void ensureOpen() {
        if (closed) {
            throw new LogException(Errors.NOT_LEADER_OR_FOLLOWER, "log " + dir.getFileName() + " is closed");
        }
    }

    /** Flushes and closes the segments; the active segment's indexes are trimmed for a fast, trusted reopen. */
    @Override
    public void close() throws IOException {
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            flush();
            active().onRoll();
            takeProducerSnapshot(logEndOffset);
            closed = true;
            for (LogSegment segment : segments.values()) {
                segment.close();
            }
        }
    }

    /** Closes the log and removes its directory. */
    public void delete() throws IOException {
        synchronized (appendLock) {
            closed = true;
            for (LogSegment segment : segments.values()) {
                segment.delete();
            }
            segments.clear();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public String toString() {
        return "Log(" + dir.getFileName() + ", start=" + logStartOffset + ", end=" + logEndOffset + ", segments="
                + segments.size() + ")";
    }
}
