package io.tributary.log;

import static io.tributary.log.TestBatches.batch;
import static io.tributary.log.TestBatches.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.protocol.Errors;
import io.tributary.protocol.record.CompressionType;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);

    private Log open(Map<String, String> overrides) throws IOException {
        return Log.open(dir.resolve("t-0"), LogConfig.fromProperties(overrides), 0, 0, clock);
    }

    @Test
    void appendsGetDenseOffsetsAndReadBackInOrder() throws IOException {
        try (Log log = open(Map.of())) {
            LogAppendInfo a = log.appendAsLeader(batch(NOW, "a", "b"), 0, AppendOrigin.CLIENT);
            LogAppendInfo b = log.appendAsLeader(batch(NOW, "c"), 0, AppendOrigin.CLIENT);
            assertThat(a.firstOffset()).isZero();
            assertThat(a.lastOffset()).isEqualTo(1);
            assertThat(b.firstOffset()).isEqualTo(2);
            assertThat(log.logEndOffset()).isEqualTo(3);
            assertThat(readAll(log)).containsExactly("0:a", "1:b", "2:c");
        }
    }

    @Test
    void segmentsRollAtSegmentBytesAndReadsCrossThem() throws IOException {
        try (Log log = open(Map.of("segment.bytes", "300"))) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                log.appendAsLeader(batch(NOW, "value-" + i), 0, AppendOrigin.CLIENT);
                expected.add(i + ":value-" + i);
            }
            assertThat(log.segmentCount()).isGreaterThan(5);
            assertThat(readAll(log)).isEqualTo(expected);
            // A read from the middle starts at the batch holding the offset.
            ByteBuffer middle = log.read(23, 100, log.logEndOffset(), true).records().readAll();
            assertThat(TestBatches.values(middle).get(0)).isEqualTo("23:value-23");
        }
    }

    @Test
    void readsStopAtTheGivenUpperOffset() throws IOException {
        try (Log log = open(Map.of())) {
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(batch(NOW, "v" + i), 0, AppendOrigin.CLIENT);
            }
            FetchDataInfo upToThree = log.read(0, 1 << 20, 3, false);
            assertThat(TestBatches.values(upToThree.records().readAll())).containsExactly("0:v0", "1:v1", "2:v2");
            assertThat(log.read(3, 1 << 20, 3, false).isEmpty()).isTrue();
        }
    }

    @Test
    void aTailingReadFromARecentAppendAndAReadAfterTruncationAndReappendSeeTheRightBatches() throws IOException {
        try (Log log = open(Map.of("index.interval.bytes", "1000000"))) {   // no index entries: only a scan or
            for (int i = 0; i < 10; i++) {                                     // the recent appends can find 9
                log.appendAsLeader(batch(NOW, "v" + i), 0, AppendOrigin.CLIENT);
            }
            assertThat(TestBatches.values(log.read(9, 1000, log.logEndOffset(), true).records().readAll()))
                    .containsExactly("9:v9");
            assertThat(TestBatches.values(log.read(4, 1, log.logEndOffset(), true).records().readAll()))
                    .as("minOneBatch returns the whole first batch").containsExactly("4:v4");
            log.truncateTo(5);
            log.appendAsLeader(batch(NOW, "new-a", "new-b"), 0, AppendOrigin.CLIENT);
            log.appendAsLeader(batch(NOW, "new-c"), 0, AppendOrigin.CLIENT);
            assertThat(TestBatches.values(log.read(5, 1000, log.logEndOffset(), true).records().readAll()))
                    .containsExactly("5:new-a", "6:new-b", "7:new-c");
            assertThat(TestBatches.values(log.read(7, 1000, log.logEndOffset(), true).records().readAll()))
                    .containsExactly("7:new-c");
        }
    }

    @Test
    void offsetsOutsideTheLogAreOutOfRange() throws IOException {
        try (Log log = open(Map.of())) {
            log.appendAsLeader(batch(NOW, "a"), 0, AppendOrigin.CLIENT);
            assertThatThrownBy(() -> log.read(2, 100, 10, true)).isInstanceOfSatisfying(LogException.class,
                    e -> assertThat(e.error()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE));
            assertThat(log.read(1, 100, 10, true).isEmpty()).isTrue();   // the log end itself is a valid position
        }
    }

    @Test
    void theFirstBatchIsReturnedWholeEvenAboveMaxBytes() throws IOException {
        try (Log log = open(Map.of())) {
            log.appendAsLeader(batch(NOW, "x".repeat(500)), 0, AppendOrigin.CLIENT);
            log.appendAsLeader(batch(NOW, "y"), 0, AppendOrigin.CLIENT);
            FetchDataInfo whole = log.read(0, 10, 2, true);
            assertThat(whole.sizeInBytes()).isGreaterThan(500);
            assertThat(TestBatches.values(whole.records().readAll())).hasSize(1);
            assertThat(log.read(0, 10, 2, false).sizeInBytes()).isEqualTo(10);
        }
    }

    @Test
    void cleanReopenKeepsEveryRecordAndTheIndexes() throws IOException {
        List<String> expected;
        try (Log log = open(Map.of("segment.bytes", "500", "index.interval.bytes", "100"))) {
            for (int i = 0; i < 60; i++) {
                log.appendAsLeader(batch(NOW + i, "v" + i), i / 20, AppendOrigin.CLIENT);
            }
            expected = readAll(log);
        }
        try (Log log = Log.open(dir.resolve("t-0"), LogConfig.fromProperties(
                Map.of("segment.bytes", "500", "index.interval.bytes", "100")), 60, 0, clock)) {
            assertThat(log.logEndOffset()).isEqualTo(60);
            assertThat(readAll(log)).isEqualTo(expected);
            assertThat(log.leaderEpochCache().snapshot()).containsEntry(0, 0L).containsEntry(1, 20L)
                    .containsEntry(2, 40L);
            log.appendAsLeader(batch(NOW, "after"), 2, AppendOrigin.CLIENT);
            assertThat(readAll(log)).last().isEqualTo("60:after");
        }
    }

    @Test
    void truncationDropsTheSuffixAndItsEpochs() throws IOException {
        try (Log log = open(Map.of("segment.bytes", "300"))) {
            for (int i = 0; i < 30; i++) {
                log.appendAsLeader(batch(NOW, "v" + i), i < 15 ? 1 : 2, AppendOrigin.CLIENT);
            }
            log.truncateTo(12);
            assertThat(log.logEndOffset()).isEqualTo(12);
            assertThat(readAll(log)).hasSize(12).last().isEqualTo("11:v11");
            assertThat(log.leaderEpochCache().snapshot()).containsOnlyKeys(1);
            log.appendAsLeader(batch(NOW, "new"), 3, AppendOrigin.CLIENT);
            assertThat(readAll(log)).last().isEqualTo("12:new");
        }
    }

    @Test
    void epochEndOffsetsAnswerOffsetForLeaderEpoch() throws IOException {
        try (Log log = open(Map.of())) {
            log.appendAsLeader(batch(NOW, "a", "b"), 1, AppendOrigin.CLIENT);   // 0-1
            log.appendAsLeader(batch(NOW, "c"), 3, AppendOrigin.CLIENT);        // 2
            log.appendAsLeader(batch(NOW, "d"), 3, AppendOrigin.CLIENT);        // 3
            LeaderEpochCache epochs = log.leaderEpochCache();
            assertThat(epochs.endOffsetFor(3, log.logEndOffset())).isEqualTo(new LeaderEpochCache.EpochEnd(3, 4));
            assertThat(epochs.endOffsetFor(2, log.logEndOffset())).isEqualTo(new LeaderEpochCache.EpochEnd(1, 2));
            assertThat(epochs.endOffsetFor(0, log.logEndOffset())).isEqualTo(new LeaderEpochCache.EpochEnd(0, 0));
            assertThat(epochs.endOffsetFor(5, log.logEndOffset()).epoch()).isEqualTo(LeaderEpochCache.UNDEFINED_EPOCH);
        }
    }

    @Test
    void timestampLookupFindsTheFirstRecordAtOrAfter() throws IOException {
        try (Log log = open(Map.of("segment.bytes", "400", "index.interval.bytes", "50"))) {
            for (int i = 0; i < 50; i++) {
                log.appendAsLeader(batch(NOW + i * 10, "v" + i), 0, AppendOrigin.CLIENT);
            }
            assertThat(log.offsetForTimestamp(NOW + 255).offset()).isEqualTo(26);
            assertThat(log.offsetForTimestamp(NOW + 260).offset()).isEqualTo(26);
            assertThat(log.offsetForTimestamp(NOW - 5).offset()).isZero();
            assertThat(log.offsetForTimestamp(NOW + 10_000)).isNull();
        }
    }

    @Test
    void maxTimestampIsTheFirstRecordCarryingTheLargestTimestamp() throws IOException {
        try (Log log = open(Map.of("segment.bytes", "300"))) {
            assertThat(log.maxTimestampAndOffset()).isNull();
            for (int i = 0; i < 30; i++) {
                long ts = i == 17 || i == 25 ? NOW + 1000 : NOW + i;
                log.appendAsLeader(batch(ts, "v" + i), 0, AppendOrigin.CLIENT);
            }
            log.appendAsLeader(TestBatches.batch(NOW, "a", "b"), 0, AppendOrigin.CLIENT);
            Log.TimestampAndOffset max = log.maxTimestampAndOffset();
            assertThat(max.offset()).isEqualTo(17);
            assertThat(max.timestamp()).isEqualTo(NOW + 1000);
        }
    }

    @Test
    void logAppendTimeStampsTheBrokerTime() throws IOException {
        try (Log log = open(Map.of("message.timestamp.type", "LogAppendTime"))) {
            LogAppendInfo info = log.appendAsLeader(batch(NOW - 5000, "a"), 0, AppendOrigin.CLIENT);
            assertThat(info.logAppendTime()).isEqualTo(NOW);
            RecordBatch stored = RecordBatch.wrap(log.read(0, 1000, 1, true).records().readAll());
            assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(stored.maxTimestamp()).isEqualTo(NOW);
            assertThat(stored.isValid()).isTrue();
        }
    }

    @Test
    void badBatchesGetKafkasErrorsAndAppendNothing() throws IOException {
        try (Log log = open(Map.of("max.message.bytes", "200", "cleanup.policy", "compact"))) {
            ByteBuffer corrupt = TestBatches.keyed(NOW, "k", "v");
            corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));
            assertError(log, corrupt, Errors.CORRUPT_MESSAGE);
            assertError(log, TestBatches.keyed(NOW, "k", "x".repeat(300)), Errors.MESSAGE_TOO_LARGE);
            assertError(log, TestBatches.keyed(NOW + 2 * 3_600_000L, "k", "v"), Errors.INVALID_TIMESTAMP);
            assertError(log, batch(NOW, "no key"), Errors.INVALID_RECORD);
            ByteBuffer magic1 = TestBatches.keyed(NOW, "k", "v");
            magic1.put(16, (byte) 1);
            assertError(log, magic1, Errors.INVALID_RECORD);
            assertThat(log.logEndOffset()).isZero();
            log.appendAsLeader(TestBatches.keyed(NOW, "k", "v"), 0, AppendOrigin.CLIENT);
            assertThat(log.logEndOffset()).isEqualTo(1);
        }
    }

    private static void assertError(Log log, ByteBuffer records, Errors error) {
        assertThatThrownBy(() -> log.appendAsLeader(records, 0, AppendOrigin.CLIENT))
                .isInstanceOfSatisfying(LogException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void compressedBatchesAreStoredAsSent() throws IOException {
        try (Log log = open(Map.of())) {
            for (CompressionType type : CompressionType.values()) {
                log.appendAsLeader(TestBatches.compressed(NOW, type, type.name() + "-1", type.name() + "-2"), 0,
                        AppendOrigin.CLIENT);
            }
            assertThat(readAll(log)).hasSize(10).contains("0:NONE-1", "9:ZSTD-2");
        }
    }

    @Test
    void retentionDeletesWholeOldSegmentsAndMovesTheStart() throws IOException {
        try (Log log = open(Map.of("segment.bytes", "300", "retention.bytes", "600"))) {
            for (int i = 0; i < 30; i++) {
                log.appendAsLeader(batch(NOW, "value-" + i), 0, AppendOrigin.CLIENT);
            }
            long before = log.sizeInBytes();
            int deleted = log.deleteRetainedSegments();
            assertThat(deleted).isPositive();
            assertThat(log.sizeInBytes()).isLessThan(before);
            assertThat(log.sizeInBytes()).isLessThanOrEqualTo(600 + 300);
            assertThat(log.logStartOffset()).isPositive();
            List<String> left = readAll(log);
            assertThat(left.get(0)).startsWith(log.logStartOffset() + ":");
            assertThat(left).last().isEqualTo("29:value-29");
        }
    }

    @Test
    void timeRetentionEmptiesAnExpiredLogButKeepsItsEnd() throws IOException {
        try (Log log = open(Map.of("retention.ms", "1000"))) {
            log.appendAsLeader(batch(NOW, "old"), 0, AppendOrigin.CLIENT);
            clock.advance(2000);
            assertThat(log.deleteRetainedSegments()).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(1);
            assertThat(log.logEndOffset()).isEqualTo(1);
            log.appendAsLeader(batch(clock.millis(), "new"), 0, AppendOrigin.CLIENT);
            assertThat(readAll(log)).containsExactly("1:new");
        }
    }

    @Test
    void deleteRecordsMovesTheStartAndHidesEarlierOffsets() throws IOException {
        try (Log log = open(Map.of())) {
            log.appendAsLeader(batch(NOW, "a", "b", "c"), 0, AppendOrigin.CLIENT);
            log.advanceLogStartOffset(2);
            assertThat(log.logStartOffset()).isEqualTo(2);
            assertThatThrownBy(() -> log.read(1, 100, 3, true)).isInstanceOf(LogException.class);
            assertThatThrownBy(() -> log.advanceLogStartOffset(9)).isInstanceOfSatisfying(LogException.class,
                    e -> assertThat(e.error()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE));
        }
    }

    @Test
    void followerAppendsKeepTheLeadersOffsetsAndEpochs() throws IOException {
        ByteBuffer replicated;
        try (Log leader = Log.open(dir.resolve("leader"), LogConfig.defaults(), 0, 0, clock)) {
            leader.appendAsLeader(batch(NOW, "a", "b"), 4, AppendOrigin.CLIENT);
            leader.appendAsLeader(batch(NOW, "c"), 5, AppendOrigin.CLIENT);
            replicated = leader.read(0, 1 << 20, 3, true).records().readAll();
        }
        try (Log follower = Log.open(dir.resolve("follower"), LogConfig.defaults(), 0, 0, clock)) {
            follower.appendAsFollower(replicated);
            assertThat(readAll(follower)).containsExactly("0:a", "1:b", "2:c");
            assertThat(follower.leaderEpochCache().snapshot()).containsEntry(4, 0L).containsEntry(5, 2L);
            assertThatThrownBy(() -> follower.appendAsFollower(replicated)).isInstanceOf(LogException.class);
        }
    }
}
