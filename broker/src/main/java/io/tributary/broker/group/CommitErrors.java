package io.tributary.broker.group;

import io.tributary.protocol.Errors;

/**
 * What an offset commit (OffsetCommit, TxnOffsetCommit) answers when writing it to {@code __consumer_offsets}, or
 * checking its transaction with the transaction coordinator first, failed: the errors its clients know how to act
 * on, as Kafka's group coordinator translates them ({@code CoordinatorOperationExceptionHelper}).
 */
public final class CommitErrors {

    private CommitErrors() {
    }

    /** The error to answer for {@code cause}; an error no commit client expects becomes UNKNOWN_SERVER_ERROR. */
    public static Errors of(Errors cause) {
        return switch (cause) {
            // A transaction check that could not reach the transaction coordinator: retry without a lookup.
            case NETWORK_EXCEPTION -> Errors.COORDINATOR_LOAD_IN_PROGRESS;
            case NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                    Errors.COORDINATOR_NOT_AVAILABLE;
            // The offsets partition is not (or no longer) led here: the client looks the coordinator up again.
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR, UNKNOWN_TOPIC_OR_PARTITION -> Errors.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.INVALID_COMMIT_OFFSET_SIZE;
            case NONE, NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS,
                 INVALID_PRODUCER_EPOCH, PRODUCER_FENCED, INVALID_PRODUCER_ID_MAPPING, INVALID_TXN_STATE,
                 TRANSACTION_ABORTABLE, CONCURRENT_TRANSACTIONS, TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                 TRANSACTION_COORDINATOR_FENCED -> cause;
            default -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }
}
