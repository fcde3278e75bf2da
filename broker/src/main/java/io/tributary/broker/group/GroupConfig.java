package io.tributary.broker.group;

import io.tributary.log.InvalidConfigException;
import java.util.Map;

/**
 * The group coordinator's settings, under Kafka's names and (but for the replication factor, 1 here so a single
 * node works out of the box) Kafka's defaults. A bad value fails startup naming its key.
 *
 * @param offsetsTopicPartitions        {@code offsets.topic.num.partitions}: partitions of {@code __consumer_offsets}
 *                                      when it is created (default 50)
 * @param offsetsTopicReplicationFactor {@code offsets.topic.replication.factor} (default 1)
 * @param offsetsTopicSegmentBytes      {@code offsets.topic.segment.bytes} (default 100 MiB)
 * @param initialRebalanceDelayMs       {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an
 *                                      empty group waits for more members (default 3000)
 * @param minSessionTimeoutMs           {@code group.min.session.timeout.ms} (default 6000)
 * @param maxSessionTimeoutMs           {@code group.max.session.timeout.ms} (default 1800000)
 * @param offsetMetadataMaxBytes        {@code offset.metadata.max.bytes}: longest commit metadata (default 4096)
 */
public record GroupConfig(int offsetsTopicPartitions,
                          short offsetsTopicReplicationFactor,
                          int offsetsTopicSegmentBytes,
                          int initialRebalanceDelayMs,
                          int minSessionTimeoutMs,
                          int maxSessionTimeoutMs,
                          int offsetMetadataMaxBytes) {

    /** Kafka's defaults (replication factor 1). */
    public static GroupConfig defaults() {
        return from(Map.of());
    }

    /** Reads the settings from the node's properties; throws {@link InvalidConfigException} naming a bad key. */
    public static GroupConfig from(Map<String, String> props) {
        int partitions = intValue(props, "offsets.topic.num.partitions", 50, 1);
        int replication = intValue(props, "offsets.topic.replication.factor", 1, 1);
        if (replication > Short.MAX_VALUE) {
            throw new InvalidConfigException("offsets.topic.replication.factor", props.get(
                    "offsets.topic.replication.factor"), "is too large");
        }
        int minSession = intValue(props, "group.min.session.timeout.ms", 6000, 0);
        int maxSession = intValue(props, "group.max.session.timeout.ms", 1_800_000, 0);
        if (maxSession < minSession) {
            throw new InvalidConfigException("group.max.session.timeout.ms", Integer.toString(maxSession),
                    "must not be below group.min.session.timeout.ms (" + minSession + ")");
        }
        return new GroupConfig(partitions, (short) replication,
                intValue(props, "offsets.topic.segment.bytes", 104_857_600, 1),
                intValue(props, "group.initial.rebalance.delay.ms", 3000, 0),
                minSession, maxSession,
                intValue(props, "offset.metadata.max.bytes", 4096, 0));
    }

    private static int intValue(Map<String, String> props, String key, int fallback, int min) {
        String s = props.get(key);
        if (s == null) {
            return fallback;
        }
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, s, "must be a whole number that fits in 32 bits");
        }
        if (v < min) {
            throw new InvalidConfigException(key, s, "must be at least " + min);
        }
        return v;
    }
}
