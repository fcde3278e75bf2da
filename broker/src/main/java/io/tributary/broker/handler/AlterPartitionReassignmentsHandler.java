package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.TopicPartition;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterPartitionReassignmentsRequestData;
import io.tributary.protocol.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import io.tributary.protocol.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import io.tributary.protocol.message.AlterPartitionReassignmentsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterPartitionReassignments (v0–v1, KIP-455) through the controller: each partition's target replicas start (or
 * replace) its reassignment, a null target cancels it. Per-partition errors are the controller's
 * (UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT, NO_REASSIGNMENT_IN_PROGRESS, and with v1's
 * {@code allowReplicationFactorChange} false, INVALID_REPLICATION_FACTOR). When the command fails as a whole (no
 * controller answered, …) its error is the top-level error code and each partition's. The answer comes once this
 * broker's metadata shows every accepted change; the request's {@code timeoutMs} is not used (the controller
 * forwarding has its own).
 */
public final class AlterPartitionReassignmentsHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final Access access;

    public AlterPartitionReassignmentsHandler(MetadataNode metadata) {
        this(metadata, Access.OPEN);
    }

    public AlterPartitionReassignmentsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AlterPartitionReassignmentsRequestData request = (AlterPartitionReassignmentsRequestData) body;
        List<ControllerCommand.Reassignment> partitions = new ArrayList<>();
        for (AlterPartitionReassignmentsRequestData.ReassignableTopic t : request.topics()) {
            for (AlterPartitionReassignmentsRequestData.ReassignablePartition p : t.partitions()) {
                partitions.add(new ControllerCommand.Reassignment(new TopicPartition(t.name(), p.partitionIndex()),
                        p.replicas()));
            }
        }
        boolean allowRfChange = context.apiVersion() < 1 || request.allowReplicationFactorChange();
        ApiError denied = access.allowsCluster(context, AclOperation.ALTER) ? null
                : Access.clusterDenied(AclOperation.ALTER);
        CompletableFuture<Map<TopicPartition, ApiError>> submitted = partitions.isEmpty() || denied != null
                ? CompletableFuture.completedFuture(Map.of())
                : metadata.submit(new ControllerCommand.AlterPartitionReassignments(partitions, allowRfChange));
        return submitted.handle((results, failure) -> {
            ApiError whole = denied != null ? denied : failure == null ? ApiError.NONE : ControllerFailure.of(failure);
            List<ReassignableTopicResponse> topics = new ArrayList<>();
            for (AlterPartitionReassignmentsRequestData.ReassignableTopic t : request.topics()) {
                List<ReassignablePartitionResponse> out = new ArrayList<>();
                for (AlterPartitionReassignmentsRequestData.ReassignablePartition p : t.partitions()) {
                    ApiError error = !whole.isSuccess() ? whole
                            : results.get(new TopicPartition(t.name(), p.partitionIndex()));
                    if (error == null) {
                        error = ApiError.of(Errors.UNKNOWN_SERVER_ERROR, "the controller did not answer for it");
                    }
                    out.add(new ReassignablePartitionResponse().setPartitionIndex(p.partitionIndex())
                            .setErrorCode(error.error().code())
                            .setErrorMessage(error.isSuccess() ? null : error.messageOrDefault()));
                }
                topics.add(new ReassignableTopicResponse().setName(t.name()).setPartitions(out));
            }
            return (ApiMessage) new AlterPartitionReassignmentsResponseData()
                    .setAllowReplicationFactorChange(allowRfChange)
                    .setErrorCode(whole.error().code())
                    .setErrorMessage(whole.isSuccess() ? null : whole.messageOrDefault())
                    .setResponses(topics);
        });
    }
}
