package io.tributary.broker.txn;

import static io.tributary.broker.txn.CoordinatorHarness.COORDINATOR_EPOCH;
import static io.tributary.broker.txn.CoordinatorHarness.START_MS;
import static io.tributary.broker.txn.CoordinatorHarness.TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.txn.TransactionCoordinator.InitResult;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Leading a {@code __transaction_state} partition: its ids rebuilt by replaying its records (latest per id wins,
 * tombstones delete), decided transactions left by a crash finished with the new coordinator epoch; and giving it
 * up: waiting callers told NOT_COORDINATOR, the ids forgotten, late marker answers ignored.
 */
class TransactionLoadTest {

    private static final TopicPartition TP1 = new TopicPartition("orders", 0);
    private static final TopicPartition TP2 = new TopicPartition("orders", 1);

    private final CoordinatorHarness h = new CoordinatorHarness();

    private static TransactionMetadata state(String id, long producerId, int epoch, TransactionState state,
                                             Set<TopicPartition> partitions) {
        boolean open = !partitions.isEmpty();
        return new TransactionMetadata(id, producerId, -1, (short) epoch, (short) -1, TIMEOUT_MS, state, partitions,
                open ? START_MS : -1, START_MS);
    }

    @Test
    void loadRebuildsEachIdFromItsLatestRecordAndDropsTombstonedOnes() {
        h.seed(state("open", 10, 0, TransactionState.EMPTY, Set.of()));
        h.seed(state("open", 10, 1, TransactionState.EMPTY, Set.of()));
        h.seed(state("open", 10, 1, TransactionState.ONGOING, Set.of(TP1, TP2)));
        h.seed(state("expired", 11, 0, TransactionState.EMPTY, Set.of()));
        h.log.appendRaw(0, TransactionLogRecords.key("expired"), null);
        h.seed(state("done", 12, 4, TransactionState.COMPLETE_COMMIT, Set.of()));
        // A record of a key version this coordinator does not know is skipped.
        h.log.appendRaw(0, ByteBuffer.wrap(new byte[] {0, 9, 0, 1, 'x'}), ByteBuffer.wrap(new byte[] {0, 0}));

        assertThat(h.coordinator.status("open")).isEqualTo(Errors.NOT_COORDINATOR);
        h.load(0, COORDINATOR_EPOCH);

        assertThat(h.coordinator.status("open")).isEqualTo(Errors.NONE);
        assertThat(h.state("open")).isEqualTo(state("open", 10, 1, TransactionState.ONGOING, Set.of(TP1, TP2)));
        assertThat(h.state("expired")).isNull();
        assertThat(h.state("done").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.coordinator.transactions()).hasSize(2);
        assertThat(h.markers.calls()).isEmpty();

        // The rebuilt state is live: the open transaction's producer carries on.
        InitResult p = new InitResult(Errors.NONE, 10, (short) 1);
        assertThat(h.end("open", p, true)).isCompletedWithValue(Errors.NONE);
        assertThat(h.markers.last().targets).containsExactlyInAnyOrder(TP1, TP2);
        assertThat(h.end("done", new InitResult(Errors.NONE, 12, (short) 3), true))
                .isCompletedWithValue(Errors.PRODUCER_FENCED);
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheLastGoodStateKept() {
        h.seed(state("t", 10, 2, TransactionState.EMPTY, Set.of()));
        java.nio.ByteBuffer cut = TransactionLogRecords.value(state("t", 10, 3, TransactionState.EMPTY, Set.of()));
        h.log.appendRaw(0, TransactionLogRecords.key("t"), cut.limit(cut.limit() - 9));
        h.seed(state("other", 11, 0, TransactionState.EMPTY, Set.of()));

        h.load(0, CoordinatorHarness.COORDINATOR_EPOCH);

        assertThat(h.state("t").producerEpoch()).isEqualTo((short) 2);
        assertThat(h.state("other")).isNotNull();
    }

    @Test
    void loadFinishesACommitDecidedBeforeACrashUnderTheNewCoordinatorEpoch() {
        h.seed(state("t", 10, 3, TransactionState.ONGOING, Set.of(TP1, TP2)));
        h.seed(state("t", 10, 3, TransactionState.PREPARE_COMMIT, Set.of(TP1, TP2)));
        h.markers.hold();

        h.load(0, 9);

        RecordingMarkerWriter.Call markers = h.markers.last();
        assertThat(markers.commit).isTrue();
        assertThat(markers.producerId).isEqualTo(10);
        assertThat(markers.producerEpoch).isEqualTo((short) 3);
        assertThat(markers.coordinatorEpoch).isEqualTo(9);
        assertThat(markers.targets).containsExactlyInAnyOrder(TP1, TP2);
        InitResult p = new InitResult(Errors.NONE, 10, (short) 3);
        assertThat(h.add("t", p, TP1)).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(h.init("t").error()).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);

        h.completeHeldMarkers();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.log.writtenStates("t")).last().isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.NONE);
        assertThat(h.init("t")).isEqualTo(new InitResult(Errors.NONE, 10, (short) 4));
    }

    @Test
    void loadFinishesAnAbortDecidedBeforeACrash() {
        h.seed(state("t", 10, 3, TransactionState.PREPARE_ABORT, Set.of(TP2)));

        h.load(0, 9);

        assertThat(h.markers.last().commit).isFalse();
        assertThat(h.markers.last().targets).containsExactly(TP2);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void brokerRestartedMidCommitCompletesTheTransaction() {
        // First life: PrepareCommit written, one marker out when the broker dies.
        h.load(0, COORDINATOR_EPOCH);
        InitResult p = h.begin("t", TP1, TP2);
        h.producer("other");
        h.producer("gone");
        h.log.appendRaw(0, TransactionLogRecords.key("gone"), null);
        h.markers.hold();
        h.end("t", p, true);
        assertThat(h.log.writtenStates("t")).last().isEqualTo(TransactionState.PREPARE_COMMIT);

        // Second life over the same log.
        CoordinatorHarness restarted = new CoordinatorHarness(h.config, h.log, h.clock);
        restarted.load(0, COORDINATOR_EPOCH + 1);

        assertThat(restarted.state("gone")).isNull();
        assertThat(restarted.state("other").state()).isEqualTo(TransactionState.EMPTY);
        RecordingMarkerWriter.Call markers = restarted.markers.last();
        assertThat(markers.commit).isTrue();
        assertThat(markers.producerEpoch).isEqualTo(p.producerEpoch());
        assertThat(markers.coordinatorEpoch).isEqualTo(COORDINATOR_EPOCH + 1);
        assertThat(markers.targets).containsExactlyInAnyOrder(TP1, TP2);
        assertThat(restarted.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(restarted.end("t", p, true)).isCompletedWithValue(Errors.NONE);
    }

    @Test
    void unloadAnswersWaitingEndTxnNotCoordinatorAndForgetsOnlyThatPartitionsIds() {
        h.partitionOf.put("b", 1);
        h.load(0, COORDINATOR_EPOCH);
        h.load(1, COORDINATOR_EPOCH);
        InitResult a = h.begin("a", TP1);
        InitResult b = h.begin("b", TP2);
        h.markers.hold();
        CompletableFuture<Errors> waiting = h.end("a", a, true);

        h.coordinator.unload(0);

        assertThat(waiting).isCompletedWithValue(Errors.NOT_COORDINATOR);
        assertThat(h.state("a")).isNull();
        assertThat(h.coordinator.status("a")).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(h.init("a").error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(h.end("a", a, true)).isCompletedWithValue(Errors.NOT_COORDINATOR);
        assertThat(h.state("b").state()).isEqualTo(TransactionState.ONGOING);
        assertThat(h.add("b", b, TP1)).isEqualTo(Errors.NONE);

        // The markers' late answer changes nothing: the next leader finishes the transaction.
        int records = h.log.size();
        h.completeHeldMarkers();
        assertThat(h.log.size()).isEqualTo(records);
        assertThat(h.state("a")).isNull();
    }

    @Test
    void reloadAfterUnloadFinishesTheDecidedTransaction() {
        h.load(0, COORDINATOR_EPOCH);
        InitResult p = h.begin("t", TP1);
        h.markers.hold();
        h.end("t", p, true);
        h.coordinator.unload(0);
        h.completeHeldMarkers();

        h.markers.answerAtOnce();
        h.load(0, COORDINATOR_EPOCH + 1);

        assertThat(h.markers.calls()).hasSize(2);
        assertThat(h.markers.last().coordinatorEpoch).isEqualTo(COORDINATOR_EPOCH + 1);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.log.writtenStates("t")).filteredOn(s -> s == TransactionState.COMPLETE_COMMIT).hasSize(1);
    }

    @Test
    void markersOfAnEarlierLoadAreIgnoredAfterAReload() {
        h.load(0, COORDINATOR_EPOCH);
        InitResult p = h.begin("t", TP1);
        h.markers.hold();
        CompletableFuture<Errors> waiting = h.end("t", p, true);
        RecordingMarkerWriter.Call first = h.markers.last();

        h.load(0, COORDINATOR_EPOCH + 1);
        assertThat(waiting).isCompletedWithValue(Errors.NOT_COORDINATOR);
        RecordingMarkerWriter.Call second = h.markers.last();
        assertThat(second).isNotSameAs(first);
        assertThat(second.coordinatorEpoch).isEqualTo(COORDINATOR_EPOCH + 1);

        first.complete();
        h.self.drain();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.PREPARE_COMMIT);

        second.complete();
        h.self.drain();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.log.writtenStates("t")).filteredOn(s -> s == TransactionState.COMPLETE_COMMIT).hasSize(1);
    }

    @Test
    void unloadingAPartitionNotLoadedChangesNothing() {
        h.load(0, COORDINATOR_EPOCH);
        h.producer("t");
        h.coordinator.unload(5);
        assertThat(h.state("t")).isNotNull();
    }
}
