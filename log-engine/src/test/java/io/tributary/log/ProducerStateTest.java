package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.protocol.Errors;
import io.tributary.protocol.record.ControlBatches;
import io.tributary.protocol.record.ControlRecordType;
import io.tributary.protocol.record.EndTransactionMarker;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent and transactional producers against one partition log, across restarts and truncation. */
class ProducerStateTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long PID = 4242;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);

    private Log open(long recoveryPoint) throws IOException {
        return Log.open(dir.resolve("p-0"), LogConfig.fromProperties(Map.of("segment.bytes", "600")),
                recoveryPoint, 0, clock);
    }

    private static ByteBuffer idempotent(short epoch, int sequence, String... values) {
        return producerBatch(epoch, sequence, false, values);
    }

    private static ByteBuffer producerBatch(short epoch, int sequence, boolean transactional, String... values) {
        RecordBatchBuilder builder = new RecordBatchBuilder().producer(PID, epoch, sequence)
                .transactional(transactional);
        for (String v : values) {
            builder.add(RecordData.of(NOW, null, v.getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    private static ByteBuffer marker(short epoch, ControlRecordType type, int coordinatorEpoch) {
        return ControlBatches.endTransaction(0, NOW, 0, PID, epoch, new EndTransactionMarker(type, coordinatorEpoch));
    }

    private static LogAppendInfo produce(Log log, ByteBuffer batch) {
        return log.appendAsLeader(batch, 0, AppendOrigin.CLIENT);
    }

    private static void assertRefused(Log log, ByteBuffer batch, Errors error) {
        assertThatThrownBy(() -> produce(log, batch)).isInstanceOfSatisfying(LogException.class,
                e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void aRetriedBatchIsNotAppendedTwiceAndGetsItsOriginalOffsets() throws IOException {
        try (Log log = open(0)) {
            produce(log, idempotent((short) 0, 0, "a", "b"));
            produce(log, idempotent((short) 0, 2, "c"));
            LogAppendInfo retry = produce(log, idempotent((short) 0, 0, "a", "b"));
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.firstOffset()).isZero();
            assertThat(retry.lastOffset()).isEqualTo(1);
            assertThat(log.logEndOffset()).isEqualTo(3);
            assertThat(TestBatches.readAll(log)).containsExactly("0:a", "1:b", "2:c");
        }
    }

    @Test
    void aSequenceGapIsOutOfOrder() throws IOException {
        try (Log log = open(0)) {
            produce(log, idempotent((short) 0, 0, "a"));
            assertRefused(log, idempotent((short) 0, 5, "skipped ahead"), Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            assertThat(log.logEndOffset()).isEqualTo(1);
        }
    }

    @Test
    void anOlderEpochIsFencedAndANewEpochStartsAtZero() throws IOException {
        try (Log log = open(0)) {
            produce(log, idempotent((short) 3, 0, "a"));
            assertRefused(log, idempotent((short) 2, 1, "zombie"), Errors.INVALID_PRODUCER_EPOCH);
            assertRefused(log, idempotent((short) 4, 7, "bad start"), Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            produce(log, idempotent((short) 4, 0, "new epoch"));
            assertThat(log.logEndOffset()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownProducerMayStartAtAnySequence() throws IOException {
        try (Log log = open(0)) {
            produce(log, idempotent((short) 0, 17, "resumed after expiry"));
            assertThat(log.logEndOffset()).isEqualTo(1);
        }
    }

    @Test
    void retriesAreStillRecognisedAfterACleanRestartAndAfterFullRecovery() throws IOException {
        try (Log log = open(0)) {
            for (int i = 0; i < 20; i++) {
                produce(log, idempotent((short) 0, i, "v" + i + "-" + "x".repeat(40)));   // several segments
            }
            assertThat(log.segmentCount()).isGreaterThan(2);
        }
        for (long recoveryPoint : new long[] {20, 0}) {
            try (Log log = open(recoveryPoint)) {
                LogAppendInfo retry = produce(log, idempotent((short) 0, 19, "v19-" + "x".repeat(40)));
                assertThat(retry.duplicate()).as("recovery point " + recoveryPoint).isTrue();
                assertThat(retry.firstOffset()).isEqualTo(19);
                assertRefused(log, idempotent((short) 0, 25, "gap"), Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            }
        }
    }

    @Test
    void openTransactionsHoldBackTheStableOffsetAndAbortsAreIndexed() throws IOException {
        try (Log log = open(0)) {
            produce(log, TestBatches.batch(NOW, "plain"));                                   // 0
            produce(log, producerBatch((short) 1, 0, true, "t1", "t2"));                      // 1-2
            assertThat(log.firstUnstableOffset()).isEqualTo(1);
            log.appendAsLeader(marker((short) 1, ControlRecordType.ABORT, 5), 0, AppendOrigin.COORDINATOR); // 3
            assertThat(log.firstUnstableOffset()).isEqualTo(-1);
            produce(log, producerBatch((short) 1, 2, true, "t3"));                            // 4
            log.appendAsLeader(marker((short) 1, ControlRecordType.COMMIT, 5), 0, AppendOrigin.COORDINATOR); // 5
            assertThat(log.collectAbortedTransactions(0, log.logEndOffset()))
                    .containsExactly(new AbortedTxn(PID, 1, 3, 4));
            assertThat(log.collectAbortedTransactions(4, log.logEndOffset())).isEmpty();
        }
        for (long recoveryPoint : new long[] {6, 0}) {
            try (Log log = open(recoveryPoint)) {
                assertThat(log.collectAbortedTransactions(0, log.logEndOffset())).as("after reopen at "
                        + recoveryPoint).containsExactly(new AbortedTxn(PID, 1, 3, 4));
                assertThat(log.firstUnstableOffset()).isEqualTo(-1);
            }
        }
    }

    @Test
    void markersFromAFencedCoordinatorOrProducerAreRefused() throws IOException {
        try (Log log = open(0)) {
            produce(log, producerBatch((short) 2, 0, true, "t"));
            log.appendAsLeader(marker((short) 2, ControlRecordType.COMMIT, 7), 0, AppendOrigin.COORDINATOR);
            assertThatThrownBy(() -> log.appendAsLeader(marker((short) 2, ControlRecordType.ABORT, 6), 0,
                    AppendOrigin.COORDINATOR)).isInstanceOfSatisfying(LogException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.TRANSACTION_COORDINATOR_FENCED));
            assertThatThrownBy(() -> log.appendAsLeader(marker((short) 1, ControlRecordType.ABORT, 8), 0,
                    AppendOrigin.COORDINATOR)).isInstanceOfSatisfying(LogException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH));
            assertRefused(log, marker((short) 2, ControlRecordType.ABORT, 9), Errors.INVALID_RECORD);
        }
    }

    @Test
    void aFencedProducersCoordinatorBatchIsRefused() throws IOException {
        try (Log log = open(0)) {
            produce(log, producerBatch((short) 3, 0, true, "t"));
            log.appendAsLeader(marker((short) 3, ControlRecordType.ABORT, 1), 0, AppendOrigin.COORDINATOR);
            assertThatThrownBy(() -> log.appendAsLeader(producerBatch((short) 2, -1, true, "late offset commit"), 0,
                    AppendOrigin.COORDINATOR)).isInstanceOfSatisfying(LogException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH));
            log.appendAsLeader(producerBatch((short) 3, -1, true, "offset commit"), 0, AppendOrigin.COORDINATOR);
            assertThat(log.firstUnstableOffset()).isEqualTo(2);
        }
    }

    @Test
    void truncationForgetsTheProducerStateOfTheRemovedSuffix() throws IOException {
        try (Log log = open(0)) {
            produce(log, idempotent((short) 0, 0, "a"));
            produce(log, idempotent((short) 0, 1, "b"));
            log.truncateTo(1);
            LogAppendInfo again = produce(log, idempotent((short) 0, 1, "b"));
            assertThat(again.duplicate()).isFalse();
            assertThat(again.firstOffset()).isEqualTo(1);
        }
    }

    @Test
    void idleProducersExpire() throws IOException {
        try (Log log = open(0)) {
            produce(log, idempotent((short) 0, 0, "a"));
            clock.advance(10_000);
            assertThat(log.removeExpiredProducers(5_000)).isEqualTo(1);
            assertThat(log.activeProducers()).isEmpty();
            produce(log, idempotent((short) 0, 9, "any sequence again"));
        }
    }

    @Test
    void producersAreDescribed() throws IOException {
        try (Log log = open(0)) {
            produce(log, producerBatch((short) 3, 0, true, "a", "b"));
            assertThat(log.activeProducers()).containsExactly(
                    new Log.ProducerInfo(PID, (short) 3, 1, NOW, -1, 0));
            assertThat(List.of(log.firstUnstableOffset())).containsExactly(0L);
        }
    }
}
