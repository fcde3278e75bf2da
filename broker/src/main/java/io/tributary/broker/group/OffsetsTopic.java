package io.tributary.broker.group;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.TopicImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The internal topic {@code __consumer_offsets}: which of its partitions a group belongs to (Kafka's rule, so a
 * group lands where Kafka would put it), and its creation through the controller the first time a coordinator is
 * looked up — compacted, with {@code offsets.topic.num.partitions} partitions.
 */
public final class OffsetsTopic {

    public static final String NAME = "__consumer_offsets";

    private static final Logger LOG = Logger.getLogger(OffsetsTopic.class.getName());

    private final MetadataNode metadata;
    private final GroupConfig config;
    private final AtomicReference<CompletableFuture<?>> creating = new AtomicReference<>();

    public OffsetsTopic(MetadataNode metadata, GroupConfig config) {
        this.metadata = metadata;
        this.config = config;
    }

    /** Kafka's partition of a group: the absolute value (0 for MIN_VALUE) of the id's hash, mod the count. */
    public static int partitionFor(String groupId, int partitionCount) {
        int hash = groupId.hashCode();
        int abs = hash == Integer.MIN_VALUE ? 0 : Math.abs(hash);
        return abs % partitionCount;
    }

    /** The group's partition of the topic as it exists now, or -1 while the topic does not exist. */
    public int partitionFor(String groupId) {
        TopicImage topic = metadata.image().topic(NAME);
        return topic == null ? -1 : partitionFor(groupId, topic.partitionCount());
    }

    /** The topic as committed, or null if it does not exist yet. */
    public TopicImage image() {
        return metadata.image().topic(NAME);
    }

    /**
     * Asks the controller to create the topic, unless a request is already on its way; the caller answers
     * COORDINATOR_NOT_AVAILABLE meanwhile and the client asks again.
     */
    public void create() {
        CompletableFuture<?> mine = new CompletableFuture<>();
        if (!creating.compareAndSet(null, mine)) {
            return;
        }
        ControllerCommand.NewTopic topic = new ControllerCommand.NewTopic(NAME, config.offsetsTopicPartitions(),
                config.offsetsTopicReplicationFactor(), Map.of(), Map.of("cleanup.policy", "compact",
                "segment.bytes", Integer.toString(config.offsetsTopicSegmentBytes())));
        metadata.submit(new ControllerCommand.CreateTopics(List.of(topic), false)).whenComplete((r, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "could not create " + NAME + ": " + failure.getMessage());
            }
            creating.set(null);
            mine.complete(null);
        });
    }
}
