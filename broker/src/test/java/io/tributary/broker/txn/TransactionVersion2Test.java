package io.tributary.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.txn.TransactionCoordinator.EndResult;
import io.tributary.broker.txn.TransactionCoordinator.InitResult;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Transactions version 2 (KIP-890 part 2, EndTxn v5+): an epoch bump at every end. */
class TransactionVersion2Test {

    private static final TopicPartition TP = new TopicPartition("a", 0);

    private final CoordinatorHarness h = CoordinatorHarness.loaded();

    private CompletableFuture<EndResult> end(long producerId, short epoch, boolean commit) {
        CompletableFuture<EndResult> f = h.coordinator.endTxn("t", producerId, epoch, commit, true, h.now());
        h.self.drain();
        return f;
    }

    @Test
    void everyEndBumpsTheEpochTheMarkersCarryAndTheAnswerNames() {
        InitResult p = h.begin("t", TP);

        EndResult ended = end(p.producerId(), p.producerEpoch(), true).join();

        assertThat(ended).isEqualTo(new EndResult(Errors.NONE, p.producerId(), (short) (p.producerEpoch() + 1)));
        assertThat(h.markers.last().producerEpoch).isEqualTo((short) (p.producerEpoch() + 1));
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(h.state("t").producerEpoch()).isEqualTo(ended.producerEpoch());
        // The old epoch is fenced; the new one begins the next transaction.
        assertThat(h.coordinator.addPartitions("t", p.producerId(), p.producerEpoch(), java.util.Set.of(TP), h.now()))
                .isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(h.coordinator.addPartitions("t", p.producerId(), ended.producerEpoch(), java.util.Set.of(TP),
                h.now())).isEqualTo(Errors.NONE);
    }

    @Test
    void aRetriedEndAnswersAsTheFirstDidAndTheOtherOutcomeIsFenced() {
        InitResult p = h.begin("t", TP);
        EndResult first = end(p.producerId(), p.producerEpoch(), false).join();

        assertThat(end(p.producerId(), p.producerEpoch(), false).join()).isEqualTo(first);
        assertThat(end(p.producerId(), p.producerEpoch(), true).join().error()).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(h.markers.calls()).hasSize(1);
    }

    @Test
    void endingAnEmptyTransactionOnlyBumpsTheEpoch() {
        InitResult p = h.producer("t");

        EndResult ended = end(p.producerId(), p.producerEpoch(), true).join();

        assertThat(ended.error()).isEqualTo(Errors.NONE);
        assertThat(ended.producerEpoch()).isEqualTo((short) (p.producerEpoch() + 1));
        assertThat(h.markers.calls()).isEmpty();
        assertThat(h.state("t").state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        // and again, from the completed state, with the new epoch
        assertThat(end(ended.producerId(), ended.producerEpoch(), false).join().producerEpoch())
                .isEqualTo((short) (p.producerEpoch() + 2));
    }

    @Test
    void anEndAtTheLastEpochCompletesUnderANewProducerId() {
        h.seed(new TransactionMetadata("t", 77, -1, (short) (Short.MAX_VALUE - 1), (short) -1,
                CoordinatorHarness.TIMEOUT_MS, TransactionState.ONGOING, java.util.Set.of(TP), h.now(), h.now()));
        h.load(0, CoordinatorHarness.COORDINATOR_EPOCH);

        EndResult ended = end(77, (short) (Short.MAX_VALUE - 1), true).join();

        assertThat(h.markers.last().producerEpoch).isEqualTo(Short.MAX_VALUE);
        assertThat(ended.error()).isEqualTo(Errors.NONE);
        assertThat(ended.producerId()).isNotEqualTo(77);
        assertThat(ended.producerEpoch()).isZero();
        assertThat(h.state("t").previousProducerId()).isEqualTo(77);
        // a retry with the exhausted producer gets the same answer
        assertThat(end(77, (short) (Short.MAX_VALUE - 1), true).join()).isEqualTo(ended);
    }
}
