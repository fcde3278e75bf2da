package io.tributary.broker.share;

import io.tributary.broker.config.Settings;
import io.tributary.log.InvalidConfigException;
import java.util.Map;

/**
 * The broker's share-group settings (KIP-932), under Kafka's names and with Kafka 4.4's defaults; the per-group
 * settings of the same meaning ({@code share.record.lock.duration.ms}, ...) override them within the bounds given
 * here. A bad value fails startup naming its key.
 *
 * @param recordLockDurationMs        {@code group.share.record.lock.duration.ms}: how long a delivered record stays
 *                                    acquired by its consumer before it is offered again (default 30000)
 * @param minRecordLockDurationMs     {@code group.share.min.record.lock.duration.ms} (default 15000)
 * @param maxRecordLockDurationMs     {@code group.share.max.record.lock.duration.ms} (default 60000)
 * @param deliveryCountLimit          {@code group.share.delivery.count.limit}: deliveries after which a record that
 *                                    is released or times out is archived instead (default 5)
 * @param partitionMaxRecordLocks     {@code group.share.partition.max.record.locks}: the most records of a
 *                                    share-partition in flight (between its start and end offset) at once (default
 *                                    2000)
 * @param maxSize                     {@code group.share.max.size}: members per share group (default 200)
 * @param sessionTimeoutMs            {@code group.share.session.timeout.ms}: a member without a heartbeat for this
 *                                    long leaves the group (default 45000)
 * @param heartbeatIntervalMs         {@code group.share.heartbeat.interval.ms} (default 5000)
 * @param maxShareSessions            {@code group.share.max.share.sessions}: share sessions a broker keeps (default
 *                                    2000)
 * @param stateTopicPartitions        {@code share.coordinator.state.topic.num.partitions} (default 50)
 * @param stateTopicReplicationFactor {@code share.coordinator.state.topic.replication.factor} (default 3; at most as
 *                                    many as brokers are active when the topic is created)
 * @param stateTopicSegmentBytes      {@code share.coordinator.state.topic.segment.bytes} (default 100 MiB)
 */
public record ShareConfig(int recordLockDurationMs,
                          int minRecordLockDurationMs,
                          int maxRecordLockDurationMs,
                          int deliveryCountLimit,
                          int partitionMaxRecordLocks,
                          int maxSize,
                          int sessionTimeoutMs,
                          int heartbeatIntervalMs,
                          int maxShareSessions,
                          int stateTopicPartitions,
                          short stateTopicReplicationFactor,
                          int stateTopicSegmentBytes) {

    public static ShareConfig defaults() {
        return from(Map.of());
    }

    /** Reads the settings; throws {@link InvalidConfigException} naming a bad key. */
    public static ShareConfig from(Map<String, String> props) {
        int minLock = Settings.intAtLeast(props, "group.share.min.record.lock.duration.ms", 15_000, 1000);
        int maxLock = Settings.intAtLeast(props, "group.share.max.record.lock.duration.ms", 60_000, 1000);
        int lock = Settings.intAtLeast(props, "group.share.record.lock.duration.ms", 30_000, 1000);
        if (lock < minLock || lock > maxLock) {
            throw new InvalidConfigException("group.share.record.lock.duration.ms", Integer.toString(lock),
                    "must lie between group.share.min.record.lock.duration.ms (" + minLock
                            + ") and group.share.max.record.lock.duration.ms (" + maxLock + ")");
        }
        int deliveries = Settings.intAtLeast(props, "group.share.delivery.count.limit", 5, 2);
        if (deliveries > 10) {
            throw new InvalidConfigException("group.share.delivery.count.limit", Integer.toString(deliveries),
                    "must be at most 10");
        }
        return new ShareConfig(lock, minLock, maxLock, deliveries,
                Settings.intAtLeast(props, "group.share.partition.max.record.locks", 2000, 100),
                Settings.intAtLeast(props, "group.share.max.size", 200, 1),
                Settings.intAtLeast(props, "group.share.session.timeout.ms", 45_000, 1),
                Settings.intAtLeast(props, "group.share.heartbeat.interval.ms", 5_000, 1),
                Settings.intAtLeast(props, "group.share.max.share.sessions", 2000, 1),
                Settings.intAtLeast(props, "share.coordinator.state.topic.num.partitions", 50, 1),
                (short) Math.min(Short.MAX_VALUE,
                        Settings.intAtLeast(props, "share.coordinator.state.topic.replication.factor", 3, 1)),
                Settings.intAtLeast(props, "share.coordinator.state.topic.segment.bytes", 104_857_600, 1));
    }
}
