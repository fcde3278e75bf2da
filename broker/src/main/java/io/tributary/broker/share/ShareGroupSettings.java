package io.tributary.broker.share;

/** A share group's effective settings: its dynamic group configs over the broker's defaults. */
public record ShareGroupSettings(String autoOffsetReset, boolean readCommitted, int recordLockDurationMs,
                                 int deliveryCountLimit, int partitionMaxRecordLocks, int sessionTimeoutMs,
                                 int heartbeatIntervalMs) {
}
