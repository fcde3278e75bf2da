package io.tributary.broker.handler;

import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.Message;
import java.util.UUID;

/**
 * Finds the partition a request names — by topic name in older versions, by topic id in newer ones — and says
 * why not when it cannot: the error a Kafka client expects for an unknown topic, an unknown topic id, or a
 * partition this broker does not lead.
 */
final class PartitionLookup {

    /** The partition, or the error to answer with. */
    record Found(Partition partition, Errors error, String topicName) {
    }

    private final MetadataNode metadata;
    private final PartitionManager partitions;
    private final int brokerId;

    PartitionLookup(MetadataNode metadata, PartitionManager partitions, int brokerId) {
        this.metadata = metadata;
        this.partitions = partitions;
        this.brokerId = brokerId;
    }

    /** The topic's name, from the request's name or (when that is absent) its id; null if unknown. */
    String topicName(String name, UUID topicId) {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        if (topicId == null || topicId.equals(Message.ZERO_UUID)) {
            return null;
        }
        TopicImage topic = partitions.publishedImage().topic(topicId);
        return topic == null ? null : topic.name();
    }

    /** The partition this broker leads, for a produce, fetch or offset lookup. */
    Found leader(String name, UUID topicId, int index) {
        String topic = topicName(name, topicId);
        if (topic == null) {
            return new Found(null, name == null || name.isEmpty() ? Errors.UNKNOWN_TOPIC_ID
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION, null);
        }
        Partition partition = partitions.partition(topic, index);
        if (partition == null) {
            TopicImage image = partitions.publishedImage().topic(topic);
            boolean exists = image != null && index >= 0 && index < image.partitionCount();
            return new Found(null, exists ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    topic);
        }
        if (!partition.isLeader(brokerId)) {
            return new Found(null, Errors.NOT_LEADER_OR_FOLLOWER, topic);
        }
        return new Found(partition, Errors.NONE, topic);
    }

    /**
     * The partition if this broker hosts it, leading or following: a consumer may read from a follower (KIP-392,
     * Fetch v11+), up to the follower's high watermark.
     */
    Found replica(String name, UUID topicId, int index) {
        Found leader = leader(name, topicId, index);
        if (leader.error() != Errors.NOT_LEADER_OR_FOLLOWER) {
            return leader;
        }
        Partition partition = partitions.partition(leader.topicName(), index);
        return partition == null ? leader : new Found(partition, Errors.NONE, leader.topicName());
    }

    int brokerId() {
        return brokerId;
    }

    /** Checks the leader epoch a client believes in, as Kafka does (-1 = not checked). */
    static Errors checkEpoch(Partition partition, int currentLeaderEpoch) {
        if (currentLeaderEpoch < 0 || currentLeaderEpoch == partition.leaderEpoch()) {
            return Errors.NONE;
        }
        return currentLeaderEpoch < partition.leaderEpoch() ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
    }
}
