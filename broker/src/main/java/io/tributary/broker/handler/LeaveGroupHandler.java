package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.group.LeaveResult;
import io.tributary.broker.group.MemberIdentity;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.LeaveGroupRequestData;
import io.tributary.protocol.message.LeaveGroupResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * LeaveGroup: one member in v0–2 (its error is the response's), a batch of members by member id or
 * {@code group.instance.id} in v3+ (an error per member). The group rebalances without them.
 */
public final class LeaveGroupHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final Access access;

    public LeaveGroupHandler(GroupCoordinatorService coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        LeaveGroupRequestData request = (LeaveGroupRequestData) body;
        if (!access.allows(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new LeaveGroupResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        boolean batch = context.apiVersion() >= 3;
        List<MemberIdentity> leavers = batch
                ? request.members().stream().map(m -> new MemberIdentity(m.memberId(), m.groupInstanceId())).toList()
                : List.of(new MemberIdentity(request.memberId(), null));
        return coordinator.run((c, now) -> c.leave(request.groupId(), leavers, now))
                .thenApply(result -> response(result, request, batch));
    }

    private static ApiMessage response(LeaveResult result, LeaveGroupRequestData request, boolean batch) {
        LeaveGroupResponseData response = new LeaveGroupResponseData().setErrorCode(result.error().code());
        if (!batch) {
            if (result.error() == Errors.NONE && !result.perMember().isEmpty()) {
                response.setErrorCode(result.perMember().get(0).code());
            }
            return response;
        }
        List<LeaveGroupResponseData.MemberResponse> members = new ArrayList<>();
        for (int i = 0; i < result.perMember().size(); i++) {
            LeaveGroupRequestData.MemberIdentity m = request.members().get(i);
            members.add(new LeaveGroupResponseData.MemberResponse().setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId()).setErrorCode(result.perMember().get(i).code()));
        }
        return response.setMembers(members);
    }
}
