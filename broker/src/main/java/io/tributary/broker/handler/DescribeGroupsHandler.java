package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeGroupsRequestData;
import io.tributary.protocol.message.DescribeGroupsResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups: state, protocol type, selected protocol and members (client id and host; metadata and
 * assignment once Stable) — what {@code kafka-consumer-groups --describe} shows. An unknown group is Dead with no
 * error before v6, GROUP_ID_NOT_FOUND from v6 on; a group another broker coordinates is NOT_COORDINATOR.
 */
public final class DescribeGroupsHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final Access access;

    public DescribeGroupsHandler(GroupCoordinatorService coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DescribeGroupsRequestData request = (DescribeGroupsRequestData) body;
        short version = context.apiVersion();
        // asked here, not on the coordinator's thread
        Set<String> allowed = new HashSet<>(access.filter(context, AclOperation.DESCRIBE, ResourceType.GROUP,
                request.groups()));
        return coordinator.run((c, now) -> {
            List<DescribeGroupsResponseData.DescribedGroup> groups = new ArrayList<>();
            for (String groupId : request.groups()) {
                groups.add(allowed.contains(groupId) ? describe(c, groupId, version) : refused(groupId));
            }
            return (ApiMessage) new DescribeGroupsResponseData().setGroups(groups);
        });
    }

    private static DescribeGroupsResponseData.DescribedGroup refused(String groupId) {
        return new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId).setGroupState("")
                .setProtocolType("").setProtocolData("").setMembers(new ArrayList<>())
                .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code());
    }

    private static DescribeGroupsResponseData.DescribedGroup describe(GroupCoordinator c, String groupId,
                                                                      short version) {
        Errors status = c.status(groupId);
        DescribeGroupsResponseData.DescribedGroup group = status == Errors.NONE ? c.describe(groupId) : null;
        if (group != null) {
            return group;
        }
        DescribeGroupsResponseData.DescribedGroup dead = new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(groupId).setGroupState("Dead").setProtocolType("").setProtocolData("")
                .setMembers(new ArrayList<>());
        if (status != Errors.NONE) {
            return dead.setErrorCode(status.code());
        }
        if (version >= 6) {
            dead.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + groupId + " not found.");
        }
        return dead;
    }
}
