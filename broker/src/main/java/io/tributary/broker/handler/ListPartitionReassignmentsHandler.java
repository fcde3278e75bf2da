package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand.ListPartitionReassignments.Ongoing;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.TopicPartition;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ListPartitionReassignmentsRequestData;
import io.tributary.protocol.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import io.tributary.protocol.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import io.tributary.protocol.message.ListPartitionReassignmentsResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * ListPartitionReassignments (v0) through the controller, which answers from its newest state: the reassignments in
 * progress among the partitions asked for (a null topic list: all of them), each with its replicas and those being
 * added and removed; partitions that do not exist or are not being reassigned are left out, as in Kafka. A failed
 * command is the top-level error.
 */
public final class ListPartitionReassignmentsHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final Access access;

    public ListPartitionReassignmentsHandler(MetadataNode metadata) {
        this(metadata, Access.OPEN);
    }

    public ListPartitionReassignmentsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ListPartitionReassignmentsRequestData request = (ListPartitionReassignmentsRequestData) body;
        if (!access.allowsCluster(context, AclOperation.DESCRIBE)) {
            ApiError denied = Access.clusterDenied(AclOperation.DESCRIBE);
            return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponseData()
                    .setErrorCode(denied.error().code()).setErrorMessage(denied.message()));
        }
        List<TopicPartition> partitions = null;
        if (request.topics() != null) {
            partitions = new ArrayList<>();
            for (ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics t : request.topics()) {
                for (int p : t.partitionIndexes()) {
                    partitions.add(new TopicPartition(t.name(), p));
                }
            }
            if (partitions.isEmpty()) {
                return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponseData());
            }
        }
        return metadata.submit(new ControllerCommand.ListPartitionReassignments(partitions))
                .handle((ongoing, failure) -> {
                    if (failure != null) {
                        ApiError error = ControllerFailure.of(failure);
                        return (ApiMessage) new ListPartitionReassignmentsResponseData()
                                .setErrorCode(error.error().code()).setErrorMessage(error.messageOrDefault());
                    }
                    return answer(ongoing);
                });
    }

    private static ApiMessage answer(Map<TopicPartition, Ongoing> ongoing) {
        Map<String, List<OngoingPartitionReassignment>> byTopic = new LinkedHashMap<>();
        ongoing.forEach((tp, o) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new OngoingPartitionReassignment().setPartitionIndex(tp.partition())
                        .setReplicas(new ArrayList<>(o.replicas()))
                        .setAddingReplicas(new ArrayList<>(o.addingReplicas()))
                        .setRemovingReplicas(new ArrayList<>(o.removingReplicas()))));
        List<OngoingTopicReassignment> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new OngoingTopicReassignment().setName(topic)
                .setPartitions(partitions)));
        return new ListPartitionReassignmentsResponseData().setTopics(topics);
    }
}
