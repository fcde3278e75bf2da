package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.SyncGroupResponseData;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.SyncGroupRequestData;
import java.util.concurrent.CompletableFuture;

/**
 * SyncGroup (classic protocol): a member's assignment, answered once the group leader has sent the assignments
 * of the generation (the leader's own SyncGroup carries them).
 */
public final class SyncGroupHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final Access access;

    public SyncGroupHandler(GroupCoordinatorService coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        SyncGroupRequestData request = (SyncGroupRequestData) body;
        if (!access.allows(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new SyncGroupResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()).setAssignment(new byte[0]));
        }
        return coordinator.call((c, now) -> c.sync(request, now)).thenApply(r -> r);
    }
}
