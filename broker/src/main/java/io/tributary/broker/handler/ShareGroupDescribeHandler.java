package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ShareGroupDescribeRequestData;
import io.tributary.protocol.message.ShareGroupDescribeResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * ShareGroupDescribe: share groups with their state (Empty/Stable), epochs, assignor ({@code simple}) and members
 * with their assignments; GROUP_ID_NOT_FOUND (state Dead) for an unknown group or one of another kind.
 */
public final class ShareGroupDescribeHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final Access access;

    public ShareGroupDescribeHandler(GroupCoordinatorService coordinator, MetadataNode metadata, Access access) {
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ShareGroupDescribeRequestData request = (ShareGroupDescribeRequestData) body;
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        Set<String> allowed = new HashSet<>(access.filter(context, AclOperation.DESCRIBE, ResourceType.GROUP,
                request.groupIds()));
        return coordinator.run((c, now) -> {
            List<ShareGroupDescribeResponseData.DescribedGroup> groups = new ArrayList<>();
            for (String groupId : request.groupIds()) {
                groups.add(allowed.contains(groupId) ? c.describeShareGroup(groupId, catalog)
                        : new ShareGroupDescribeResponseData.DescribedGroup().setGroupId(groupId)
                                .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
            }
            return groups;
        }).thenApply(groups -> (ApiMessage) new ShareGroupDescribeResponseData().setGroups(groups.stream()
                .map(g -> hideTopics(context, g)).toList()));
    }

    /**
     * As Kafka: a group whose assignments name a topic the principal may not describe is answered
     * TOPIC_AUTHORIZATION_FAILED instead of its members.
     */
    private ShareGroupDescribeResponseData.DescribedGroup hideTopics(RequestContext context,
            ShareGroupDescribeResponseData.DescribedGroup group) {
        if (!access.enabled() || group.errorCode() != Errors.NONE.code()) {
            return group;
        }
        Set<String> topics = new HashSet<>();
        group.members().forEach(m -> Stream.of(m.assignment()).filter(a -> a != null)
                .forEach(a -> a.topicPartitions().forEach(tp -> topics.add(tp.topicName()))));
        if (access.filter(context, AclOperation.DESCRIBE, ResourceType.TOPIC, topics).size() == topics.size()) {
            return group;
        }
        return new ShareGroupDescribeResponseData.DescribedGroup().setGroupId(group.groupId())
                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                .setErrorMessage("The group has described topic(s) that the client is not authorized to describe.");
    }
}
