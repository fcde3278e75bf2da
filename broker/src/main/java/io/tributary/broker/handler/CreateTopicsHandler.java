package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.CreateTopicsRequestData;
import io.tributary.protocol.message.CreateTopicsResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics through the controller: partitions and replication factor -1 take the cluster defaults,
 * manual assignments and configs pass through; the controller's per-topic errors (TOPIC_ALREADY_EXISTS,
 * INVALID_REPLICATION_FACTOR, INVALID_CONFIG, …) are answered as they are.
 */
public final class CreateTopicsHandler implements ApiHandler {

    private final MetadataNode metadata;

    public CreateTopicsHandler(MetadataNode metadata) {
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        CreateTopicsRequestData request = (CreateTopicsRequestData) body;
        List<ControllerCommand.NewTopic> topics = new ArrayList<>();
        for (CreateTopicsRequestData.CreatableTopic t : request.topics()) {
            Map<Integer, List<Integer>> assignments = new HashMap<>();
            for (CreateTopicsRequestData.CreatableReplicaAssignment a : t.assignments()) {
                assignments.put(a.partitionIndex(), a.brokerIds());
            }
            Map<String, String> configs = new HashMap<>();
            for (CreateTopicsRequestData.CreatableTopicConfig c : t.configs()) {
                configs.put(c.name(), c.value());
            }
            topics.add(new ControllerCommand.NewTopic(t.name(), t.numPartitions(), t.replicationFactor(),
                    assignments, configs));
        }
        return metadata.submit(new ControllerCommand.CreateTopics(topics, request.validateOnly()))
                .handle((results, failure) -> {
                    List<CreateTopicsResponseData.CreatableTopicResult> out = new ArrayList<>();
                    for (int i = 0; i < request.topics().size(); i++) {
                        CreateTopicsRequestData.CreatableTopic asked = request.topics().get(i);
                        CreateTopicsResponseData.CreatableTopicResult r = new CreateTopicsResponseData
                                .CreatableTopicResult().setName(asked.name()).setNumPartitions(-1)
                                .setReplicationFactor((short) -1);
                        if (failure != null) {
                            r.setErrorCode(Errors.NOT_CONTROLLER.code()).setErrorMessage(failure.getMessage());
                        } else {
                            ControllerCommand.CreateTopics.TopicResult result = results.get(asked.name());
                            if (result == null) {
                                out.add(r.setErrorCode(Errors.INVALID_REQUEST.code()));
                                continue;
                            }
                            r.setErrorCode(result.error().error().code()).setErrorMessage(result.error().message());
                            if (result.topicId() != null) {
                                r.setTopicId(result.topicId());
                            }
                            r.setNumPartitions(result.numPartitions())
                                    .setReplicationFactor((short) result.replicationFactor());
                        }
                        out.add(r);
                    }
                    return (ApiMessage) new CreateTopicsResponseData().setTopics(out);
                });
    }
}
