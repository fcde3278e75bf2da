package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.CreatePartitionsRequestData;
import io.tributary.protocol.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import io.tributary.protocol.message.CreatePartitionsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * CreatePartitions through the controller: grows each topic to its new total, with the given assignments or
 * placed by the controller; {@code validateOnly} checks without changing anything. Per-topic errors are the
 * controller's (INVALID_PARTITIONS for a count not above the current one, UNKNOWN_TOPIC_OR_PARTITION,
 * INVALID_REPLICA_ASSIGNMENT, INVALID_REQUEST for a topic named twice, …).
 */
public final class CreatePartitionsHandler implements ApiHandler {

    private final MetadataNode metadata;

    private final Access access;

    public CreatePartitionsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        CreatePartitionsRequestData request = (CreatePartitionsRequestData) body;
        List<ControllerCommand.PartitionIncrease> increases = new ArrayList<>();
        Predicate<String> mayAlter = access.allowing(context, AclOperation.ALTER, ResourceType.TOPIC);
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : request.topics()) {
            if (!mayAlter.test(t.name())) {
                continue;
            }
            List<List<Integer>> assignments = new ArrayList<>();
            if (t.assignments() != null) {
                for (CreatePartitionsRequestData.CreatePartitionsAssignment a : t.assignments()) {
                    assignments.add(List.copyOf(a.brokerIds()));
                }
            }
            increases.add(new ControllerCommand.PartitionIncrease(t.name(), t.count(), assignments));
        }
        CompletableFuture<Map<String, ApiError>> submitted = increases.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : metadata.submit(new ControllerCommand.CreatePartitions(increases, request.validateOnly()));
        return submitted.handle((results, failure) -> {
            List<CreatePartitionsTopicResult> out = new ArrayList<>();
            for (CreatePartitionsRequestData.CreatePartitionsTopic t : request.topics()) {
                ApiError error = !mayAlter.test(t.name())
                        ? ApiError.of(Errors.TOPIC_AUTHORIZATION_FAILED, "The topic authorization is failed.")
                        : failure != null ? ControllerFailure.of(failure) : results.get(t.name());
                if (error == null) {
                    error = ApiError.of(Errors.UNKNOWN_SERVER_ERROR, "the controller did not answer for this topic");
                }
                out.add(new CreatePartitionsTopicResult().setName(t.name()).setErrorCode(error.error().code())
                        .setErrorMessage(error.isSuccess() ? null : error.messageOrDefault()));
            }
            return (ApiMessage) new CreatePartitionsResponseData().setResults(out);
        });
    }
}
