package io.tributary.broker.txn;

import static io.tributary.broker.txn.CoordinatorHarness.COORDINATOR_EPOCH;
import static io.tributary.broker.txn.TransactionCoordinator.MARKER_RETRY_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.txn.TransactionCoordinator.InitResult;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Beginning a transaction (AddPartitionsToTxn) and ending it (EndTxn): the decision written first, markers to
 * exactly the transaction's partitions, then the completion; CONCURRENT_TRANSACTIONS while markers are out, retried
 * EndTxn, and markers retried for the partitions that failed.
 */
class EndTransactionTest {

    private static final TopicPartition TP1 = new TopicPartition("orders", 0);
    private static final TopicPartition TP2 = new TopicPartition("orders", 1);
    private static final TopicPartition TP3 = new TopicPartition("payments", 0);

    private final CoordinatorHarness h = CoordinatorHarness.loaded();

    // ---------------------------------------------------------------- AddPartitionsToTxn

    @Test
    void addingPartitionsBeginsATransaction() {
        InitResult p = h.producer("t");
        long begun = h.now();

        assertThat(h.add("t", p, TP1)).isEqualTo(Errors.NONE);

        TransactionMetadata m = h.state("t");
        assertThat(m.state()).isEqualTo(TransactionState.ONGOING);
        assertThat(m.partitions()).containsExactly(TP1);
        assertThat(m.startMs()).isEqualTo(begun);
        assertThat(m.producerEpoch()).isEqualTo(p.producerEpoch());
        assertThat(h.log.written("t")).last().isEqualTo(m);
    }

    @Test
    void laterPartitionsJoinTheOpenTransactionWhichKeepsItsStartTime() {
        InitResult p = h.begin("t", TP1);
        long begun = h.now();
        h.advance(500);

        assertThat(h.add("t", p, TP2, TP3)).isEqualTo(Errors.NONE);

        TransactionMetadata m = h.state("t");
        assertThat(m.partitions()).containsExactlyInAnyOrder(TP1, TP2, TP3);
        assertThat(m.startMs()).isEqualTo(begun);
        assertThat(m.lastUpdateMs()).isEqualTo(h.now());
    }

    @Test
    void addingPartitionsAlreadyInTheTransactionWritesNothing() {
        InitResult p = h.begin("t", TP1, TP2);
        int records = h.log.size();

        assertThat(h.add("t", p, TP2)).isEqualTo(Errors.NONE);
        assertThat(h.log.size()).isEqualTo(records);
    }

    @Test
    void failedAddPartitionsWriteLeavesTheTransactionAsItWas() {
        InitResult p = h.begin("t", TP1);
        h.log.failAppends(Errors.NOT_LEADER_OR_FOLLOWER, 1);

        assertThat(h.add("t", p, TP2)).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(h.state("t").partitions()).containsExactly(TP1);
    }

    @Test
    void verifyOnlyFormAnswersWhetherThePartitionsAreInTheTransaction() {
        InitResult p = h.producer("t");
        assertThat(h.coordinator.verifyPartitions("t", p.producerId(), p.producerEpoch(), Set.of(TP1)))
                .isEqualTo(Errors.INVALID_TXN_STATE);

        h.add("t", p, TP1, TP2);
        int records = h.log.size();
        assertThat(h.coordinator.verifyPartitions("t", p.producerId(), p.producerEpoch(), Set.of(TP1, TP2)))
                .isEqualTo(Errors.NONE);
        assertThat(h.coordinator.verifyPartitions("t", p.producerId(), p.producerEpoch(), Set.of(TP1, TP3)))
                .isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(h.log.size()).isEqualTo(records);
        assertThat(h.state("t").partitions()).containsExactlyInAnyOrder(TP1, TP2);
    }

    // ---------------------------------------------------------------- EndTxn

