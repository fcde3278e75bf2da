package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
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

    public HeartbeatHandler(GroupCoordinatorService coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        HeartbeatRequestData request = (HeartbeatRequestData) body;
        return coordinator.run((c, now) -> c.heartbeat(request, now))
                .thenApply(error -> new HeartbeatResponseData().setErrorCode(error.code()));
    }
}
