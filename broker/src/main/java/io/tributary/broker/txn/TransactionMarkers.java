package io.tributary.broker.txn;

import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.group.OffsetsTopic;
import io.tributary.log.AppendOrigin;
import io.tributary.log.LogException;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.record.ControlBatches;
import io.tributary.protocol.record.ControlRecordType;
import io.tributary.protocol.record.EndTransactionMarker;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Writes transaction markers into the partitions this broker leads: one control batch (the producer's id and epoch,
 * a COMMIT or ABORT record carrying the coordinator epoch) appended as the leader's, which closes the producer's
 * open transaction there, moves the last stable offset and, for an abort, adds to the transaction index. A marker
 * for a {@code __consumer_offsets} partition also ends the transaction's pending offset commits in the group
 * coordinator. Used by the local transaction coordinator and by WriteTxnMarkers alike.
 */
public final class TransactionMarkers {

    /** Ends a producer's pending transactional offset commits once its marker is in an offsets partition. */
    @FunctionalInterface
    public interface OffsetsTransactionEnd {
        CompletableFuture<Void> completeTransaction(int offsetsPartition, long producerId, boolean committed);
    }

    private final PartitionManager partitions;
    private final int brokerId;
    private final OffsetsTransactionEnd offsets;

    public TransactionMarkers(PartitionManager partitions, int brokerId, OffsetsTransactionEnd offsets) {
        this.partitions = partitions;
        this.brokerId = brokerId;
        this.offsets = offsets;
    }

    /**
     * Appends one marker.
     *
     * @param topicExists whether the partition's topic still exists: a marker for a deleted one is dropped
     *                    (UNKNOWN_TOPIC_OR_PARTITION), one for a partition led elsewhere is retried by the caller
     * @return NONE once written (and, for offsets, applied), or the partition's error
     */
    public CompletableFuture<Errors> write(TopicPartition tp, long producerId, short producerEpoch, boolean commit,
                                           int coordinatorEpoch, long nowMs, BooleanSupplier topicExists) {
        Partition p = partitions.partition(tp.topic(), tp.partition());
        if (p == null || !p.isLeader(brokerId)) {
            return CompletableFuture.completedFuture(p == null && !topicExists.getAsBoolean()
                    ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.NOT_LEADER_OR_FOLLOWER);
        }
        EndTransactionMarker marker = new EndTransactionMarker(commit ? ControlRecordType.COMMIT
                : ControlRecordType.ABORT, coordinatorEpoch);
        try {
            p.log().appendAsLeader(ControlBatches.endTransaction(0, nowMs, p.leaderEpoch(), producerId, producerEpoch,
                    marker), p.leaderEpoch(), AppendOrigin.COORDINATOR);
        } catch (LogException e) {
            return CompletableFuture.completedFuture(e.error());
        }
        partitions.appended(p);
        if (!tp.topic().equals(OffsetsTopic.NAME)) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        return offsets.completeTransaction(tp.partition(), producerId, commit)
                .handle((v, e) -> e == null ? Errors.NONE : Errors.UNKNOWN_SERVER_ERROR);
    }
}
