package io.tributary.broker.group;

import io.tributary.broker.config.Settings;
import io.tributary.log.InvalidConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The group coordinator's settings, under Kafka's names and with Kafka's defaults. A bad value fails startup naming
 * its key.
 *
 * @param offsetsTopicPartitions        {@code offsets.topic.num.partitions}: partitions of {@code __consumer_offsets}
 *                                      when it is created (default 50)
 * @param offsetsTopicReplicationFactor {@code offsets.topic.replication.factor} (default 3; the topic is created with
 *                                      at most as many replicas as brokers are active then, see {@code InternalTopic})
 * @param offsetsTopicSegmentBytes      {@code offsets.topic.segment.bytes} (default 100 MiB)
 * @param initialRebalanceDelayMs       {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an
 *                                      empty group waits for more members (default 3000)
 * @param minSessionTimeoutMs           {@code group.min.session.timeout.ms} (default 6000)
 * @param maxSessionTimeoutMs           {@code group.max.session.timeout.ms} (default 1800000)
 * @param offsetMetadataMaxBytes        {@code offset.metadata.max.bytes}: longest commit metadata (default 4096)
 * @param consumerSessionTimeoutMs      {@code group.consumer.session.timeout.ms}: a consumer-protocol member without
 *                                      a heartbeat for this long is fenced (default 45000)
 * @param consumerHeartbeatIntervalMs   {@code group.consumer.heartbeat.interval.ms}: how often consumer-protocol
 *                                      members heartbeat (default 5000)
 * @param consumerAssignors             {@code group.consumer.assignors}: the server-side assignors, the first one
 *                                      the default ({@code uniform,range})
 * @param offsetsRetentionMs            {@code offsets.retention.minutes} in ms: committed offsets of a group
 *                                      without members expire this long after it emptied or they were committed,
 *                                      whichever is later (default 7 days)
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms} (default 600000)
 */
public record GroupConfig(int offsetsTopicPartitions,
                          short offsetsTopicReplicationFactor,
                          int offsetsTopicSegmentBytes,
                          int initialRebalanceDelayMs,
                          int minSessionTimeoutMs,
                          int maxSessionTimeoutMs,
                          int offsetMetadataMaxBytes,
                          int consumerSessionTimeoutMs,
                          int consumerHeartbeatIntervalMs,
                          List<String> consumerAssignors,
                          long offsetsRetentionMs,
                          long offsetsRetentionCheckIntervalMs) {

    public GroupConfig {
        consumerAssignors = List.copyOf(consumerAssignors);
    }

    /** Kafka's defaults. */
    public static GroupConfig defaults() {
        return from(Map.of());
    }

    /** Reads the settings from the node's properties; throws {@link InvalidConfigException} naming a bad key. */
    public static GroupConfig from(Map<String, String> props) {
        int partitions = Settings.intAtLeast(props, "offsets.topic.num.partitions", 50, 1);
        int replication = Settings.intAtLeast(props, "offsets.topic.replication.factor", 3, 1);
        if (replication > Short.MAX_VALUE) {
            throw new InvalidConfigException("offsets.topic.replication.factor", props.get(
                    "offsets.topic.replication.factor"), "is too large");
        }
        int minSession = Settings.intAtLeast(props, "group.min.session.timeout.ms", 6000, 0);
        int maxSession = Settings.intAtLeast(props, "group.max.session.timeout.ms", 1_800_000, 0);
        if (maxSession < minSession) {
            throw new InvalidConfigException("group.max.session.timeout.ms", Integer.toString(maxSession),
                    "must not be below group.min.session.timeout.ms (" + minSession + ")");
        }
        return new GroupConfig(partitions, (short) replication,
                Settings.intAtLeast(props, "offsets.topic.segment.bytes", 104_857_600, 1),
                Settings.intAtLeast(props, "group.initial.rebalance.delay.ms", 3000, 0),
                minSession, maxSession,
                Settings.intAtLeast(props, "offset.metadata.max.bytes", 4096, 0),
                Settings.intAtLeast(props, "group.consumer.session.timeout.ms", 45_000, 1),
                Settings.intAtLeast(props, "group.consumer.heartbeat.interval.ms", 5_000, 1),
                assignors(props.getOrDefault("group.consumer.assignors", "uniform,range")),
                Settings.intAtLeast(props, "offsets.retention.minutes", 7 * 24 * 60, 1) * 60_000L,
                Settings.intAtLeast(props, "offsets.retention.check.interval.ms", 600_000, 1));
    }

    /** Assignor names; Kafka's class names of the same assignors are accepted too. */
    private static List<String> assignors(String value) {
        List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .map(n -> switch (n) {
                    case "org.apache.kafka.coordinator.group.assignor.UniformAssignor" -> "uniform";
                    case "org.apache.kafka.coordinator.group.assignor.RangeAssignor" -> "range";
                    default -> n;
                }).toList();
        for (String n : names) {
            if (ServerAssignor.named(n) == null) {
                throw new InvalidConfigException("group.consumer.assignors", value,
                        "names an unknown assignor " + n + " (known: uniform, range)");
            }
        }
        if (names.isEmpty()) {
            throw new InvalidConfigException("group.consumer.assignors", value, "must name at least one assignor");
        }
        return names;
    }
}
