package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.JoinGroupRequestData;
import io.tributary.protocol.message.JoinGroupResponseData;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup (classic protocol): answered by the group coordinator when the rebalance the member joins completes
 * — at once for MEMBER_ID_REQUIRED (v4+, KIP-394) and errors.
 */
public final class JoinGroupHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final Access access;

    public JoinGroupHandler(GroupCoordinatorService coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        JoinGroupRequestData request = (JoinGroupRequestData) body;
        if (!access.allows(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(fit(new JoinGroupResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()).setGenerationId(-1).setMemberId("")
                    .setLeader(""), context.apiVersion()));
        }
        return coordinator.call((c, now) -> c.join(request, GroupClients.of(context), now))
                .thenApply(response -> fit(response, context.apiVersion()));
    }

    /** Versions before 7 cannot carry a null protocol name. */
    private static ApiMessage fit(JoinGroupResponseData response, short version) {
        if (version < 7 && response.protocolName() == null) {
            response.setProtocolName("");
        }
        return response;
    }
}
