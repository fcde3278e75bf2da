package io.tributary.broker.txn;

import static io.tributary.broker.txn.CoordinatorHarness.COORDINATOR_EPOCH;
import static io.tributary.broker.txn.CoordinatorHarness.FIRST_PRODUCER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.txn.TransactionCoordinator.InitResult;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's timers, driven through {@code poll(now)}: transactions open past their
 * {@code transaction.timeout.ms} are aborted (fencing their producer) at the abort sweep, and transactional ids idle
 * past {@code transactional.id.expiration.ms} are tombstoned at the expiry sweep.
 */
class TransactionTimeoutAndExpiryTest {

    private static final TopicPartition TP1 = new TopicPartition("orders", 0);
    private static final long ABORT_SWEEP_MS = 1_000;
    private static final long EXPIRY_SWEEP_MS = 5_000;
    private static final long EXPIRATION_MS = 60_000;
    private static final int TXN_TIMEOUT_MS = 1_500;

    private final CoordinatorHarness h = new CoordinatorHarness(new TransactionConfig(50, (short) 1, 1, 1 << 20,
            900_000, EXPIRATION_MS, ABORT_SWEEP_MS, EXPIRY_SWEEP_MS));

    {
        h.load(0, COORDINATOR_EPOCH);
    }

    private InitResult begin(String id, int timeoutMs) {
        InitResult p = h.init(id, timeoutMs, -1, (short) -1);
        assertThat(h.add(id, p, TP1)).isEqualTo(Errors.NONE);
        return p;
    }

    @Test
    void pollAnswersTheNextSweep() {
        long t0 = h.now();
        assertThat(h.poll()).isEqualTo(t0 + ABORT_SWEEP_MS);
        h.advance(400);
        assertThat(h.poll()).isEqualTo(t0 + ABORT_SWEEP_MS);
        h.advance(600);
        assertThat(h.poll()).isEqualTo(t0 + 2 * ABORT_SWEEP_MS);
    }

    @Test
    void transactionOpenPastItsTimeoutIsAbortedAtTheNextAbortSweepUnderABumpedEpoch() {
        h.poll();                                           // sweeps at t0, t0+1000, t0+2000, ...
        h.advance(200);
        InitResult p = begin("t", TXN_TIMEOUT_MS);          // begun at t0+200, times out after t0+1700

        h.advance(800);                                     // t0+1000: a sweep, open for 800 ms only
        h.poll();
        h.advance(1_000);                                   // t0+2000: open for 1800 ms, over its timeout
        assertThat(h.state("t").state()).isEqualTo(TransactionState.ONGOING);
        h.markers.hold();
        h.poll();

        TransactionMetadata aborting = h.state("t");
        assertThat(aborting.state()).isEqualTo(TransactionState.PREPARE_ABORT);
        assertThat(aborting.producerEpoch()).isEqualTo((short) (p.producerEpoch() + 1));
        RecordingMarkerWriter.Call markers = h.markers.last();
        assertThat(markers.commit).isFalse();
        assertThat(markers.producerEpoch).isEqualTo((short) (p.producerEpoch() + 1));
        assertThat(markers.targets).containsExactly(TP1);
        assertThat(markers.coordinatorEpoch).isEqualTo(COORDINATOR_EPOCH);

        h.completeHeldMarkers();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_ABORT);
        // The producer that let it time out is fenced; a new one gets a further epoch.
        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.PRODUCER_FENCED);
        assertThat(h.add("t", p, TP1)).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(h.init("t")).isEqualTo(new InitResult(Errors.NONE, p.producerId(),
                (short) (p.producerEpoch() + 2)));
    }

    @Test
    void transactionIsNotAbortedBetweenSweeps() {
        h.poll();
        InitResult p = begin("t", 100);
        h.advance(ABORT_SWEEP_MS - 1);                      // long past its timeout, but no sweep is due
        h.poll();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.ONGOING);
        assertThat(h.markers.calls()).isEmpty();

        h.advance(1);
        h.poll();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(h.state("t").producerEpoch()).isEqualTo((short) (p.producerEpoch() + 1));
    }

    @Test
    void transactionOpenExactlyItsTimeoutIsNotAborted() {
        h.poll();
        begin("t", (int) ABORT_SWEEP_MS);
        h.advance(ABORT_SWEEP_MS);
        h.poll();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.ONGOING);
    }

    @Test
    void transactionAlreadyEndingIsNotAbortedAgain() {
        h.poll();
        InitResult p = begin("t", 100);
        h.markers.hold();
        h.end("t", p, true);

        h.advance(ABORT_SWEEP_MS);
        h.poll();
        assertThat(h.markers.calls()).hasSize(1);
        h.completeHeldMarkers();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.state("t").producerEpoch()).isEqualTo(p.producerEpoch());
    }

    @Test
    void timedOutTransactionWhoseAbortCannotBeWrittenIsAbortedAtALaterSweep() {
        h.poll();
        InitResult p = begin("t", 100);
        h.advance(ABORT_SWEEP_MS);
        h.log.failAppends(Errors.NOT_COORDINATOR, 1);
        h.poll();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.ONGOING);
        assertThat(h.state("t").producerEpoch()).isEqualTo(p.producerEpoch());

        h.advance(ABORT_SWEEP_MS);
        h.poll();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(h.state("t").producerEpoch()).isEqualTo((short) (p.producerEpoch() + 1));
    }

    @Test
    void settledIdIdleLongerThanTheExpirationIsTombstonedAndForgotten() {
        h.poll();                                           // expiry sweeps at t0, t0+5000, ...
        h.producer("idle");
        InitResult c = begin("committed", 900_000);
        h.end("committed", c, true);
        InitResult a = begin("aborted", 900_000);
        h.end("aborted", a, false);
        begin("open", 900_000);
        h.advance(30_000);
        h.producer("recent");

        h.advance(EXPIRATION_MS - 30_000);                  // t0+60000: idle for exactly the expiration
        h.poll();
        assertThat(h.state("idle")).isNotNull();

        h.advance(EXPIRY_SWEEP_MS);
        h.poll();
        for (String gone : new String[] {"idle", "committed", "aborted"}) {
            assertThat(h.state(gone)).as(gone).isNull();
            assertThat(h.log.written(gone)).as(gone).last().isNull();
        }
        assertThat(h.state("open").state()).isEqualTo(TransactionState.ONGOING);
        assertThat(h.state("recent")).isNotNull();
        assertThat(h.coordinator.transactions()).extracting(TransactionMetadata::transactionalId)
                .containsExactlyInAnyOrder("open", "recent");

        // An expired id starts over with a new producer id.
        assertThat(h.init("idle")).isEqualTo(new InitResult(Errors.NONE, FIRST_PRODUCER_ID + 5, (short) 0));
    }

    @Test
    void expiredIdStaysForgottenAfterAReload() {
        h.poll();
        h.producer("idle");
        h.advance(EXPIRATION_MS + EXPIRY_SWEEP_MS);
        h.poll();

        h.load(0, COORDINATOR_EPOCH + 1);
        assertThat(h.state("idle")).isNull();
    }

    @Test
    void failedTombstoneWriteKeepsTheIdForTheNextSweep() {
        h.poll();
        h.producer("idle");
        h.advance(EXPIRATION_MS + EXPIRY_SWEEP_MS);
        h.log.failAppends(Errors.NOT_COORDINATOR, 1);
        h.poll();
        assertThat(h.state("idle")).isNotNull();

        h.advance(EXPIRY_SWEEP_MS);
        h.poll();
        assertThat(h.state("idle")).isNull();
        assertThat(h.log.written("idle")).last().isNull();
    }
}
