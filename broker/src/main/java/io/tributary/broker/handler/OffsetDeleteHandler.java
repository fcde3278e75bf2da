package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.OffsetDeleteRequestData;
import io.tributary.protocol.message.OffsetDeleteResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetDelete: removes a group's committed offsets of some partitions (tombstones in {@code __consumer_offsets}),
 * except those of topics the group's live members subscribe to (GROUP_SUBSCRIBED_TO_TOPIC per partition, as
 * Kafka answers).
 */
public final class OffsetDeleteHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final Access access;

    public OffsetDeleteHandler(GroupCoordinatorService coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        OffsetDeleteRequestData request = (OffsetDeleteRequestData) body;
        if (!access.allows(context, AclOperation.DELETE, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new OffsetDeleteResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        List<TopicPartition> partitions = new ArrayList<>();
        Set<String> refused = new HashSet<>();   // topics without READ: TOPIC_AUTHORIZATION_FAILED, as Kafka
        request.topics().forEach(t -> {
            if (!access.allows(context, AclOperation.READ, ResourceType.TOPIC, t.name())) {
                refused.add(t.name());
                return;
            }
            t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p.partitionIndex())));
        });
        return coordinator.run((c, now) -> c.deleteOffsets(request.groupId(), partitions, now)).thenApply(done -> {
            OffsetDeleteResponseData response = new OffsetDeleteResponseData().setErrorCode(done.error().code());
            if (done.error() != Errors.NONE) {
                return response;
            }
            List<OffsetDeleteResponseData.OffsetDeleteResponseTopic> topics = new ArrayList<>();
            for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : request.topics()) {
                List<OffsetDeleteResponseData.OffsetDeleteResponsePartition> out = new ArrayList<>();
                t.partitions().forEach(p -> out.add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(refused.contains(t.name())
                                ? Errors.TOPIC_AUTHORIZATION_FAILED.code() : done.partitions()
                                .get(new TopicPartition(t.name(), p.partitionIndex())).code())));
                topics.add(new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(t.name())
                        .setPartitions(out));
            }
            return response.setTopics(topics);
        });
    }
}
