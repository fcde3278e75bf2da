package io.tributary.broker.handler;

import io.tributary.broker.InterBrokerClient;
import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ListOffsetsRequestData;
import io.tributary.protocol.message.ListOffsetsResponseData;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A partition's high watermark wherever it is led: read here when this broker leads it, else asked of its leader as
 * a consumer would (ListOffsets, LATEST, read_uncommitted). -1 when it cannot be known (no leader, an error).
 */
final class PartitionEnds {

    private static final long LATEST = -1;
    private static final short LIST_OFFSETS_VERSION = 7;

    private final PartitionManager partitions;
    private final InterBrokerClient otherBrokers;
    private final int nodeId;

    PartitionEnds(PartitionManager partitions, InterBrokerClient otherBrokers, int nodeId) {
        this.partitions = partitions;
        this.otherBrokers = otherBrokers;
        this.nodeId = nodeId;
    }

    CompletableFuture<Long> highWatermark(String topic, int index) {
        Partition local = partitions.partition(topic, index);
        if (local != null && local.isLeader(nodeId)) {
            return CompletableFuture.completedFuture(local.highWatermark());
        }
        TopicImage image = partitions.publishedImage().topic(topic);
        if (image == null || index < 0 || index >= image.partitionCount()) {
            return CompletableFuture.completedFuture(-1L);
        }
        PartitionRegistration registration = image.partition(index);
        if (!registration.hasLeader() || registration.leader() == nodeId) {
            return CompletableFuture.completedFuture(-1L);
        }
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1).setIsolationLevel((byte) 0)
                .setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(topic).setPartitions(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(index)
                                .setCurrentLeaderEpoch(-1).setTimestamp(LATEST)))));
        try {
            return otherBrokers.send(registration.leader(), request, LIST_OFFSETS_VERSION).handle((answer, failure) -> {
                if (failure != null) {
                    return -1L;
                }
                for (ListOffsetsResponseData.ListOffsetsTopicResponse t
                        : ((ListOffsetsResponseData) answer).topics()) {
                    for (ListOffsetsResponseData.ListOffsetsPartitionResponse p : t.partitions()) {
                        if (p.partitionIndex() == index && p.errorCode() == Errors.NONE.code()) {
                            return p.offset();
                        }
                    }
                }
                return -1L;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(-1L);   // the leader has no listener registered (yet)
        }
    }
}
