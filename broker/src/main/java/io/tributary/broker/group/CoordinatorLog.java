package io.tributary.broker.group;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The partitions of {@code __consumer_offsets} as the coordinator sees them: append records as the leader
 * (returning once they are as durable as an acks=all produce), and read a partition back from its start.
 */
interface CoordinatorLog {

    /** One key/value record (a null value is a tombstone). */
    record Entry(ByteBuffer key, ByteBuffer value) {
    }

    /**
     * Appends the records as one batch to offsets partition {@code partition}.
     *
     * @throws io.tributary.log.LogException with NOT_COORDINATOR if this broker does not lead it, or the log's error
     */
    void append(int partition, List<Entry> records, long nowMs);

    /** Calls {@code visitor} with every record of the partition, in offset order, from the log start to its end. */
    void replay(int partition, BiConsumer<ByteBuffer, ByteBuffer> visitor);
}
