package io.tributary.broker;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The partitions of a coordinator's internal topic ({@code __consumer_offsets}, {@code __share_group_state}) as the
 * coordinator sees them: append records as the leader (returning once they are as durable as an acks=all produce),
 * and read a partition back from its start.
 */
public interface CoordinatorLog {

    /** One key/value record (a null value is a tombstone). */
    record Entry(ByteBuffer key, ByteBuffer value) {
    }

    /**
     * Who a batch is written for: the coordinator itself (plain commits, tombstones), or a transactional producer
     * whose TxnOffsetCommit it is (the batch then carries the producer id and epoch and the transactional flag, so
     * the partition's producer state and last stable offset follow the transaction, and its marker ends it).
     */
    record Writer(long producerId, short producerEpoch) {

        /** The coordinator's own, non-transactional writes: no producer id (-1), no epoch (-1). */
        public static final Writer COORDINATOR = new Writer(-1, (short) -1);

        public static Writer transaction(long producerId, short producerEpoch) {
            return new Writer(producerId, producerEpoch);
        }

        public boolean transactional() {
            return producerId >= 0;
        }
    }

    /** What a replay reads back, in log order. */
    interface Visitor {

        /**
         * A record of a data batch.
         *
         * @param offset     the record's offset
         * @param producerId the batch's producer id if the batch is transactional, else -1
         */
        void record(long offset, long producerId, ByteBuffer key, ByteBuffer value);

        /** A transaction marker (a COMMIT or ABORT control batch) of producer {@code producerId}. */
        void marker(long producerId, boolean commit);
    }

    /**
     * Appends the records as one batch to partition {@code partition}.
     *
     * @return the offset of the first record
     * @throws io.tributary.log.LogException with NOT_COORDINATOR if this broker does not lead it, or the log's error
     */
    long append(int partition, Writer writer, List<Entry> records, long nowMs);

    /** Reads every record and transaction marker of the partition, in offset order, from the log start to its end. */
    void replay(int partition, Visitor visitor);
}
