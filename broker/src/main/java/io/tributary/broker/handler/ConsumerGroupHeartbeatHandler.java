package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ConsumerGroupHeartbeatRequestData;
import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupHeartbeat (KIP-848, {@code group.protocol=consumer}): joins, leaves and heartbeats of
 * consumer-protocol members; the answer carries the member's epoch and, when it changed, its assignment. The
 * coordinator resolves subscriptions against the topics of the metadata image this broker has applied.
 */
public final class ConsumerGroupHeartbeatHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;

    public ConsumerGroupHeartbeatHandler(GroupCoordinatorService coordinator, MetadataNode metadata) {
        this.coordinator = coordinator;
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ConsumerGroupHeartbeatRequestData request = (ConsumerGroupHeartbeatRequestData) body;
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        return coordinator.run((c, now) -> c.consumerHeartbeat(request, GroupClients.of(context), catalog, now));
    }
}