    @Test
    void commitWritesTheDecisionThenMarkersThenTheCompletion() {
        InitResult p = h.begin("t", TP1, TP2);
        h.markers.hold();

        CompletableFuture<Errors> answer = h.end("t", p, true);

        // The decision is durable before any marker goes out; EndTxn waits for the markers.
        TransactionMetadata prepared = h.state("t");
        assertThat(prepared.state()).isEqualTo(TransactionState.PREPARE_COMMIT);
        assertThat(prepared.partitions()).containsExactlyInAnyOrder(TP1, TP2);
        assertThat(h.log.written("t")).last().isEqualTo(prepared);
        assertThat(answer).isNotDone();

        assertThat(h.markers.calls()).hasSize(1);
        RecordingMarkerWriter.Call markers = h.markers.last();
        assertThat(markers.commit).isTrue();
        assertThat(markers.producerId).isEqualTo(p.producerId());
        assertThat(markers.producerEpoch).isEqualTo(p.producerEpoch());
        assertThat(markers.coordinatorEpoch).isEqualTo(COORDINATOR_EPOCH);
        assertThat(markers.targets).containsExactlyInAnyOrder(TP1, TP2);

        h.completeHeldMarkers();

        assertThat(answer).isCompletedWithValue(Errors.NONE);
        TransactionMetadata complete = h.state("t");
        assertThat(complete.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(complete.partitions()).isEmpty();
        assertThat(complete.producerEpoch()).isEqualTo(p.producerEpoch());
        assertThat(h.log.writtenStates("t")).containsExactly(TransactionState.EMPTY, TransactionState.ONGOING,
                TransactionState.PREPARE_COMMIT, TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void abortSendsAbortMarkersAndCompletesAborted() {
        InitResult p = h.begin("t", TP3);

        assertThat(h.end("t", p, false)).isCompletedWithValue(Errors.NONE);

        RecordingMarkerWriter.Call markers = h.markers.last();
        assertThat(markers.commit).isFalse();
        assertThat(markers.targets).containsExactly(TP3);
        assertThat(h.log.writtenStates("t")).containsExactly(TransactionState.EMPTY, TransactionState.ONGOING,
                TransactionState.PREPARE_ABORT, TransactionState.COMPLETE_ABORT);
    }

    @Test
    void requestsWhileMarkersAreInFlightAnswerConcurrentTransactions() {
        InitResult p = h.begin("t", TP1);
        h.markers.hold();
        CompletableFuture<Errors> answer = h.end("t", p, true);

        assertThat(h.add("t", p, TP2)).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(h.coordinator.verifyPartitions("t", p.producerId(), p.producerEpoch(), Set.of(TP1)))
                .isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(h.end("t", p, false)).isCompletedWithValue(Errors.INVALID_TXN_STATE);
        assertThat(h.init("t").error()).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(h.init("t", p.producerId(), p.producerEpoch()).error())
                .isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(h.markers.calls()).hasSize(1);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.PREPARE_COMMIT);

        h.completeHeldMarkers();
        assertThat(answer).isCompletedWithValue(Errors.NONE);
        assertThat(h.add("t", p, TP2)).isEqualTo(Errors.NONE);
    }

    @Test
    void abortInFlightAnswersARetriedAbortWithConcurrentTransactionsAndACommitWithInvalidTxnState() {
        InitResult p = h.begin("t", TP1);
        h.markers.hold();
        h.end("t", p, false);

        assertThat(h.end("t", p, false)).isCompletedWithValue(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.INVALID_TXN_STATE);
    }

    @Test
    void retriedEndTxnAfterCompletionAnswersAsTheFirstDidWithoutWritingAgain() {
        InitResult p = h.begin("t", TP1);
        h.end("t", p, true);
        int records = h.log.size();

        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.NONE);
        assertThat(h.end("t", p, false)).isCompletedWithValue(Errors.INVALID_TXN_STATE);
        assertThat(h.log.size()).isEqualTo(records);
        assertThat(h.markers.calls()).hasSize(1);

        h.add("t", p, TP2);
        h.end("t", p, false);
        assertThat(h.end("t", p, false)).isCompletedWithValue(Errors.NONE);
        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.INVALID_TXN_STATE);
    }

