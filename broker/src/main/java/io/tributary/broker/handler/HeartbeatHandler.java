package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.HeartbeatRequestData;
import io.tributary.protocol.message.HeartbeatResponseData;
import java.util.concurrent.CompletableFuture;

/**
 * Heartbeat (classic protocol): keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin,
 * ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID that it was fenced out.
 */
public final class HeartbeatHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final Access access;

    public HeartbeatHandler(GroupCoordinatorService coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        HeartbeatRequestData request = (HeartbeatRequestData) body;
        if (!access.allows(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new HeartbeatResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        return coordinator.run((c, now) -> c.heartbeat(request, now))
                .thenApply(error -> new HeartbeatResponseData().setErrorCode(error.code()));
    }
}
