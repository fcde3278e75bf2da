package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DeleteGroupsRequestData;
import io.tributary.protocol.message.DeleteGroupsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteGroups: removes empty groups and their committed offsets (tombstones in {@code __consumer_offsets});
 * NON_EMPTY_GROUP while members are in, GROUP_ID_NOT_FOUND for a group with neither members nor offsets.
 */
public final class DeleteGroupsHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;

    public DeleteGroupsHandler(GroupCoordinatorService coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DeleteGroupsRequestData request = (DeleteGroupsRequestData) body;
        return coordinator.run((c, now) -> {
            List<DeleteGroupsResponseData.DeletableGroupResult> results = new ArrayList<>();
            for (String groupId : request.groupsNames()) {
                Errors error = c.deleteGroup(groupId, now);
                results.add(new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId)
                        .setErrorCode(error.code()));
            }
            return (ApiMessage) new DeleteGroupsResponseData().setResults(results);
        });
    }
}
