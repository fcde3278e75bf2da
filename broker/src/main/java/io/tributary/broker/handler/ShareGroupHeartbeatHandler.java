package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ShareGroupHeartbeatRequestData;
import io.tributary.protocol.message.ShareGroupHeartbeatResponseData;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ShareGroupHeartbeat (KIP-932, {@code KafkaShareConsumer}): joins, leaves and heartbeats of share group members;
 * the answer carries the member's epoch and, when it changed, its assignment. The coordinator resolves
 * subscriptions against the topics of the metadata image this broker has applied.
 */
public final class ShareGroupHeartbeatHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final Access access;

    public ShareGroupHeartbeatHandler(GroupCoordinatorService coordinator, MetadataNode metadata, Access access) {
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ShareGroupHeartbeatRequestData request = (ShareGroupHeartbeatRequestData) body;
        if (!access.allows(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new ShareGroupHeartbeatResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        // as Kafka: subscribing by name needs DESCRIBE on every named topic
        List<String> names = request.subscribedTopicNames();
        if (names != null && !names.isEmpty() && access.filter(context, AclOperation.DESCRIBE, ResourceType.TOPIC,
                new HashSet<>(names)).size() < new HashSet<>(names).size()) {
            return CompletableFuture.completedFuture(new ShareGroupHeartbeatResponseData()
                    .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
        }
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        return coordinator.run((c, now) -> c.shareHeartbeat(request, GroupClients.of(context), catalog, now));
    }
}
