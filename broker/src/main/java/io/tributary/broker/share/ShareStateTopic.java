package io.tributary.broker.share;

import io.tributary.broker.InternalTopic;
import io.tributary.cluster.MetadataNode;
import java.util.Map;

/**
 * The internal topic {@code __share_group_state}: compacted, with {@code share.coordinator.state.topic.*}
 * partitions, replicas and segment size, created the first time a share coordinator is looked up (or the share
 * state client first needs it). A share-partition's state lives in partition
 * {@code abs(coordinatorKey.hashCode()) % partitions} of it, the key being Kafka's {@code groupId:topicId:partition}
 * ({@link SharePartitionKey#coordinatorKey()}).
 */
public final class ShareStateTopic {

    public static final String NAME = "__share_group_state";

    private ShareStateTopic() {
    }

    /** The topic as Kafka creates it from the broker's share settings. */
    public static InternalTopic of(MetadataNode metadata, ShareConfig config) {
        return new InternalTopic(metadata, NAME, config.stateTopicPartitions(), config.stateTopicReplicationFactor(),
                Map.of("cleanup.policy", "compact",
                        "segment.bytes", Integer.toString(config.stateTopicSegmentBytes())));
    }

    /** Kafka's partition of a share-partition's state among {@code partitionCount} partitions. */
    public static int partitionFor(SharePartitionKey key, int partitionCount) {
        return InternalTopic.partitionFor(key.coordinatorKey(), partitionCount);
    }
}
