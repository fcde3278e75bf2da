package io.tributary.broker.group;

import io.tributary.broker.InternalTopic;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.TopicImage;
import java.util.Map;

/**
 * The internal topic {@code __consumer_offsets}: compacted, with {@code offsets.topic.num.partitions} partitions,
 * created the first time a group coordinator is looked up; a group lives in partition
 * {@code abs(groupId.hashCode()) % partitions}.
 */
public final class OffsetsTopic {

    public static final String NAME = "__consumer_offsets";

    private final InternalTopic topic;

    public OffsetsTopic(MetadataNode metadata, GroupConfig config) {
        this.topic = new InternalTopic(metadata, NAME, config.offsetsTopicPartitions(),
                config.offsetsTopicReplicationFactor(), Map.of("cleanup.policy", "compact",
                "segment.bytes", Integer.toString(config.offsetsTopicSegmentBytes())));
    }

    /** Kafka's partition of a group: the absolute value (0 for MIN_VALUE) of the id's hash, mod the count. */
    public static int partitionFor(String groupId, int partitionCount) {
        return InternalTopic.partitionFor(groupId, partitionCount);
    }

    /** The group's partition of the topic as it exists now, or -1 while the topic does not exist. */
    public int partitionFor(String groupId) {
        return topic.partitionFor(groupId);
    }

    /** The topic as committed, or null if it does not exist yet. */
    public TopicImage image() {
        return topic.image();
    }

    /** Asks the controller to create the topic (once at a time); see {@link InternalTopic#create()}. */
    public void create() {
        topic.create();
    }

    /** The topic as the coordinator look-up sees every internal topic. */
    public InternalTopic internalTopic() {
        return topic;
    }
}
