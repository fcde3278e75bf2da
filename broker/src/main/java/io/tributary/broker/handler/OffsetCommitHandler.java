package io.tributary.broker.handler;

import io.tributary.broker.group.CommittedOffset;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.OffsetCommitRequestData;
import io.tributary.protocol.message.OffsetCommitResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit: the group coordinator checks who commits (generation and member for group members; simple
 * commits with generation -1 for a group without members), writes the offsets to {@code __consumer_offsets} and
 * only then answers. Topics are named in v2–9 and by id in v10 (an unknown id: UNKNOWN_TOPIC_ID).
 */
public final class OffsetCommitHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final Access access;

    public OffsetCommitHandler(GroupCoordinatorService coordinator, MetadataNode metadata, Access access) {
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        OffsetCommitRequestData request = (OffsetCommitRequestData) body;
        boolean byId = context.apiVersion() >= 10;
        boolean groupAllowed = access.allows(context, AclOperation.READ, ResourceType.GROUP, request.groupId());
        Map<TopicPartition, Errors> refused = new LinkedHashMap<>();
        Map<TopicPartition, CommittedOffset> commits = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : request.topics()) {
            TopicImage topic = byId ? metadata.image().topic(t.topicId()) : null;
            String name = byId ? (topic == null ? null : topic.name()) : t.name();
            names.add(name);
            if (name == null) {
                continue;
            }
            // as Kafka: without READ on the group every partition fails, without READ on a topic its partitions
            boolean topicAllowed = access.allows(context, AclOperation.READ, ResourceType.TOPIC, name);
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                if (!topicAllowed) {
                    refused.put(new TopicPartition(name, p.partitionIndex()), Errors.TOPIC_AUTHORIZATION_FAILED);
                    continue;
                }
                commits.put(new TopicPartition(name, p.partitionIndex()), new CommittedOffset(p.committedOffset(),
                        p.committedLeaderEpoch(), p.committedMetadata(), -1));
            }
        }
        if (!groupAllowed || commits.isEmpty() && !refused.isEmpty()) {
            return CompletableFuture.completedFuture(response(request, names, refused, groupAllowed));
        }
        return coordinator.run((c, now) -> c.commitOffsets(request.groupId(), request.generationIdOrMemberEpoch(),
                        request.memberId(), request.groupInstanceId(), commits, context.apiVersion(), now))
                .thenApply(errors -> {
                    Map<TopicPartition, Errors> all = new LinkedHashMap<>(errors);
                    all.putAll(refused);
                    return response(request, names, all, true);
                });
    }

    private static ApiMessage response(OffsetCommitRequestData request, List<String> names,
                                       Map<TopicPartition, Errors> errors, boolean groupAllowed) {
        List<OffsetCommitResponseData.OffsetCommitResponseTopic> topics = new ArrayList<>();
        for (int i = 0; i < request.topics().size(); i++) {
            OffsetCommitRequestData.OffsetCommitRequestTopic t = request.topics().get(i);
            String name = names.get(i);
            List<OffsetCommitResponseData.OffsetCommitResponsePartition> partitions = new ArrayList<>();
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                Errors error = !groupAllowed ? Errors.GROUP_AUTHORIZATION_FAILED
                        : name == null ? Errors.UNKNOWN_TOPIC_ID
                        : errors.getOrDefault(new TopicPartition(name, p.partitionIndex()), Errors.UNKNOWN_SERVER_ERROR);
                partitions.add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            topics.add(new OffsetCommitResponseData.OffsetCommitResponseTopic().setName(t.name())
                    .setTopicId(t.topicId()).setPartitions(partitions));
        }
        return new OffsetCommitResponseData().setTopics(topics);
    }
}
