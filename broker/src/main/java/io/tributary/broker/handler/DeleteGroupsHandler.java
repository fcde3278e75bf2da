package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.group.TopicCatalog;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.cluster.MetadataNode;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DeleteGroupsRequestData;
import io.tributary.protocol.message.DeleteGroupsResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteGroups: removes empty groups and their committed offsets (tombstones in {@code __consumer_offsets});
 * NON_EMPTY_GROUP while members are in, GROUP_ID_NOT_FOUND for a group with neither members nor offsets. An empty
 * share group's share-partition state is deleted through the persister first (off the coordinator thread), then the
 * group itself (a tombstone of its record); a failed state deletion is answered as the group's error and leaves the
 * group in place.
 */
public final class DeleteGroupsHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final SharePartitionStates states;
    private final Access access;

    public DeleteGroupsHandler(GroupCoordinatorService coordinator, MetadataNode metadata,
                               SharePartitionStates states, Access access) {
        this.access = access;
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.states = states;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DeleteGroupsRequestData request = (DeleteGroupsRequestData) body;
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        Map<String, GroupCoordinator.ShareGroupTopics> shareGroups = new HashMap<>();
        List<String> allowed = access.filter(context, AclOperation.DELETE, ResourceType.GROUP, request.groupsNames());
        return coordinator.run((c, now) -> {
            Map<String, Errors> results = new HashMap<>();
            request.groupsNames().forEach(g -> results.put(g, Errors.GROUP_AUTHORIZATION_FAILED));
            for (String groupId : allowed) {
                if (c.isShareGroup(groupId)) {
                    GroupCoordinator.ShareGroupTopics target = c.shareGroupTopics(groupId, true);
                    if (target.error() == Errors.NONE) {
                        shareGroups.put(groupId, target);
                        continue;
                    }
                    results.put(groupId, target.error());
                } else {
                    results.put(groupId, c.deleteGroup(groupId, now));
                }
            }
            return results;
        }).thenCompose(results -> deleteShareGroups(shareGroups, catalog).thenApply(shareResults -> {
            results.putAll(shareResults);
            List<DeleteGroupsResponseData.DeletableGroupResult> out = new ArrayList<>();
            for (String groupId : request.groupsNames()) {
                out.add(new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId)
                        .setErrorCode(results.get(groupId).code()));
            }
            return (ApiMessage) new DeleteGroupsResponseData().setResults(out);
        }));
    }

    /** Deletes each share group's share-partition states, then (where that worked) the group. */
    private CompletableFuture<Map<String, Errors>> deleteShareGroups(
            Map<String, GroupCoordinator.ShareGroupTopics> groups, TopicCatalog catalog) {
        if (groups.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Map<String, CompletableFuture<Errors>> deletions = new HashMap<>();
        groups.forEach((groupId, target) -> {
            Map<UUID, Integer> topics = new HashMap<>();
            target.topics().keySet().forEach(id -> {
                TopicCatalog.Topic t = catalog.byId(id);
                if (t != null) {
                    topics.put(id, t.partitions());
                }
            });
            deletions.put(groupId, states.deleteAll(groupId, topics));
        });
        return CompletableFuture.allOf(deletions.values().toArray(CompletableFuture[]::new))
                .thenCompose(v -> coordinator.run((c, now) -> {
                    Map<String, Errors> results = new HashMap<>();
                    deletions.forEach((groupId, deleted) -> results.put(groupId,
                            deleted.join() != Errors.NONE ? deleted.join() : c.deleteGroup(groupId, now)));
                    return results;
                }));
    }
}
