package io.tributary.broker.share;

/**
 * A share group's effective settings: its dynamic group configs over the broker's defaults (KIP-932), as
 * {@link io.tributary.broker.config.GroupConfigResolver#share} gives them.
 *
 * @param autoOffsetReset         {@code share.auto.offset.reset}: "earliest", "latest" or
 *                                "by_duration:PnDTnHnMn.nS" (default latest)
 * @param readCommitted           whether {@code share.isolation.level} is read_committed (default read_uncommitted)
 * @param recordLockDurationMs    {@code share.record.lock.duration.ms} (default
 *                                {@code group.share.record.lock.duration.ms})
 * @param deliveryCountLimit      {@code share.delivery.count.limit} (default {@code group.share.delivery.count.limit})
 * @param partitionMaxRecordLocks {@code share.partition.max.record.locks} (default
 *                                {@code group.share.partition.max.record.locks})
 * @param sessionTimeoutMs        {@code share.session.timeout.ms} (default {@code group.share.session.timeout.ms})
 * @param heartbeatIntervalMs     {@code share.heartbeat.interval.ms} (default
 *                                {@code group.share.heartbeat.interval.ms})
 */
public record ShareGroupSettings(String autoOffsetReset, boolean readCommitted, int recordLockDurationMs,
                                 int deliveryCountLimit, int partitionMaxRecordLocks, int sessionTimeoutMs,
                                 int heartbeatIntervalMs) {

    /** A group without group configs: the broker's settings, and Kafka's defaults for the rest. */
    public static ShareGroupSettings defaults(ShareConfig broker) {
        return new ShareGroupSettings("latest", false, broker.recordLockDurationMs(), broker.deliveryCountLimit(),
                broker.partitionMaxRecordLocks(), broker.sessionTimeoutMs(), broker.heartbeatIntervalMs());
    }
}
