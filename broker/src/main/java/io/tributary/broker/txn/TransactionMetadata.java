package io.tributary.broker.txn;

import io.tributary.log.TopicPartition;
import java.util.HashSet;
import java.util.Set;

/**
 * One transactional id's state as written to {@code __transaction_state}: immutable; a change is a new value,
 * written to the log first and applied once written.
 *
 * @param transactionalId    the producer's {@code transactional.id}
 * @param producerId         its producer id
 * @param previousProducerId the producer id before the last one ran out of epochs (-1 if none)
 * @param producerEpoch      its current epoch: requests with an older one are fenced
 * @param lastProducerEpoch  the epoch before the last bump (-1 if none): a retried InitProducerId names it
 * @param timeoutMs          {@code transaction.timeout.ms} of the producer
 * @param state              where the transaction stands
 * @param partitions         the partitions in the transaction (Ongoing, Prepare*), empty otherwise
 * @param startMs            when the last transaction began (the first partition added; kept once it ends, as
 *                           Kafka shows it; -1 before any)
 * @param lastUpdateMs       the time of the last change
 */
public record TransactionMetadata(String transactionalId, long producerId, long previousProducerId,
                                  short producerEpoch, short lastProducerEpoch, int timeoutMs,
                                  TransactionState state, Set<TopicPartition> partitions, long startMs,
                                  long lastUpdateMs) {

    /** Above this the epoch is exhausted and the next bump takes a new producer id (Kafka's rule). */
    static final short MAX_EPOCH = Short.MAX_VALUE - 1;

    public TransactionMetadata {
        partitions = Set.copyOf(partitions);
    }

    /** A new transactional id with a fresh producer id, epoch 0, no transaction. */
    static TransactionMetadata fresh(String transactionalId, long producerId, int timeoutMs, long nowMs) {
        return new TransactionMetadata(transactionalId, producerId, -1, (short) 0, (short) -1, timeoutMs,
                TransactionState.EMPTY, Set.of(), -1, nowMs);
    }

    boolean epochExhausted() {
        return producerEpoch >= MAX_EPOCH;
    }

    /** The same producer id with the next epoch (the caller checked it is not exhausted). */
    TransactionMetadata bumpedEpoch(TransactionState next, long nowMs) {
        next.checkEnteredFrom(state);
        return new TransactionMetadata(transactionalId, producerId, previousProducerId, (short) (producerEpoch + 1),
                producerEpoch, timeoutMs, next, partitions, startMs, nowMs);
    }

    /**
     * A new producer id at epoch 0, for a producer whose epochs ran out; {@code rememberEpoch} (a KIP-360 request)
     * keeps the exhausted epoch as the last one, so a retry of the request gets the same answer (Kafka's rule).
     */
    TransactionMetadata withNewProducerId(long newProducerId, boolean rememberEpoch, long nowMs) {
        TransactionState.EMPTY.checkEnteredFrom(state);
        return new TransactionMetadata(transactionalId, newProducerId, producerId, (short) 0,
                rememberEpoch ? producerEpoch : -1, timeoutMs, TransactionState.EMPTY, Set.of(), -1, nowMs);
    }

    /** The same (completed) state under a new producer id at epoch 0: a version 2 end used the last epoch. */
    TransactionMetadata rotated(long newProducerId, long nowMs) {
        return new TransactionMetadata(transactionalId, newProducerId, producerId, (short) 0, (short) -1, timeoutMs,
                state, partitions, startMs, nowMs);
    }

    /**
     * The same state without a last epoch: after a bump that fences a producer (a new producer's InitProducerId,
     * an epoch fence), a KIP-360 retry naming the fenced epoch must not be given the new one.
     */
    TransactionMetadata withoutLastEpoch() {
        return new TransactionMetadata(transactionalId, producerId, previousProducerId, producerEpoch, (short) -1,
                timeoutMs, state, partitions, startMs, lastUpdateMs);
    }

    /** A producer (re)initialised: no transaction, the timeout it asked for. */
    TransactionMetadata initialized(int newTimeoutMs, long nowMs) {
        TransactionState.EMPTY.checkEnteredFrom(state);
        return new TransactionMetadata(transactionalId, producerId, previousProducerId, producerEpoch,
                lastProducerEpoch, newTimeoutMs, TransactionState.EMPTY, Set.of(), -1, nowMs);
    }

    /** Ongoing with {@code added} joined to the transaction's partitions. */
    TransactionMetadata withPartitions(Set<TopicPartition> added, long nowMs) {
        TransactionState.ONGOING.checkEnteredFrom(state);
        Set<TopicPartition> all = new HashSet<>(state == TransactionState.ONGOING ? partitions : Set.of());
        all.addAll(added);
        return new TransactionMetadata(transactionalId, producerId, previousProducerId, producerEpoch,
                lastProducerEpoch, timeoutMs, TransactionState.ONGOING, all,
                state == TransactionState.ONGOING ? startMs : nowMs, nowMs);
    }

    /** The same transaction in state {@code next} (Prepare* keeps the partitions, Complete* clears them). */
    TransactionMetadata to(TransactionState next, long nowMs) {
        next.checkEnteredFrom(state);
        boolean keep = next == TransactionState.PREPARE_COMMIT || next == TransactionState.PREPARE_ABORT
                || next == TransactionState.PREPARE_EPOCH_FENCE;
        return new TransactionMetadata(transactionalId, producerId, previousProducerId, producerEpoch,
                lastProducerEpoch, timeoutMs, next, keep ? partitions : Set.of(), startMs, nowMs);
    }

    /** Whether every partition in {@code wanted} is already in this ongoing transaction. */
    boolean hasAll(Set<TopicPartition> wanted) {
        return state == TransactionState.ONGOING && partitions.containsAll(wanted);
    }
}
