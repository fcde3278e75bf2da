package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ShareGroupHeartbeatRequestData;
import java.util.concurrent.CompletableFuture;

/**
 * ShareGroupHeartbeat (KIP-932, {@code KafkaShareConsumer}): joins, leaves and heartbeats of share group members;
 * the answer carries the member's epoch and, when it changed, its assignment. The coordinator resolves
 * subscriptions against the topics of the metadata image this broker has applied.
 */
public final class ShareGroupHeartbeatHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;

    public ShareGroupHeartbeatHandler(GroupCoordinatorService coordinator, MetadataNode metadata) {
        this.coordinator = coordinator;
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ShareGroupHeartbeatRequestData request = (ShareGroupHeartbeatRequestData) body;
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        return coordinator.run((c, now) -> c.shareHeartbeat(request, GroupClients.of(context), catalog, now));
    }
}
