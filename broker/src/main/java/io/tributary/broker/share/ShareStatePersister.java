package io.tributary.broker.share;

import java.util.concurrent.CompletableFuture;

/**
 * Where share-partition leaders and the group coordinator keep share-partition state: the share coordinator of the
 * key's {@code __share_group_state} partition, on this broker or another (then reached with Kafka's
 * Read/Write/Initialize/DeleteShareGroupState and ReadShareGroupStateSummary requests). Each future completes once
 * the coordinator's write is replicated, or fails with a {@link ShareStateException} carrying the Kafka error
 * (COORDINATOR_NOT_AVAILABLE / NOT_COORDINATOR while the coordinator moves or loads, FENCED_LEADER_EPOCH,
 * FENCED_STATE_EPOCH, ...).
 */
public interface ShareStatePersister {

    /**
     * The stored state, or null when there is none (never initialized, or deleted), read by the partition leader of
     * {@code leaderEpoch} as it takes the share-partition over: a newer leader epoch than the stored one is stored
     * (so writes of older leaders are refused from now on), an older one is refused with FENCED_LEADER_EPOCH.
     */
    CompletableFuture<ShareState> read(SharePartitionKey key, int leaderEpoch);

    /** The stored state's summary without taking the share-partition over (DescribeShareGroupOffsets); null if none. */
    CompletableFuture<ShareStateSummary> summary(SharePartitionKey key);

    /**
     * Replaces the stored state with {@code state} (a whole snapshot). Refused with FENCED_LEADER_EPOCH when the
     * stored leader epoch is newer than {@code state.leaderEpoch()}, with FENCED_STATE_EPOCH when the stored state
     * epoch is newer than {@code state.stateEpoch()}.
     */
    CompletableFuture<Void> write(SharePartitionKey key, ShareState state);

    /**
     * Starts the share-partition afresh at {@code startOffset} with no batches and state epoch {@code stateEpoch}
     * (creation, or a reset by AlterShareGroupOffsets: then the stored state epoch + 1), whatever was stored.
     */
    CompletableFuture<Void> initialize(SharePartitionKey key, int stateEpoch, long startOffset);

    /** Removes the stored state (DeleteShareGroupOffsets, DeleteGroups); nothing stored is not an error. */
    CompletableFuture<Void> delete(SharePartitionKey key);
}
