package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.CreateTopicsRequestData;
import io.tributary.protocol.message.CreateTopicsResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * CreateTopics through the controller: partitions and replication factor -1 take the cluster defaults,
 * manual assignments and configs pass through; the controller's per-topic errors (TOPIC_ALREADY_EXISTS,
 * INVALID_REPLICATION_FACTOR, INVALID_CONFIG, …) are answered as they are.
 */
public final class CreateTopicsHandler implements ApiHandler {

    private final MetadataNode metadata;

    private final Access access;

    public CreateTopicsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        CreateTopicsRequestData request = (CreateTopicsRequestData) body;
        List<ControllerCommand.NewTopic> topics = new ArrayList<>();
        // Kafka: CREATE on the cluster covers every topic, else CREATE on each
        boolean createOnCluster = access.allowsCluster(context, AclOperation.CREATE);
        Predicate<String> mayCreate = createOnCluster ? name -> true
                : access.allowing(context, AclOperation.CREATE, ResourceType.TOPIC);
        Predicate<String> mayDescribeConfigs = access.allowing(context, AclOperation.DESCRIBE_CONFIGS,
                ResourceType.TOPIC);
        for (CreateTopicsRequestData.CreatableTopic t : request.topics()) {
            if (!mayCreate.test(t.name())) {
                continue;
            }
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
        CompletableFuture<Map<String, ControllerCommand.CreateTopics.TopicResult>> submitted = topics.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : metadata.submit(new ControllerCommand.CreateTopics(topics, request.validateOnly()));
        return submitted.handle((results, failure) -> {
                    List<CreateTopicsResponseData.CreatableTopicResult> out = new ArrayList<>();
                    for (int i = 0; i < request.topics().size(); i++) {
                        CreateTopicsRequestData.CreatableTopic asked = request.topics().get(i);
                        CreateTopicsResponseData.CreatableTopicResult r = new CreateTopicsResponseData
                                .CreatableTopicResult().setName(asked.name()).setNumPartitions(-1)
                                .setReplicationFactor((short) -1);
                        if (!mayDescribeConfigs.test(asked.name())) {   // Kafka: its configs are not shown
                            r.setTopicConfigErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                        }
                        if (!mayCreate.test(asked.name())) {
                            r.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                                    .setErrorMessage("Authorization failed.");
                        } else if (failure != null) {
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
