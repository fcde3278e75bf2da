package io.tributary.broker.txn;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a transactional id's transaction stands, with Kafka's ids (persisted in {@code __transaction_state}) and
 * names (what DescribeTransactions and ListTransactions show), and the states each may be entered from.
 */
public enum TransactionState {
    /** A producer id and epoch, no transaction begun. */
    EMPTY(0, "Empty"),
    /** Partitions (or a group's offsets) have been added: records may be in the logs, not yet decided. */
    ONGOING(1, "Ongoing"),
    /** Commit decided and written; markers may still be on their way to the partitions. */
    PREPARE_COMMIT(2, "PrepareCommit"),
    /** Abort decided and written; markers may still be on their way to the partitions. */
    PREPARE_ABORT(3, "PrepareAbort"),
    /** Every partition has its COMMIT marker. */
    COMPLETE_COMMIT(4, "CompleteCommit"),
    /** Every partition has its ABORT marker. */
    COMPLETE_ABORT(5, "CompleteAbort"),
    /** The transactional id expired and is being removed. */
    DEAD(6, "Dead"),
    /** The epoch is being bumped to fence a producer before its open transaction is aborted (never persisted). */
    PREPARE_EPOCH_FENCE(7, "PrepareEpochFence");

    private final byte id;
    private final String displayName;

    TransactionState(int id, String displayName) {
        this.id = (byte) id;
        this.displayName = displayName;
    }

    public byte id() {
        return id;
    }

    /** Kafka's name for the state, e.g. {@code Ongoing}. */
    public String displayName() {
        return displayName;
    }

    public static TransactionState fromId(byte id) {
        for (TransactionState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown transaction state id " + id);
    }

    /** The state with Kafka's name (as ListTransactions filters give it), or null. */
    public static TransactionState named(String name) {
        for (TransactionState s : values()) {
            if (s.displayName.equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Whether the transaction's outcome is settled: no markers outstanding, a new transaction may begin. */
    public boolean isSettled() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    /** The states this one may be entered from. */
    Set<TransactionState> enteredFrom() {
        return switch (this) {
            case EMPTY, DEAD -> EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case ONGOING -> EnumSet.of(ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            // Version 2 ends an empty transaction too (only its epoch bump): from Empty or a completed one.
            case PREPARE_COMMIT -> EnumSet.of(ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case PREPARE_EPOCH_FENCE -> EnumSet.of(ONGOING);
            case PREPARE_ABORT -> EnumSet.of(ONGOING, PREPARE_EPOCH_FENCE, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case COMPLETE_COMMIT -> EnumSet.of(PREPARE_COMMIT);
            case COMPLETE_ABORT -> EnumSet.of(PREPARE_ABORT);
        };
    }

    /** Throws unless a transaction may go from {@code from} to this state. */
    void checkEnteredFrom(TransactionState from) {
        if (!enteredFrom().contains(from)) {
            throw new IllegalStateException("illegal transaction state change " + from + " -> " + this);
        }
    }
}