    @Test
    void endTxnWithNoTransactionOpenIsInvalidTxnState() {
        InitResult p = h.producer("t");

        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.INVALID_TXN_STATE);
        assertThat(h.end("t", p, false)).isCompletedWithValue(Errors.INVALID_TXN_STATE);
        assertThat(h.markers.calls()).isEmpty();
        assertThat(h.log.writtenStates("t")).containsExactly(TransactionState.EMPTY);
    }

    @Test
    void nextTransactionHoldsOnlyItsOwnPartitionsAndStartTime() {
        InitResult p = h.begin("t", TP1, TP2);
        h.end("t", p, true);
        h.advance(1_000);

        assertThat(h.add("t", p, TP3)).isEqualTo(Errors.NONE);
        assertThat(h.state("t").partitions()).containsExactly(TP3);
        assertThat(h.state("t").startMs()).isEqualTo(h.now());

        h.end("t", p, true);
        assertThat(h.markers.last().targets).containsExactly(TP3);
    }

    @Test
    void failedDecisionWriteAnswersTheErrorAndLeavesTheTransactionOpen() {
        InitResult p = h.begin("t", TP1);
        h.log.failAppends(Errors.NOT_COORDINATOR, 1);

        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.NOT_COORDINATOR);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.ONGOING);
        assertThat(h.markers.calls()).isEmpty();

        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.NONE);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void transactionWithNoPartitionsCompletesWithoutMarkers() {
        InitResult p = h.producer("t");
        assertThat(h.add("t", p)).isEqualTo(Errors.NONE);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.ONGOING);

        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.NONE);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.markers.calls()).allMatch(c -> c.targets.isEmpty());
    }

    // ---------------------------------------------------------------- marker failures

    @Test
    void failedMarkerIsRetriedOnlyForItsPartitionAfterTheRetryInterval() {
        InitResult p = h.begin("t", TP1, TP2, TP3);
        h.markers.failPartition(TP2, Errors.NOT_LEADER_OR_FOLLOWER);
        long failedAt = h.now();

        // Decided and durable: EndTxn succeeds though one marker is still to be written.
        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.NONE);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.PREPARE_COMMIT);
        assertThat(h.add("t", p, TP1)).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);

        assertThat(h.poll()).isEqualTo(failedAt + MARKER_RETRY_MS);
        h.advance(MARKER_RETRY_MS - 1);
        h.poll();
        assertThat(h.markers.calls()).hasSize(1);

        h.markers.healPartition(TP2);
        h.advance(1);
        h.poll();

        assertThat(h.markers.calls()).hasSize(2);
        RecordingMarkerWriter.Call retry = h.markers.last();
        assertThat(retry.targets).containsExactly(TP2);
        assertThat(retry.commit).isTrue();
        assertThat(retry.producerId).isEqualTo(p.producerId());
        assertThat(retry.producerEpoch).isEqualTo(p.producerEpoch());
        assertThat(retry.coordinatorEpoch).isEqualTo(COORDINATOR_EPOCH);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.add("t", p, TP1)).isEqualTo(Errors.NONE);
    }

    @Test
    void markersKeepBeingRetriedUntilEveryPartitionHasOne() {
        InitResult p = h.begin("t", TP1, TP2);
        h.markers.failPartition(TP1, Errors.NOT_LEADER_OR_FOLLOWER);
        h.markers.failPartition(TP2, Errors.NOT_LEADER_OR_FOLLOWER);
        h.end("t", p, false);
        h.poll();

        h.advance(MARKER_RETRY_MS);
        h.markers.healPartition(TP1);
        h.poll();
        assertThat(h.markers.last().targets).containsExactlyInAnyOrder(TP1, TP2);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.PREPARE_ABORT);

        h.advance(MARKER_RETRY_MS);
        h.poll();
        assertThat(h.markers.last().targets).containsExactly(TP2);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.PREPARE_ABORT);

        h.markers.healPartition(TP2);
        h.advance(MARKER_RETRY_MS);
        h.poll();
        assertThat(h.markers.calls()).hasSize(4);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void markerForADeletedTopicCountsAsWritten() {
        InitResult p = h.begin("t", TP1, TP3);
        h.markers.failPartition(TP3, Errors.UNKNOWN_TOPIC_OR_PARTITION);

        assertThat(h.end("t", p, true)).isCompletedWithValue(Errors.NONE);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.markers.calls()).hasSize(1);
    }

    @Test
    void failedMarkerWriteRetriesEveryOutstandingPartition() {
        InitResult p = h.begin("t", TP1, TP2);
        h.markers.hold();
        CompletableFuture<Errors> answer = h.end("t", p, true);

        h.markers.last().fail();
        h.self.drain();
        assertThat(answer).isCompletedWithValue(Errors.NONE);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.PREPARE_COMMIT);

        h.markers.answerAtOnce();
        h.advance(MARKER_RETRY_MS);
        h.poll();
        assertThat(h.markers.last().targets).containsExactlyInAnyOrder(TP1, TP2);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
    }

    @Test
    void markersInFlightAreNotSentAgainByPoll() {
        InitResult p = h.begin("t", TP1);
        h.markers.hold();
        h.end("t", p, true);

        h.advance(10 * MARKER_RETRY_MS);
        h.poll();
        assertThat(h.markers.calls()).hasSize(1);
    }

    @Test
    void failedCompletionWriteIsRetriedSoTheIdDoesNotStayDecidedForever() {
        // Kafka's marker channel retries the CompleteCommit append (TransactionMarkerChannelManager#tryAppendToLog).
        InitResult p = h.begin("t", TP1);
        h.markers.hold();
        CompletableFuture<Errors> answer = h.end("t", p, true);
        h.log.failAppends(Errors.KAFKA_STORAGE_ERROR, 1);
        h.completeHeldMarkers();
        assertThat(answer).isCompletedWithValue(Errors.NONE);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.PREPARE_COMMIT);

        h.markers.answerAtOnce();
        h.advance(MARKER_RETRY_MS);
        h.poll();

        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.add("t", p, TP1)).isEqualTo(Errors.NONE);
    }
}
