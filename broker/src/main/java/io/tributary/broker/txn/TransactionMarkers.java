package io.tributary.broker.txn;

import io.tributary.broker.InterBrokerClient;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.message.WriteTxnMarkersRequestData;
import io.tributary.protocol.message.WriteTxnMarkersResponseData;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * coordinator. Used by the local transaction coordinator and by WriteTxnMarkers alike. A marker counts as written
 * once it is replicated (the partition's high watermark passed it), as Kafka appends markers with acks=all. The
 * coordinator's markers for partitions led by other brokers go to those leaders as WriteTxnMarkers
 * ({@link #writeAnywhere}).
 */
public final class TransactionMarkers {

    /** How long a written marker waits to be replicated before the writer is told REQUEST_TIMED_OUT (and retries). */
    private static final long REPLICATION_TIMEOUT_MS = 30_000;

    /** Ends a producer's pending transactional offset commits once its marker is in an offsets partition. */
    @FunctionalInterface
    public interface OffsetsTransactionEnd {
        CompletableFuture<Void> completeTransaction(int offsetsPartition, long producerId, boolean committed);
    }

    private final PartitionManager partitions;
    private final int brokerId;
    private final OffsetsTransactionEnd offsets;
    private final InterBrokerClient otherBrokers;

    public TransactionMarkers(PartitionManager partitions, int brokerId, OffsetsTransactionEnd offsets,
                              InterBrokerClient otherBrokers) {
        this.partitions = partitions;
        this.brokerId = brokerId;
        this.offsets = offsets;
        this.otherBrokers = otherBrokers;
    }

    /**
     * Writes a marker wherever the partition's leader is: here ({@link #write}), or on its leader through
     * WriteTxnMarkers. NOT_LEADER_OR_FOLLOWER (retried by the caller) while the partition has no leader or its
     * leader cannot be reached.
     */
    public CompletableFuture<Errors> writeAnywhere(TopicPartition tp, long producerId, short producerEpoch,
                                                   boolean commit, int coordinatorEpoch, long nowMs,
                                                   BooleanSupplier topicExists) {
        Partition here = partitions.partition(tp.topic(), tp.partition());
        if (here != null && here.isLeader(brokerId)) {
            return write(tp, producerId, producerEpoch, commit, coordinatorEpoch, nowMs, topicExists);
        }
        TopicImage topic = partitions.publishedImage().topic(tp.topic());
        if (topic == null || tp.partition() >= topic.partitionCount()) {
            return CompletableFuture.completedFuture(topicExists.getAsBoolean() ? Errors.NOT_LEADER_OR_FOLLOWER
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        int leader = topic.partition(tp.partition()).leader();
        if (leader < 0 || leader == brokerId) {
            return CompletableFuture.completedFuture(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        WriteTxnMarkersRequestData request = new WriteTxnMarkersRequestData().setMarkers(List.of(
                new WriteTxnMarkersRequestData.WritableTxnMarker().setProducerId(producerId)
                        .setProducerEpoch(producerEpoch).setTransactionResult(commit)
                        .setCoordinatorEpoch(coordinatorEpoch).setTopics(List.of(
                                new WriteTxnMarkersRequestData.WritableTxnMarkerTopic().setName(tp.topic())
                                        .setPartitionIndexes(List.of(tp.partition()))))));
        return otherBrokers.send(leader, request, (short) 1).handle((answer, failure) -> {
            if (failure != null) {
                return Errors.NOT_LEADER_OR_FOLLOWER;
            }
            for (WriteTxnMarkersResponseData.WritableTxnMarkerResult m
                    : ((WriteTxnMarkersResponseData) answer).markers()) {
                for (WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult t : m.topics()) {
                    for (WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult r : t.partitions()) {
                        return Errors.forCode(r.errorCode());
                    }
                }
            }
            return Errors.UNKNOWN_SERVER_ERROR;
        });
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
        CompletableFuture<Errors> replicated = p.awaitReplicated(p.log().logEndOffset())
                .completeOnTimeout(Errors.REQUEST_TIMED_OUT, REPLICATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (!tp.topic().equals(OffsetsTopic.NAME)) {
            return replicated;
        }
        return replicated.thenCompose(error -> error != Errors.NONE ? CompletableFuture.completedFuture(error)
                : offsets.completeTransaction(tp.partition(), producerId, commit)
                        .handle((v, e) -> e == null ? Errors.NONE : Errors.UNKNOWN_SERVER_ERROR));
    }
}
