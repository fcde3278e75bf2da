package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.group.TopicCatalog;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareStateException;
import io.tributary.broker.share.ShareStateSummary;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterShareGroupOffsetsRequestData;
import io.tributary.protocol.message.AlterShareGroupOffsetsResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * AlterShareGroupOffsets (KIP-932, {@code Admin.alterShareGroupOffsets}, {@code kafka-share-groups --reset-offsets}):
 * starts share-partitions of an empty share group afresh at the given start offsets. The group coordinator checks
 * the group (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP) and records the topics for it in {@code __consumer_offsets} first,
 * so they are known even if what follows fails half-way; then each partition is initialized through the persister
 * with its stored state epoch + 1 (fencing its current leader's writes). An unknown topic or partition is
 * UNKNOWN_TOPIC_OR_PARTITION. As in Kafka, READ on the group is needed (else GROUP_AUTHORIZATION_FAILED) and READ on
 * each topic (else TOPIC_AUTHORIZATION_FAILED for its partitions, which are left alone; with no topic allowed, the
 * group is not looked at).
 */
public final class AlterShareGroupOffsetsHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final SharePartitionStates states;
    private final Access access;

    public AlterShareGroupOffsetsHandler(GroupCoordinatorService coordinator, MetadataNode metadata,
                                         SharePartitionStates states, Access access) {
        this.access = access;
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.states = states;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AlterShareGroupOffsetsRequestData request = (AlterShareGroupOffsetsRequestData) body;
        if (!access.allows(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new AlterShareGroupOffsetsResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code())
                    .setErrorMessage(Errors.GROUP_AUTHORIZATION_FAILED.message()));
        }
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        Map<UUID, String> known = new LinkedHashMap<>();
        Set<String> refused = new HashSet<>();
        for (AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic t : request.topics()) {
            TopicCatalog.Topic topic = catalog.byName(t.topicName());
            if (!access.allows(context, AclOperation.READ, ResourceType.TOPIC, t.topicName())) {
                refused.add(t.topicName());
            } else if (topic != null) {
                known.put(topic.id(), topic.name());
            }
        }
        if (!request.topics().isEmpty() && request.topics().stream().allMatch(t -> refused.contains(t.topicName()))) {
            // nothing the principal may alter: answered for its topics alone, as Kafka does, whatever the group is
            return alter(request, new GroupCoordinator.ShareGroupTopics(Errors.NONE, null, Map.of()), catalog,
                    refused);
        }
        return coordinator.run((c, now) -> c.recordShareTopics(request.groupId(), known, now))
                .thenCompose(target -> alter(request, target, catalog, refused));
    }

    private CompletableFuture<ApiMessage> alter(AlterShareGroupOffsetsRequestData request,
                                                GroupCoordinator.ShareGroupTopics target, TopicCatalog catalog,
                                                Set<String> refused) {
        AlterShareGroupOffsetsResponseData response = new AlterShareGroupOffsetsResponseData();
        if (target.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(response.setErrorCode(target.error().code())
                    .setErrorMessage(target.message() != null ? target.message() : target.error().message()));
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic rt : request.topics()) {
            TopicCatalog.Topic t = catalog.byName(rt.topicName());
            var topic = new AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopic()
                    .setTopicName(rt.topicName()).setTopicId(t == null ? new UUID(0, 0) : t.id());
            for (AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestPartition rp : rt.partitions()) {
                var partition = new AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponsePartition()
                        .setPartitionIndex(rp.partitionIndex());
                topic.partitions().add(partition);
                if (refused.contains(rt.topicName())) {
                    partition.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                            .setErrorMessage(Errors.TOPIC_AUTHORIZATION_FAILED.message());
                    continue;
                }
                if (t == null || rp.partitionIndex() < 0 || rp.partitionIndex() >= t.partitions()) {
                    partition.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                            .setErrorMessage(Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
                    continue;
                }
                SharePartitionKey key = new SharePartitionKey(request.groupId(), t.id(), rp.partitionIndex());
                writes.add(initialize(key, rp.startOffset()).handle((v, failure) -> {
                    if (failure != null) {
                        Errors error = ShareStateException.errorOf(failure);
                        partition.setErrorCode(error.code()).setErrorMessage(error.message());
                    }
                    return null;
                }));
            }
            response.responses().add(topic);
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(v -> response);
    }

    /** Initializes the share-partition at {@code startOffset} with the stored state epoch + 1 (0 if none). */
    private CompletableFuture<Void> initialize(SharePartitionKey key, long startOffset) {
        try {
            return states.persister().summary(key).thenCompose((ShareStateSummary summary) -> states.persister()
                    .initialize(key, summary == null ? 0 : summary.stateEpoch() + 1, startOffset));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
