package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.ControlBatches;
import io.tributary.protocol.record.ControlRecordType;
import io.tributary.protocol.record.EndTransactionMarker;
import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction on a keyed workload with updates and tombstones: afterwards every live key reads as its latest value,
 * records keep their offsets, deleted keys disappear once {@code delete.retention.ms} has passed, aborted
 * transactions stay aborted — and a crash at any step of a segment swap leaves a valid log.
 */
class CompactionTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final Map<String, String> SETTINGS = Map.of("cleanup.policy", "compact", "segment.bytes", "1024",
            "delete.retention.ms", "1000", "min.cleanable.dirty.ratio", "0");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);

    @AfterEach
    void resetHook() {
        Log.swapStepHook = step -> { };
    }

    private Log open(Path dir) throws IOException {
        return Log.open(dir, LogConfig.fromProperties(SETTINGS), 0, 0, clock);
    }

    /** One appended record: offset → key and value (null = tombstone). */
    private record Written(String key, String value) {
    }

    private static TreeMap<Long, Written> workload(Log log, Random random, int count, long timestamp) {
        TreeMap<Long, Written> written = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String key = "k" + random.nextInt(30);
            String value = random.nextInt(100) < 15 ? null : "v" + i + "-" + "x".repeat(random.nextInt(40));
            LogAppendInfo info = log.appendAsLeader(TestBatches.keyed(timestamp, key, value), 0, AppendOrigin.CLIENT);
            written.put(info.firstOffset(), new Written(key, value));
        }
        return written;
    }

    /** Every record of the log as offset → (key, value). */
    private static TreeMap<Long, Written> contents(Log log) {
        TreeMap<Long, Written> out = new TreeMap<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            FetchDataInfo info = log.read(offset, 1 << 20, log.logEndOffset(), true);
            if (info.isEmpty()) {
                break;
            }
            long next = offset;
            for (RecordBatch batch : Batches.allowingPartialTail(info.records().readAll())) {
                if (batch.isControl()) {
                    next = batch.nextOffset();
                    continue;
                }
                batch.records().forEachRemaining(r -> out.put(r.offset(), new Written(string(r.key()),
                        r.hasValue() ? string(r.value()) : null)));
                next = batch.nextOffset();
            }
            offset = next;
        }
        return out;
    }

    private static String string(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, Long> latestOffsets(TreeMap<Long, Written> written) {
        Map<String, Long> latest = new HashMap<>();
        written.forEach((offset, w) -> latest.put(w.key(), offset));
        return latest;
    }

    /** Checks a compacted log against what was written: originals only, at their offsets, latest kept. */
    private static void assertCompactedFrom(TreeMap<Long, Written> written, TreeMap<Long, Written> now,
                                            boolean tombstonesExpired, long cleanedBelow) {
        Map<String, Long> latest = latestOffsets(written);
        now.forEach((offset, w) -> assertThat(written.get(offset)).as("record at " + offset).isEqualTo(w));
        latest.forEach((key, offset) -> {
            Written w = written.get(offset);
            if (w.value() != null || !tombstonesExpired || offset >= cleanedBelow) {
                assertThat(now).as("latest record of " + key).containsEntry(offset, w);
            } else {
                assertThat(now.values()).as("expired tombstone's key " + key).noneMatch(x -> x.key().equals(key)
                        && x.value() == null);
            }
        });
        now.forEach((offset, w) -> {
            if (offset < cleanedBelow) {
                assertThat(latest.get(w.key())).as("only the latest of " + w.key() + " survives").isEqualTo(offset);
            }
        });
    }

    @Test
    void compactionKeepsTheLatestValueOfEveryKeyAtItsOffset() throws IOException {
        try (Log log = open(tmp.resolve("c-0"))) {
            TreeMap<Long, Written> written = workload(log, new Random(1), 600, NOW);
            log.roll();
            long sizeBefore = log.sizeInBytes();
            LogCleaner.CleanResult result = LogCleaner.cleanIfDirty(log);
            assertThat(result.segmentsCleaned()).isPositive();
            assertThat(result.recordsRemoved()).isPositive();
            assertThat(log.sizeInBytes()).isLessThan(sizeBefore / 3);
            TreeMap<Long, Written> after = contents(log);
            assertCompactedFrom(written, after, false, log.logEndOffset());
            assertThat(LogCleaner.cleanIfDirty(log).segmentsCleaned()).as("nothing dirty left").isZero();

            // Past delete.retention.ms, tombstones that are a key's latest go too.
            clock.advance(5_000);
            log.appendAsLeader(TestBatches.keyed(clock.millis(), "fresh", "value"), 0, AppendOrigin.CLIENT);
            log.roll();
            LogCleaner.clean(log);
            TreeMap<Long, Written> later = contents(log);
            assertThat(later.values()).noneMatch(w -> w.value() == null);
            written.put(log.logEndOffset() - 1, new Written("fresh", "value"));
            assertCompactedFrom(written, later, true, log.logEndOffset());
        }
        try (Log reopened = open(tmp.resolve("c-0"))) {
            assertThat(contents(reopened).values()).noneMatch(w -> w.value() == null).isNotEmpty();
        }
    }

    @Test
    void aSegmentIsCleanedAgainWhileTheFilesOfItsLastCleaningAwaitDeletion() throws IOException {
        // The delete delay has not passed: the files the first pass replaced are still there, named *.deleted.
        SegmentDeleter delayed = (segment, delayMs) -> { };
        try (Log log = Log.open(tmp.resolve("again-0"), LogConfig.fromProperties(SETTINGS), 0, 0, clock, delayed)) {
            TreeMap<Long, Written> written = workload(log, new Random(7), 200, NOW);
            log.roll();
            assertThat(LogCleaner.clean(log).segmentsCleaned()).isPositive();
            written.putAll(workload(log, new Random(8), 200, NOW));
            log.roll();
            assertThat(LogCleaner.clean(log).segmentsCleaned()).as("the second pass re-cleans segment 0 too")
                    .isGreaterThan(1);
            assertCompactedFrom(written, contents(log), false, log.logEndOffset());
        }
    }

    @Test
    void youngRecordsAndOpenTransactionsAreNotCleaned() throws IOException {
        Map<String, String> lagged = new HashMap<>(SETTINGS);
        lagged.put("min.compaction.lag.ms", "60000");
        try (Log log = Log.open(tmp.resolve("lag-0"), LogConfig.fromProperties(lagged), 0, 0, clock)) {
            workload(log, new Random(2), 100, NOW);
            log.roll();
            assertThat(LogCleaner.clean(log).segmentsCleaned()).isZero();
        }
        try (Log log = open(tmp.resolve("txn-0"))) {
            log.appendAsLeader(TestBatches.keyed(NOW, "a", "1"), 0, AppendOrigin.CLIENT);
            log.appendAsLeader(new RecordBatchBuilder().producer(9, (short) 0, 0).transactional(true)
                    .add(RecordData.of(NOW, "a".getBytes(), "open".getBytes())).build(), 0, AppendOrigin.CLIENT);
            workload(log, new Random(3), 100, NOW);
            log.roll();
            assertThat(LogCleaner.clean(log).segmentsCleaned()).isZero();   // the first segment holds an open txn
        }
    }

    @Test
    void abortedRecordsNeverWinAndAreRemovedWhileMarkersStay() throws IOException {
        try (Log log = open(tmp.resolve("abort-0"))) {
            log.appendAsLeader(TestBatches.keyed(NOW, "k", "committed"), 0, AppendOrigin.CLIENT);       // 0
            log.appendAsLeader(new RecordBatchBuilder().producer(9, (short) 0, 0).transactional(true)
                    .add(RecordData.of(NOW, "k".getBytes(), "aborted".getBytes())).build(), 0,
                    AppendOrigin.CLIENT);                                                               // 1
            log.appendAsLeader(ControlBatches.endTransaction(0, NOW, 0, 9, (short) 0,
                    new EndTransactionMarker(ControlRecordType.ABORT, 0)), 0, AppendOrigin.COORDINATOR); // 2
            log.roll();
            LogCleaner.clean(log);
            assertThat(contents(log)).containsExactly(Map.entry(0L, new Written("k", "committed")));
            assertThat(log.collectAbortedTransactions(0, 3)).containsExactly(new AbortedTxn(9, 1, 2, 3));
            boolean markerKept = false;
            for (RecordBatch b : Batches.allowingPartialTail(log.read(0, 1 << 20, 3, true).records().readAll())) {
                markerKept |= b.isControl() && b.baseOffset() == 2;
            }
            assertThat(markerKept).isTrue();
        }
    }

    @Test
    void aCrashAtAnyStepOfTheSwapLeavesAValidLog() throws IOException {
        for (int crashAt = 1; crashAt <= 7; crashAt++) {
            Path dir = tmp.resolve("crash" + crashAt + "-0");
            Log log = open(dir);
            TreeMap<Long, Written> written = workload(log, new Random(crashAt), 300, NOW);
            log.roll();
            log.flush();
            int[] calls = {0};
            int target = crashAt;
            Log.swapStepHook = step -> {
                if (++calls[0] == target) {
                    throw new IllegalStateException("simulated crash at " + step);
                }
            };
            assertThatThrownBy(() -> LogCleaner.clean(log)).hasMessageContaining("simulated crash");
            Log.swapStepHook = step -> { };
            // The crashed process's log object is abandoned, as a killed process leaves it.
            try (Log recovered = open(dir)) {
                TreeMap<Long, Written> now = contents(recovered);
                assertCompactedFrom(written, now, false, 0);   // originals, at their offsets, latest kept
                Map<String, Long> latest = latestOffsets(written);
                latest.forEach((key, offset) -> assertThat(now).containsKey(offset));
                LogCleaner.clean(recovered);
                assertCompactedFrom(written, contents(recovered), false, recovered.logEndOffset());
            }
        }
    }

    @Test
    void rewrittenBatchesKeepTheirOffsetsProducerFieldsAndValidCrc() throws IOException {
        try (Log log = open(tmp.resolve("batch-0"))) {
            RecordBatchBuilder builder = new RecordBatchBuilder().producer(5, (short) 1, 0);
            for (String key : List.of("a", "b", "a", "c", "b")) {
                builder.add(RecordData.of(NOW, key.getBytes(), ("val-" + key).getBytes()));
            }
            log.appendAsLeader(builder.build(), 0, AppendOrigin.CLIENT);      // offsets 0-4: a b a c b
            log.roll();
            LogCleaner.clean(log);
            ByteBuffer bytes = log.read(0, 1 << 20, 5, true).records().readAll();
            RecordBatch batch = RecordBatch.wrap(bytes);
            assertThat(batch.isValid()).isTrue();
            assertThat(batch.baseOffset()).isZero();
            assertThat(batch.lastOffset()).isEqualTo(4);
            assertThat(batch.producerId()).isEqualTo(5);
            assertThat(batch.baseSequence()).isZero();
            List<Long> offsets = new ArrayList<>();
            batch.records().forEachRemaining((Record r) -> offsets.add(r.offset()));
            assertThat(offsets).containsExactly(2L, 3L, 4L);
        }
    }
}
