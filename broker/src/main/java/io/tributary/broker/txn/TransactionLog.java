package io.tributary.broker.txn;

import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/** The partitions of {@code __transaction_state} as the coordinator sees them. */
interface TransactionLog {

    /**
     * Appends one record (a null value is a tombstone) to partition {@code partition}, returning once it is as
     * durable as an acks=all produce.
     *
     * @throws io.tributary.log.LogException NOT_COORDINATOR if this broker does not lead it, or the log's error
     */
    void append(int partition, ByteBuffer key, ByteBuffer value, long nowMs);

    /** Calls {@code visitor} with every keyed record of the partition, in offset order, up to the high watermark. */
    void replay(int partition, BiConsumer<ByteBuffer, ByteBuffer> visitor);
}
