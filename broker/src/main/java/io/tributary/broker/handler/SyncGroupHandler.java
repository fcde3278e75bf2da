package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.SyncGroupRequestData;
import java.util.concurrent.CompletableFuture;

/**
 * SyncGroup (classic protocol): a member's assignment, answered once the group leader has sent the assignments
 * of the generation (the leader's own SyncGroup carries them).
 */
public final class SyncGroupHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;

    public SyncGroupHandler(GroupCoordinatorService coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        SyncGroupRequestData request = (SyncGroupRequestData) body;
        return coordinator.call((c, now) -> c.sync(request, now)).thenApply(r -> r);
    }
}
