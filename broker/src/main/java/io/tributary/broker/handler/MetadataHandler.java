package io.tributary.broker.handler;

import io.tributary.broker.BrokerConfig;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.Message;
import io.tributary.protocol.message.MetadataRequestData;
import io.tributary.protocol.message.MetadataResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Metadata: the live brokers (their PLAINTEXT endpoints), the controller, and for each topic asked for (or all)
 * its id and partitions with leader, leader epoch, replicas and ISR. A topic that does not exist is created when
 * {@code auto.create.topics.enable} and the client allow it (answered LEADER_NOT_AVAILABLE meanwhile, so the
 * client asks again), else UNKNOWN_TOPIC_OR_PARTITION.
 */
public final class MetadataHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final BrokerConfig config;
    private final Access access;

    /** @param metadata the handlers' view, whose image is the one this broker has applied */
    public MetadataHandler(MetadataNode metadata, BrokerConfig config, Access access) {
        this.metadata = metadata;
        this.config = config;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        MetadataRequestData request = (MetadataRequestData) body;
        MetadataImage image = metadata.image();
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(config.quorum().clusterId())
                .setControllerId(metadata.controllerId().orElse(-1))
                .setBrokers(brokers(image, context.listenerName()));
        List<MetadataResponseData.MetadataResponseTopic> topics = new ArrayList<>();
        // what is answered with the topic's authorized operations: every entry but the authorization failures
        List<MetadataResponseData.MetadataResponseTopic> described = new ArrayList<>();
        Predicate<String> mayDescribe = access.allowing(context, AclOperation.DESCRIBE, ResourceType.TOPIC);
        if (request.topics() == null) {
            // all topics: only those the principal may describe, the others not even named
            image.topics().values().stream().filter(t -> mayDescribe.test(t.name()))
                    .forEach(t -> topics.add(describe(t)));
            described.addAll(topics);
        } else {
            List<ControllerCommand.NewTopic> toCreate = new ArrayList<>();
            boolean autoCreate = config.autoCreateTopics() && request.allowAutoTopicCreation();
            for (MetadataRequestData.MetadataRequestTopic asked : request.topics()) {
                // by id whenever an id is given: kafka-clients' Admin sends the name's default, "", with it
                boolean byId = asked.topicId() != null && !asked.topicId().equals(Message.ZERO_UUID)
                        && (asked.name() == null || asked.name().isEmpty());
                TopicImage topic = byId ? image.topic(asked.topicId())
                        : asked.name() != null ? image.topic(asked.name()) : null;
                if (byId && topic != null && !mayDescribe.test(topic.name())) {
                    // asked by id: ids are not secret, so the failure names the id (Kafka) but not the name
                    topics.add(new MetadataResponseData.MetadataResponseTopic().setTopicId(topic.id())
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                } else if (!byId && asked.name() != null && !mayDescribe.test(asked.name())) {
                    // whether it exists or not: existence is not revealed
                    topics.add(new MetadataResponseData.MetadataResponseTopic().setName(asked.name())
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                } else if (topic != null) {
                    described.add(describe(topic));
                    topics.add(described.get(described.size() - 1));
                } else if (byId || asked.name() == null) {
                    topics.add(new MetadataResponseData.MetadataResponseTopic().setErrorCode(
                            Errors.UNKNOWN_TOPIC_ID.code()).setTopicId(asked.topicId()));
                } else if (autoCreate && !access.allowsCluster(context, AclOperation.CREATE)
                        && !access.allows(context, AclOperation.CREATE, ResourceType.TOPIC, asked.name())) {
                    // auto-creation needs CREATE on the cluster or on the topic
                    topics.add(new MetadataResponseData.MetadataResponseTopic().setName(asked.name())
                            .setIsInternal(asked.name().startsWith("__"))
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                } else if (autoCreate) {
                    toCreate.add(ControllerCommand.NewTopic.of(asked.name(), -1, -1));
                    described.add(new MetadataResponseData.MetadataResponseTopic().setName(asked.name())
                            .setErrorCode(Errors.LEADER_NOT_AVAILABLE.code()));
                    topics.add(described.get(described.size() - 1));
                } else {
                    described.add(new MetadataResponseData.MetadataResponseTopic().setName(asked.name())
                            .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
                    topics.add(described.get(described.size() - 1));
                }
            }
            if (!toCreate.isEmpty()) {
                // Fire and forget: the client retries Metadata until the topic has a leader.
                metadata.submit(new ControllerCommand.CreateTopics(toCreate, false));
            }
        }
        if (context.apiVersion() >= 8) {   // Kafka's authorized-operations bit fields, when asked for
            if (request.includeTopicAuthorizedOperations()) {
                described.forEach(t -> t.setTopicAuthorizedOperations(
                        access.authorizedOperations(context, ResourceType.TOPIC, t.name())));
            }
            if (context.apiVersion() <= 10 && request.includeClusterAuthorizedOperations()) {
                response.setClusterAuthorizedOperations(access.allowsCluster(context, AclOperation.DESCRIBE)
                        ? access.authorizedOperations(context, ResourceType.CLUSTER, Access.CLUSTER_NAME) : 0);
            }
        }
        return CompletableFuture.completedFuture(response.setTopics(topics));
    }

    /** Active brokers with their endpoint on {@code listener}; a broker without one is left out, as Kafka does. */
    private List<MetadataResponseData.MetadataResponseBroker> brokers(MetadataImage image, String listener) {
        List<MetadataResponseData.MetadataResponseBroker> brokers = new ArrayList<>();
        for (BrokerRegistration b : image.brokers().values()) {
            if (!b.isActive()) {
                continue;
            }
            for (Endpoint e : b.endpoints()) {
                if (e.listener().equals(listener)) {
                    brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(b.id())
                            .setHost(e.host()).setPort(e.port()).setRack(b.rack()));
                }
            }
        }
        return brokers;
    }

    private static MetadataResponseData.MetadataResponseTopic describe(TopicImage topic) {
        List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>();
        for (int i = 0; i < topic.partitionCount(); i++) {
            PartitionRegistration p = topic.partition(i);
            List<Integer> offline = new ArrayList<>();
            partitions.add(new MetadataResponseData.MetadataResponsePartition()
                    .setPartitionIndex(i)
                    .setErrorCode(p.hasLeader() ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code())
                    .setLeaderId(p.leader())
                    .setLeaderEpoch(p.leaderEpoch())
                    .setReplicaNodes(p.replicas())
                    .setIsrNodes(p.isr())
                    .setOfflineReplicas(offline));
        }
        return new MetadataResponseData.MetadataResponseTopic().setName(topic.name()).setTopicId(topic.id())
                .setIsInternal(topic.name().startsWith("__")).setPartitions(partitions);
    }
}
