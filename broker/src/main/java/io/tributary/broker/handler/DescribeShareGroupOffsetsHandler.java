package io.tributary.broker.handler;

import io.tributary.broker.InterBrokerClient;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.group.TopicCatalog;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareStateException;
import io.tributary.broker.share.ShareStateSummary;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeShareGroupOffsetsRequestData;
import io.tributary.protocol.message.DescribeShareGroupOffsetsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeShareGroupOffsets (KIP-932, {@code Admin.listShareGroupOffsets}): per share-partition the start offset and
 * leader epoch the share coordinator stores, and (v1) the lag: high watermark − start offset − records already
 * delivered past it, -1 when unknown (the high watermark asked of the partition's leader when that is another
 * broker: {@link PartitionEnds}). The group
 * coordinator checks the group on its thread (GROUP_ID_NOT_FOUND for an unknown group or one of another kind) and
 * names the topics that may have state (all of them when Topics is null); the summaries are then read from the
 * persister. A partition without stored state has start offset -1. As in Kafka, a group needs DESCRIBE
 * (GROUP_AUTHORIZATION_FAILED) and only topics with DESCRIBE are shown: an asked one answers
 * TOPIC_AUTHORIZATION_FAILED, "all topics" leaves it out.
 */
public final class DescribeShareGroupOffsetsHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final PartitionEnds ends;
    private final SharePartitionStates states;
    private final Access access;

    public DescribeShareGroupOffsetsHandler(GroupCoordinatorService coordinator, MetadataNode metadata,
                                            PartitionManager partitions, InterBrokerClient otherBrokers, int nodeId,
                                            SharePartitionStates states, Access access) {
        this.access = access;
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.ends = new PartitionEnds(partitions, otherBrokers, nodeId);
        this.states = states;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DescribeShareGroupOffsetsRequestData request = (DescribeShareGroupOffsetsRequestData) body;
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        List<CompletableFuture<DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup>> groups =
                new ArrayList<>();
        for (DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup g : request.groups()) {
            if (!access.allows(context, AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId())) {
                groups.add(CompletableFuture.completedFuture(
                        new DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup()
                                .setGroupId(g.groupId()).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())));
                continue;
            }
            groups.add(coordinator.run((c, now) -> c.shareGroupTopics(g.groupId(), false))
                    .thenCompose(target -> describe(context, g, target, catalog)));
        }
        return CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new)).thenApply(v ->
                new DescribeShareGroupOffsetsResponseData().setGroups(groups.stream().map(CompletableFuture::join)
                        .toList()));
    }

    private CompletableFuture<DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup> describe(
            RequestContext context, DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup request,
            GroupCoordinator.ShareGroupTopics target, TopicCatalog catalog) {
        var group = new DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup()
                .setGroupId(request.groupId());
        if (target.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(group.setErrorCode(target.error().code())
                    .setErrorMessage(target.message()));
        }
        List<DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic> topics = new ArrayList<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        if (request.topics() == null) {
            target.topics().keySet().forEach(id -> {
                TopicCatalog.Topic t = catalog.byId(id);
                if (t != null && access.allows(context, AclOperation.DESCRIBE, ResourceType.TOPIC, t.name())) {
                    List<Integer> all = new ArrayList<>();
                    for (int p = 0; p < t.partitions(); p++) {
                        all.add(p);
                    }
                    topics.add(topic(request.groupId(), t, all, true, reads));
                }
            });
        } else {
            for (DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestTopic rt : request.topics()) {
                TopicCatalog.Topic t = catalog.byName(rt.topicName());
                if (!access.allows(context, AclOperation.DESCRIBE, ResourceType.TOPIC, rt.topicName())) {
                    topics.add(failedTopic(rt, Errors.TOPIC_AUTHORIZATION_FAILED));
                } else if (t == null) {
                    topics.add(failedTopic(rt, Errors.UNKNOWN_TOPIC_OR_PARTITION));
                } else {
                    topics.add(topic(request.groupId(), t, rt.partitions(), target.topics().containsKey(t.id()),
                            reads));
                }
            }
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> group
                .setTopics(topics));
    }

    /** The topic's answer, its partitions filled in as their summaries arrive ({@code reads}). */
    private DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic topic(
            String groupId, TopicCatalog.Topic t, List<Integer> indexes, boolean mayHaveState,
            List<CompletableFuture<Void>> reads) {
        List<DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponsePartition> out = new ArrayList<>();
        for (int index : indexes) {
            var partition = new DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponsePartition()
                    .setPartitionIndex(index).setStartOffset(-1).setLeaderEpoch(-1).setLag(-1);
            out.add(partition);
            if (index < 0 || index >= t.partitions()) {
                partition.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage(Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
            } else if (mayHaveState) {
                reads.add(summary(new SharePartitionKey(groupId, t.id(), index)).handle((summary, failure) -> {
                    if (failure != null) {
                        Errors error = ShareStateException.errorOf(failure);
                        partition.setErrorCode(error.code()).setErrorMessage(error.message());
                    } else if (summary != null) {
                        partition.setStartOffset(summary.startOffset()).setLeaderEpoch(summary.leaderEpoch());
                        return ends.highWatermark(t.name(), index).thenAccept(hw -> partition.setLag(
                                lag(hw, summary)));
                    }
                    return CompletableFuture.<Void>completedFuture(null);
                }).thenCompose(f -> f));
            }
        }
        return new DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic()
                .setTopicName(t.name()).setTopicId(t.id()).setPartitions(out);
    }

    private CompletableFuture<ShareStateSummary> summary(SharePartitionKey key) {
        try {
            return states.persister().summary(key);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** High watermark − start offset − delivered past it; -1 if either is unknown. */
    private static long lag(long highWatermark, ShareStateSummary summary) {
        if (highWatermark < 0 || summary.startOffset() < 0) {
            return -1;
        }
        return Math.max(0, highWatermark - summary.startOffset() - summary.deliveryCompleteCount());
    }

    private static DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic failedTopic(
            DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestTopic rt, Errors error) {
        List<DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponsePartition> out = new ArrayList<>();
        for (int index : rt.partitions()) {
            out.add(new DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponsePartition()
                    .setPartitionIndex(index).setStartOffset(-1).setLeaderEpoch(-1).setLag(-1)
                    .setErrorCode(error.code()).setErrorMessage(error.message()));
        }
        return new DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic()
                .setTopicName(rt.topicName()).setTopicId(new UUID(0, 0)).setPartitions(out);
    }
}
