package io.tributary.broker.txn;

import static io.tributary.broker.txn.CoordinatorHarness.COORDINATOR_EPOCH;
import static io.tributary.broker.txn.CoordinatorHarness.FIRST_PRODUCER_ID;
import static io.tributary.broker.txn.CoordinatorHarness.START_MS;
import static io.tributary.broker.txn.CoordinatorHarness.TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.txn.TransactionCoordinator.InitResult;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * InitProducerId with a transactional id, against Kafka's {@code TransactionCoordinator.handleInitProducerId}:
 * producer ids and epochs handed out, fencing by epoch bump, KIP-360 retries, epoch exhaustion, and the errors a
 * client can be told.
 */
class InitProducerIdTest {

    private static final TopicPartition TP1 = new TopicPartition("orders", 0);
    private static final TopicPartition TP2 = new TopicPartition("orders", 1);
    private static final short MAX_EPOCH = Short.MAX_VALUE - 1;

    private final CoordinatorHarness h = CoordinatorHarness.loaded();

    private static InitResult ok(long producerId, int epoch) {
        return new InitResult(Errors.NONE, producerId, (short) epoch);
    }

    private static InitResult failed(Errors error) {
        return new InitResult(error, -1, (short) -1);
    }

    @Test
    void newTransactionalIdGetsAFreshProducerIdAtEpochZero() {
        assertThat(h.init("t")).isEqualTo(ok(FIRST_PRODUCER_ID, 0));

        TransactionMetadata m = h.state("t");
        assertThat(m.state()).isEqualTo(TransactionState.EMPTY);
        assertThat(m.producerId()).isEqualTo(FIRST_PRODUCER_ID);
        assertThat(m.previousProducerId()).isEqualTo(-1);
        assertThat(m.producerEpoch()).isZero();
        assertThat(m.lastProducerEpoch()).isEqualTo((short) -1);
        assertThat(m.timeoutMs()).isEqualTo(TIMEOUT_MS);
        assertThat(m.partitions()).isEmpty();
        assertThat(h.log.written("t")).containsExactly(m);
    }

    @Test
    void eachNewTransactionalIdGetsItsOwnProducerId() {
        assertThat(h.init("a").producerId()).isEqualTo(FIRST_PRODUCER_ID);
        assertThat(h.init("b").producerId()).isEqualTo(FIRST_PRODUCER_ID + 1);
    }

    @Test
    void reInitialisingKeepsTheProducerIdAndBumpsTheEpoch() {
        h.init("t");
        assertThat(h.init("t")).isEqualTo(ok(FIRST_PRODUCER_ID, 1));
        assertThat(h.init("t")).isEqualTo(ok(FIRST_PRODUCER_ID, 2));
        assertThat(h.log.writtenStates("t")).containsExactly(TransactionState.EMPTY, TransactionState.EMPTY,
                TransactionState.EMPTY);
    }

    @Test
    void reInitialisingTakesTheNewTimeout() {
        h.init("t");
        h.init("t", 5_000, -1, (short) -1);
        assertThat(h.state("t").timeoutMs()).isEqualTo(5_000);
    }

