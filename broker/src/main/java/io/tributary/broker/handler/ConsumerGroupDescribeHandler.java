package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ConsumerGroupDescribeRequestData;
import io.tributary.protocol.message.ConsumerGroupDescribeResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * ConsumerGroupDescribe: consumer-protocol groups with their epochs, assignor and members (current and target
 * assignments). A classic group answers GROUP_ID_NOT_FOUND, which makes Kafka's Admin client fall back to
 * DescribeGroups.
 */
public final class ConsumerGroupDescribeHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final Access access;

    public ConsumerGroupDescribeHandler(GroupCoordinatorService coordinator, MetadataNode metadata, Access access) {
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ConsumerGroupDescribeRequestData request = (ConsumerGroupDescribeRequestData) body;
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        Set<String> allowed = new HashSet<>(access.filter(context, AclOperation.DESCRIBE, ResourceType.GROUP,
                request.groupIds()));
        return coordinator.run((c, now) -> {
            List<ConsumerGroupDescribeResponseData.DescribedGroup> groups = new ArrayList<>();
            for (String groupId : request.groupIds()) {
                groups.add(allowed.contains(groupId) ? c.describeConsumerGroup(groupId, catalog)
                        : new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(groupId)
                                .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
            }
            return groups;
        }).thenApply(groups -> (ApiMessage) new ConsumerGroupDescribeResponseData().setGroups(groups.stream()
                .map(g -> hideTopics(context, g)).toList()));
    }

    /**
     * As Kafka: a group whose assignments name a topic the principal may not describe is answered
     * TOPIC_AUTHORIZATION_FAILED instead of its members.
     */
    private ConsumerGroupDescribeResponseData.DescribedGroup hideTopics(RequestContext context,
            ConsumerGroupDescribeResponseData.DescribedGroup group) {
        if (!access.enabled() || group.errorCode() != Errors.NONE.code()) {
            return group;
        }
        Set<String> topics = new HashSet<>();
        group.members().forEach(m -> Stream.of(m.assignment(), m.targetAssignment()).filter(a -> a != null)
                .forEach(a -> a.topicPartitions().forEach(tp -> topics.add(tp.topicName()))));
        if (access.filter(context, AclOperation.DESCRIBE, ResourceType.TOPIC, topics).size() == topics.size()) {
            return group;
        }
        return new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(group.groupId())
                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                .setErrorMessage("The group has described topic(s) that the client is not authorized to describe.");
    }
}
