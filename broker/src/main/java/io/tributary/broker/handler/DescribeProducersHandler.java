package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.log.Log;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeProducersRequestData;
import io.tributary.protocol.message.DescribeProducersResponseData.PartitionResponse;
import io.tributary.protocol.message.DescribeProducersResponseData.ProducerState;
import io.tributary.protocol.message.DescribeProducersResponseData.TopicResponse;
import io.tributary.protocol.message.DescribeProducersResponseData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeProducers (KIP-664): the producer state a partition's log keeps — per producer id its epoch, last
 * sequence and timestamp, the epoch of the coordinator that last wrote it a marker, and the first offset of its
 * open transaction (-1 if none). Kafka's {@code kafka-transactions describe-producers}, {@code find-hanging} and
 * {@code abort} read it. Each partition answers on its own: UNKNOWN_TOPIC_OR_PARTITION for a partition the cluster
 * does not have, NOT_LEADER_OR_FOLLOWER for one this broker does not lead (Kafka also answers from a follower's
 * replica; followers come with replication), INVALID_TOPIC_EXCEPTION for an empty topic name.
 */
public final class DescribeProducersHandler implements ApiHandler {

    /** The log of a partition this broker serves, or the error to answer for it. */
    record Replica(Log log, Errors error) {
    }

    /** Finds the replica a request names. */
    @FunctionalInterface
    interface Replicas {
        Replica find(String topic, int partition);
    }

    private final Replicas replicas;
    private final Access access;

    public DescribeProducersHandler(PartitionLookup lookup, Access access) {
        this((topic, index) -> {
            PartitionLookup.Found found = lookup.leader(topic, null, index);
            return found.partition() == null ? new Replica(null, found.error())
                    : new Replica(found.partition().log(), Errors.NONE);
        }, access);
    }

    DescribeProducersHandler(Replicas replicas) {
        this(replicas, Access.OPEN);
    }

    DescribeProducersHandler(Replicas replicas, Access access) {
        this.replicas = replicas;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DescribeProducersRequestData request = (DescribeProducersRequestData) body;
        List<TopicResponse> topics = new ArrayList<>();
        for (DescribeProducersRequestData.TopicRequest topic : request.topics()) {
            List<PartitionResponse> partitions = new ArrayList<>();
            // Kafka's order: an invalid name, then READ on the topic, then the replica
            boolean denied = topic.name() != null && !topic.name().isEmpty()
                    && !access.allows(context, AclOperation.READ, ResourceType.TOPIC, topic.name());
            for (int index : topic.partitionIndexes()) {
                partitions.add(denied ? new PartitionResponse().setPartitionIndex(index)
                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()) : describe(topic.name(), index));
            }
            topics.add(new TopicResponse().setName(topic.name()).setPartitions(partitions));
        }
        return CompletableFuture.completedFuture(new DescribeProducersResponseData().setTopics(topics));
    }

    private PartitionResponse describe(String topic, int index) {
        PartitionResponse result = new PartitionResponse().setPartitionIndex(index);
        if (topic == null || topic.isEmpty()) {
            return result.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code())
                    .setErrorMessage("Topic name is illegal, it can't be empty");
        }
        Replica replica = replicas.find(topic, index);
        if (replica.log() == null) {
            return result.setErrorCode(replica.error().code());
        }
        List<ProducerState> producers = new ArrayList<>();
        List<Log.ProducerInfo> active = new ArrayList<>(replica.log().activeProducers());
        active.sort(Comparator.comparingLong(Log.ProducerInfo::producerId));
        for (Log.ProducerInfo p : active) {
            producers.add(new ProducerState().setProducerId(p.producerId()).setProducerEpoch(p.epoch())
                    .setLastSequence(p.lastSequence()).setLastTimestamp(p.lastTimestamp())
                    .setCoordinatorEpoch(p.coordinatorEpoch())
                    .setCurrentTxnStartOffset(p.currentTxnStartOffset() < 0 ? -1 : p.currentTxnStartOffset()));
        }
        return result.setErrorCode(Errors.NONE.code()).setActiveProducers(producers);
    }
}
