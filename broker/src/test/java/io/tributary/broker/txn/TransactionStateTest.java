package io.tributary.broker.txn;

import static io.tributary.broker.txn.TransactionState.COMPLETE_ABORT;
import static io.tributary.broker.txn.TransactionState.COMPLETE_COMMIT;
import static io.tributary.broker.txn.TransactionState.DEAD;
import static io.tributary.broker.txn.TransactionState.EMPTY;
import static io.tributary.broker.txn.TransactionState.ONGOING;
import static io.tributary.broker.txn.TransactionState.PREPARE_ABORT;
import static io.tributary.broker.txn.TransactionState.PREPARE_COMMIT;
import static io.tributary.broker.txn.TransactionState.PREPARE_EPOCH_FENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.log.TopicPartition;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Transaction states: Kafka's ids and names, and the transition table — Kafka's for transaction version 1, plus
 * version 2's end of an empty transaction (Prepare* from Empty or a completed one: the epoch bump alone).
 */
class TransactionStateTest {

    /** Kafka's {@code TransactionState.validPreviousStates} for version 1, with version 2's empty ends. */
    private static final Map<TransactionState, Set<TransactionState>> KAFKA_PREVIOUS = Map.of(
            EMPTY, EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT),
            ONGOING, EnumSet.of(ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT),
            PREPARE_COMMIT, EnumSet.of(ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT),
            PREPARE_ABORT, EnumSet.of(ONGOING, PREPARE_EPOCH_FENCE, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT),
            COMPLETE_COMMIT, EnumSet.of(PREPARE_COMMIT),
            COMPLETE_ABORT, EnumSet.of(PREPARE_ABORT),
            DEAD, EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT),
            PREPARE_EPOCH_FENCE, EnumSet.of(ONGOING));

    @Test
    void idsAndNamesAreKafkas() {
        String[] names = {"Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort",
            "Dead", "PrepareEpochFence"};
        for (int id = 0; id < names.length; id++) {
            TransactionState s = TransactionState.fromId((byte) id);
            assertThat(s.id()).isEqualTo((byte) id);
            assertThat(s.displayName()).isEqualTo(names[id]);
            assertThat(TransactionState.named(names[id])).isSameAs(s);
        }
        assertThat(TransactionState.named("ongoing")).isNull();
        assertThatThrownBy(() -> TransactionState.fromId((byte) 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transitionTableIsKafkas() {
        for (TransactionState to : TransactionState.values()) {
            for (TransactionState from : TransactionState.values()) {
                boolean legal = KAFKA_PREVIOUS.get(to).contains(from);
                if (legal) {
                    to.checkEnteredFrom(from);
                } else {
                    assertThatThrownBy(() -> to.checkEnteredFrom(from)).as(from + " -> " + to)
                            .isInstanceOf(IllegalStateException.class);
                }
            }
        }
    }

    @Test
    void onlyStatesWithNoMarkersOutstandingAreSettled() {
        assertThat(EnumSet.allOf(TransactionState.class)).filteredOn(TransactionState::isSettled)
                .containsExactlyInAnyOrder(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
    }

    @Test
    void illegalChangeOfMetadataFailsLoudly() {
        TransactionMetadata empty = CoordinatorHarness.fresh("t");
        assertThatThrownBy(() -> empty.to(PREPARE_EPOCH_FENCE, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> empty.to(COMPLETE_ABORT, 1)).isInstanceOf(IllegalStateException.class);
        TransactionMetadata ongoing = empty.withPartitions(Set.of(new TopicPartition("a", 0)), 1);
        assertThatThrownBy(() -> ongoing.initialized(1000, 2)).isInstanceOf(IllegalStateException.class);
        TransactionMetadata prepared = ongoing.to(PREPARE_ABORT, 2);
        assertThatThrownBy(() -> prepared.withPartitions(Set.of(new TopicPartition("b", 0)), 3))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void completionClearsPartitionsButKeepsTheStartAsKafkaShowsIt() {
        TopicPartition tp = new TopicPartition("a", 0);
        TransactionMetadata ongoing = CoordinatorHarness.fresh("t").withPartitions(Set.of(tp), 100);
        TransactionMetadata prepared = ongoing.to(PREPARE_COMMIT, 200);
        assertThat(prepared.partitions()).containsExactly(tp);
        assertThat(prepared.startMs()).isEqualTo(100);
        TransactionMetadata complete = prepared.to(COMPLETE_COMMIT, 300);
        assertThat(complete.partitions()).isEmpty();
        assertThat(complete.startMs()).isEqualTo(100);
        assertThat(complete.lastUpdateMs()).isEqualTo(300);
    }
}
