package io.tributary.broker.group;

import io.tributary.broker.PartitionManager;

/** {@link CoordinatorLog} over the {@code __consumer_offsets} partitions this broker hosts. */
final class PartitionCoordinatorLog extends io.tributary.broker.PartitionCoordinatorLog implements CoordinatorLog {

    PartitionCoordinatorLog(PartitionManager partitions, int brokerId) {
        super(OffsetsTopic.NAME, partitions, brokerId);
    }
}
