package io.tributary.broker.group;

/**
 * The partitions of {@code __consumer_offsets} as the group coordinator sees them: the broker's
 * {@link io.tributary.broker.CoordinatorLog} (its entries, writers and replay visitor) under the group package's
 * name.
 */
interface CoordinatorLog extends io.tributary.broker.CoordinatorLog {
}