    @Test
    void olderEpochIsFencedFromAddPartitionsVerifyAndEndTxn() {
        InitResult zombie = h.producer("t");
        InitResult current = h.producer("t");

        assertThat(h.add("t", zombie, TP1)).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(h.add("t", current, TP1)).isEqualTo(Errors.NONE);
        assertThat(h.coordinator.verifyPartitions("t", zombie.producerId(), zombie.producerEpoch(), Set.of(TP1)))
                .isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(h.end("t", zombie, true)).isCompletedWithValue(Errors.PRODUCER_FENCED);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.ONGOING);
        assertThat(h.markers.calls()).isEmpty();
    }

    @Test
    void unknownProducerIdIsAnInvalidMapping() {
        InitResult p = h.producer("t");
        InitResult stranger = ok(p.producerId() + 1, p.producerEpoch());

        assertThat(h.add("t", stranger, TP1)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(h.end("t", stranger, false)).isCompletedWithValue(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(h.add("never-initialised", p, TP1)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(h.end("never-initialised", p, true)).isCompletedWithValue(Errors.INVALID_PRODUCER_ID_MAPPING);
    }

    @Test
    void timeoutMustBePositiveAndAtMostTheMaximum() {
        int max = h.config.maxTimeoutMs();
        assertThat(h.init("t", 0, -1, (short) -1)).isEqualTo(failed(Errors.INVALID_TRANSACTION_TIMEOUT));
        assertThat(h.init("t", -5, -1, (short) -1)).isEqualTo(failed(Errors.INVALID_TRANSACTION_TIMEOUT));
        assertThat(h.init("t", max + 1, -1, (short) -1)).isEqualTo(failed(Errors.INVALID_TRANSACTION_TIMEOUT));
        assertThat(h.log.size()).isZero();
        assertThat(h.state("t")).isNull();

        assertThat(h.init("t", max, -1, (short) -1).error()).isEqualTo(Errors.NONE);
        assertThat(h.init("t", 1, -1, (short) -1).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void badTimeoutOfAKnownIdLeavesItsStateAlone() {
        h.producer("t");
        assertThat(h.init("t", h.config.maxTimeoutMs() + 1, -1, (short) -1))
                .isEqualTo(failed(Errors.INVALID_TRANSACTION_TIMEOUT));
        assertThat(h.state("t").producerEpoch()).isZero();
    }

    @Test
    void idOfAStatePartitionNotLoadedHereIsNotCoordinator() {
        h.partitionOf.put("elsewhere", 3);
        InitResult someone = ok(FIRST_PRODUCER_ID, 0);

        assertThat(h.coordinator.status("elsewhere")).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(h.init("elsewhere")).isEqualTo(failed(Errors.NOT_COORDINATOR));
        assertThat(h.add("elsewhere", someone, TP1)).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(h.coordinator.verifyPartitions("elsewhere", FIRST_PRODUCER_ID, (short) 0, Set.of(TP1)))
                .isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(h.end("elsewhere", someone, true)).isCompletedWithValue(Errors.NOT_COORDINATOR);
        assertThat(h.log.size()).isZero();
    }

    @Test
    void missingStateTopicMeansCoordinatorNotAvailable() {
        h.partitionOf.put("nowhere", -1);
        InitResult someone = ok(FIRST_PRODUCER_ID, 0);

        assertThat(h.coordinator.status("nowhere")).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(h.init("nowhere")).isEqualTo(failed(Errors.COORDINATOR_NOT_AVAILABLE));
        assertThat(h.add("nowhere", someone, TP1)).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(h.end("nowhere", someone, false)).isCompletedWithValue(Errors.COORDINATOR_NOT_AVAILABLE);
    }

    @Test
    void failedStateWriteAnswersARetriableCoordinatorErrorAndChangesNothing() {
        h.log.failAppends(Errors.NOT_COORDINATOR, 1);
        assertThat(h.init("t")).isEqualTo(failed(Errors.NOT_COORDINATOR));
        assertThat(h.state("t")).isNull();

        assertThat(h.init("t").error()).isEqualTo(Errors.NONE);
        TransactionMetadata before = h.state("t");
        h.log.failAppends(Errors.KAFKA_STORAGE_ERROR, 1);
        assertThat(h.init("t")).isEqualTo(failed(Errors.COORDINATOR_NOT_AVAILABLE));
        assertThat(h.state("t")).isEqualTo(before);
    }

    @Test
    void initDuringAnOpenTransactionAbortsItUnderABumpedEpochAndAsksForARetry() {
        InitResult old = h.begin("t", TP1, TP2);
        h.markers.hold();

        assertThat(h.init("t")).isEqualTo(failed(Errors.CONCURRENT_TRANSACTIONS));

        TransactionMetadata aborting = h.state("t");
        assertThat(aborting.state()).isEqualTo(TransactionState.PREPARE_ABORT);
        assertThat(aborting.producerEpoch()).isEqualTo((short) 1);
        assertThat(aborting.partitions()).containsExactlyInAnyOrder(TP1, TP2);
        RecordingMarkerWriter.Call abort = h.markers.last();
        assertThat(abort.commit).isFalse();
        assertThat(abort.producerId).isEqualTo(old.producerId());
        assertThat(abort.producerEpoch).isEqualTo((short) 1);
        assertThat(abort.coordinatorEpoch).isEqualTo(COORDINATOR_EPOCH);
        assertThat(abort.targets).containsExactlyInAnyOrder(TP1, TP2);

        // While the abort's markers are out: the new producer waits, the old one is fenced.
        assertThat(h.init("t")).isEqualTo(failed(Errors.CONCURRENT_TRANSACTIONS));
        assertThat(h.end("t", old, true)).isCompletedWithValue(Errors.PRODUCER_FENCED);
        assertThat(h.add("t", old, TP1)).isEqualTo(Errors.PRODUCER_FENCED);

        h.completeHeldMarkers();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_ABORT);
        assertThat(h.init("t")).isEqualTo(ok(old.producerId(), 2));
        assertThat(h.end("t", old, false)).isCompletedWithValue(Errors.PRODUCER_FENCED);
        // The fence itself is never persisted: only the abort it leads to.
        assertThat(h.log.writtenStates("t")).containsExactly(TransactionState.EMPTY, TransactionState.ONGOING,
                TransactionState.PREPARE_ABORT, TransactionState.COMPLETE_ABORT, TransactionState.EMPTY);
    }

    @Test
    void failedAbortWriteDuringInitAnswersTheWriteError() {
        // Kafka answers the error of the PrepareAbort append (here NOT_COORDINATOR), not CONCURRENT_TRANSACTIONS:
        // the client looks for the coordinator again instead of retrying one that cannot write.
        InitResult old = h.begin("t", TP1);
        h.log.failAppends(Errors.NOT_COORDINATOR, 1);

        assertThat(h.init("t")).isEqualTo(failed(Errors.NOT_COORDINATOR));
        assertThat(h.state("t").state()).isEqualTo(TransactionState.ONGOING);
        assertThat(h.state("t").producerEpoch()).isEqualTo(old.producerEpoch());
        assertThat(h.markers.calls()).isEmpty();
    }

    @Test
    void twoFirstInitsRacingAskTheLaterToRetry() {
        var first = h.coordinator.initProducerId("t", TIMEOUT_MS, -1, (short) -1, h.now());
        var second = h.coordinator.initProducerId("t", TIMEOUT_MS, -1, (short) -1, h.now());
        h.self.drain();

        assertThat(first.join()).isEqualTo(ok(FIRST_PRODUCER_ID, 0));
        assertThat(second.join()).isEqualTo(failed(Errors.CONCURRENT_TRANSACTIONS));
        assertThat(h.init("t")).isEqualTo(ok(FIRST_PRODUCER_ID, 1));
    }

    @Test
    void unloadWhileANewProducerIdIsComingAnswersNotCoordinator() {
        var pending = h.coordinator.initProducerId("t", TIMEOUT_MS, -1, (short) -1, h.now());
        h.coordinator.unload(0);
        h.self.drain();

        assertThat(pending.join()).isEqualTo(failed(Errors.NOT_COORDINATOR));
        assertThat(h.log.size()).isZero();
    }

    // ---------------------------------------------------------------- KIP-360

    @Test
    void kip360InitWithTheCurrentEpochBumpsIt() {
        InitResult p = h.producer("t");
        assertThat(h.init("t", p.producerId(), p.producerEpoch())).isEqualTo(ok(p.producerId(), 1));
        assertThat(h.state("t").lastProducerEpoch()).isZero();
    }

    @Test
    void kip360RetryOfABumpThatAlreadyHappenedGetsTheSameEpochWithoutAnotherBump() {
        InitResult p = h.producer("t");
        h.init("t", p.producerId(), p.producerEpoch());
        int records = h.log.size();

        assertThat(h.init("t", p.producerId(), p.producerEpoch())).isEqualTo(ok(p.producerId(), 1));
        assertThat(h.init("t", p.producerId(), p.producerEpoch())).isEqualTo(ok(p.producerId(), 1));
        assertThat(h.log.size()).isEqualTo(records);
        assertThat(h.state("t").producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void kip360RetryAfterATransactionCompletedGetsTheSameEpoch() {
        InitResult p = h.producer("t");
        InitResult bumped = h.init("t", p.producerId(), p.producerEpoch());
        h.add("t", bumped, TP1);
        h.end("t", bumped, false);

        assertThat(h.init("t", p.producerId(), p.producerEpoch())).isEqualTo(ok(p.producerId(), 1));
    }

    @Test
    void kip360InitWithAnotherProducerIdIsFenced() {
        InitResult p = h.producer("t");
        assertThat(h.init("t", p.producerId() + 7, p.producerEpoch())).isEqualTo(failed(Errors.PRODUCER_FENCED));
        assertThat(h.state("t").producerEpoch()).isZero();
    }

    @Test
    void kip360InitWithAnEpochOlderThanTheLastIsFenced() {
        InitResult p = h.producer("t");
        h.init("t", p.producerId(), (short) 0);
        h.init("t", p.producerId(), (short) 1);

        assertThat(h.init("t", p.producerId(), (short) 0)).isEqualTo(failed(Errors.PRODUCER_FENCED));
        assertThat(h.state("t").producerEpoch()).isEqualTo((short) 2);
    }

    @Test
    void producerFencedByANewInstanceCannotTakeOverItsEpochWithAKip360Init() {
        // Kafka: a plain InitProducerId (no expected producer) clears lastProducerEpoch, "so there is no danger of
        // this producer being fenced" by a retry naming the old epoch (TransactionMetadata#prepareIncrementProducerEpoch).
        InitResult zombie = h.producer("t");
        InitResult current = h.producer("t");

        assertThat(h.init("t", zombie.producerId(), zombie.producerEpoch()))
                .isEqualTo(failed(Errors.PRODUCER_FENCED));
        assertThat(h.state("t").producerEpoch()).isEqualTo(current.producerEpoch());
        assertThat(h.state("t").lastProducerEpoch()).isEqualTo((short) -1);
    }

    @Test
    void producerFencedByAnAbortCannotTakeOverItsEpochWithAKip360Init() {
        // Kafka's epoch fence sets lastProducerEpoch to -1 (TransactionMetadata#prepareFenceProducerEpoch).
        InitResult zombie = h.begin("t", TP1);
        assertThat(h.init("t").error()).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_ABORT);

        assertThat(h.init("t", zombie.producerId(), zombie.producerEpoch()))
                .isEqualTo(failed(Errors.PRODUCER_FENCED));
        assertThat(h.state("t").lastProducerEpoch()).isEqualTo((short) -1);
    }

    @Test
    void kip360InitForAnIdTheCoordinatorForgotGetsAFreshProducerId() {
        // Kafka creates the metadata at epoch -1, which accepts any expected producer (case 1 of
        // isValidProducerId): a producer whose id expired recovers. kafka-clients treats any other answer to
        // InitProducerId than NONE, coordinator errors, CONCURRENT_TRANSACTIONS and PRODUCER_FENCED as fatal.
        assertThat(h.init("t", 4242, (short) 3)).isEqualTo(ok(FIRST_PRODUCER_ID, 0));
        assertThat(h.state("t").producerEpoch()).isZero();
    }

    // ---------------------------------------------------------------- epoch exhaustion

    private void seedSettledAtEpoch(String id, int epoch) {
        h.seed(new TransactionMetadata(id, 77, -1, (short) epoch, (short) (epoch - 1), TIMEOUT_MS,
                TransactionState.COMPLETE_COMMIT, Set.of(), -1, START_MS));
        h.load(0, COORDINATOR_EPOCH);
    }

    @Test
    void lastUsableEpochIsStillHandedOut() {
        seedSettledAtEpoch("t", MAX_EPOCH - 1);
        assertThat(h.init("t")).isEqualTo(ok(77, MAX_EPOCH));
    }

    @Test
    void exhaustedEpochRotatesToANewProducerIdAtEpochZero() {
        seedSettledAtEpoch("t", MAX_EPOCH);

        assertThat(h.init("t")).isEqualTo(ok(FIRST_PRODUCER_ID, 0));
        TransactionMetadata m = h.state("t");
        assertThat(m.previousProducerId()).isEqualTo(77);
        assertThat(m.state()).isEqualTo(TransactionState.EMPTY);
        assertThat(h.log.written("t").get(h.log.written("t").size() - 1)).isEqualTo(m);

        InitResult old = ok(77, MAX_EPOCH);
        assertThat(h.add("t", old, TP1)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(h.init("t")).isEqualTo(ok(FIRST_PRODUCER_ID, 1));
    }

    @Test
    void kip360InitWithTheExhaustedEpochRotatesTheProducerId() {
        seedSettledAtEpoch("t", MAX_EPOCH);
        assertThat(h.init("t", 77, MAX_EPOCH)).isEqualTo(ok(FIRST_PRODUCER_ID, 0));
    }

    @Test
    void kip360RetryOfARotationGetsTheNewProducerId() {
        // Kafka records the exhausted epoch as lastProducerEpoch when a KIP-360 init rotates the producer id, and
        // accepts (previous producer id, exhausted epoch): a retry whose answer was lost gets the same result.
        seedSettledAtEpoch("t", MAX_EPOCH);
        InitResult rotated = h.init("t", 77, MAX_EPOCH);
        int records = h.log.size();

        assertThat(h.init("t", 77, MAX_EPOCH)).isEqualTo(rotated);
        assertThat(h.log.size()).isEqualTo(records);
    }

    @Test
    void fencingAProducerAtTheLastUsableEpochStillFencesIt() {
        // Kafka keeps Short.MAX_VALUE free for exactly this: prepareFenceProducerEpoch bumps MAX-1 to MAX, so the
        // abort markers fence the old producer, and the retried init rotates the producer id.
        h.seed(new TransactionMetadata("t", 77, -1, MAX_EPOCH, (short) -1, TIMEOUT_MS, TransactionState.ONGOING,
                Set.of(TP1), START_MS, START_MS));
        h.load(0, COORDINATOR_EPOCH);
        InitResult old = ok(77, MAX_EPOCH);

        assertThat(h.init("t")).isEqualTo(failed(Errors.CONCURRENT_TRANSACTIONS));
        assertThat(h.markers.last().producerEpoch).isEqualTo(Short.MAX_VALUE);
        assertThat(h.add("t", old, TP2)).isEqualTo(Errors.PRODUCER_FENCED);

        assertThat(h.init("t")).isEqualTo(ok(FIRST_PRODUCER_ID, 0));
        assertThat(h.state("t").previousProducerId()).isEqualTo(77);
    }
}
