package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ListGroupsRequestData;
import io.tributary.protocol.message.ListGroupsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * ListGroups: the groups this broker coordinates (with membership, or only committed offsets), filtered by state
 * (v4+, case-insensitive) and type (v5+: {@code classic}, {@code consumer}, {@code share}).
 */
public final class ListGroupsHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final Access access;

    public ListGroupsHandler(GroupCoordinatorService coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ListGroupsRequestData request = (ListGroupsRequestData) body;
        List<String> states = lower(request.statesFilter());
        List<String> types = lower(request.typesFilter());
        boolean everyGroup = access.allowsCluster(context, AclOperation.DESCRIBE);
        return coordinator.run((c, now) -> c.listGroups()).thenApply(all -> {
            List<ListGroupsResponseData.ListedGroup> groups = new ArrayList<>();
            for (ListGroupsResponseData.ListedGroup g : all) {
                if ((states.isEmpty() || states.contains(g.groupState().toLowerCase(Locale.ROOT)))
                        && (types.isEmpty() || types.contains(g.groupType().toLowerCase(Locale.ROOT)))
                        && (everyGroup || access.allows(context, AclOperation.DESCRIBE, ResourceType.GROUP,
                                g.groupId()))) {
                    groups.add(g);
                }
            }
            return new ListGroupsResponseData().setGroups(groups);
        });
    }

    private static List<String> lower(List<String> values) {
        return values == null ? List.of() : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
