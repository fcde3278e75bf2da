package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.group.TopicCatalog;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DeleteShareGroupOffsetsRequestData;
import io.tributary.protocol.message.DeleteShareGroupOffsetsResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteShareGroupOffsets (KIP-932, {@code Admin.deleteShareGroupOffsets}): deletes the share-partition state of
 * every partition of the named topics for an empty share group, then the group coordinator forgets those topics
 * (so a crash in between leaves them recorded, and a retry deletes again). The group coordinator checks the group
 * first (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP); an unknown topic is UNKNOWN_TOPIC_OR_PARTITION. As in Kafka, DELETE on
 * the group is needed (else GROUP_AUTHORIZATION_FAILED) and READ on each topic (else TOPIC_AUTHORIZATION_FAILED).
 */
public final class DeleteShareGroupOffsetsHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final SharePartitionStates states;
    private final Access access;

    public DeleteShareGroupOffsetsHandler(GroupCoordinatorService coordinator, MetadataNode metadata,
                                          SharePartitionStates states, Access access) {
        this.access = access;
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.states = states;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DeleteShareGroupOffsetsRequestData request = (DeleteShareGroupOffsetsRequestData) body;
        if (!access.allows(context, AclOperation.DELETE, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new DeleteShareGroupOffsetsResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())
                    .setErrorMessage(Errors.GROUP_AUTHORIZATION_FAILED.message()));
        }
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        Set<String> refused = new HashSet<>();
        request.topics().forEach(t -> {
            if (!access.allows(context, AclOperation.READ, ResourceType.TOPIC, t.topicName())) {
                refused.add(t.topicName());
            }
        });
        return coordinator.run((c, now) -> c.shareGroupTopics(request.groupId(), true))
                .thenCompose(target -> delete(request, target, catalog, refused));
    }

    private CompletableFuture<ApiMessage> delete(DeleteShareGroupOffsetsRequestData request,
                                                 GroupCoordinator.ShareGroupTopics target, TopicCatalog catalog,
                                                 Set<String> refused) {
        DeleteShareGroupOffsetsResponseData response = new DeleteShareGroupOffsetsResponseData();
        if (target.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(response.setErrorCode(target.error().code())
                    .setErrorMessage(target.message() != null ? target.message() : target.error().message()));
        }
        List<CompletableFuture<Void>> deletions = new ArrayList<>();
        Set<UUID> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (DeleteShareGroupOffsetsRequestData.DeleteShareGroupOffsetsRequestTopic rt : request.topics()) {
            TopicCatalog.Topic t = catalog.byName(rt.topicName());
            var topic = new DeleteShareGroupOffsetsResponseData.DeleteShareGroupOffsetsResponseTopic()
                    .setTopicName(rt.topicName()).setTopicId(t == null ? new UUID(0, 0) : t.id());
            response.responses().add(topic);
            if (refused.contains(rt.topicName())) {
                topic.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                        .setErrorMessage(Errors.TOPIC_AUTHORIZATION_FAILED.message());
            } else if (t == null) {
                topic.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage(Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
            } else if (target.topics().containsKey(t.id())) {
                deletions.add(states.deleteAll(request.groupId(), Map.of(t.id(), t.partitions())).thenAccept(e -> {
                    if (e == Errors.NONE) {
                        deleted.add(t.id());
                    } else {
                        topic.setErrorCode(e.code()).setErrorMessage(e.message());
                    }
                }));
            }
        }
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new))
                .thenCompose(v -> deleted.isEmpty() ? CompletableFuture.completedFuture(Errors.NONE)
                        : coordinator.run((c, now) -> c.forgetShareTopics(request.groupId(), new HashSet<>(deleted),
                                now)))
                .thenApply(error -> {
                    if (error != Errors.NONE) {
                        response.setErrorCode(error.code()).setErrorMessage(error.message());
                    }
                    return response;
                });
    }
}
