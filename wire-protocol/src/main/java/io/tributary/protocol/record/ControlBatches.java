package io.tributary.protocol.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Builds the control batches the broker writes on behalf of the transaction coordinator.
 */
public final class ControlBatches {

    private ControlBatches() {
    }

    /**
     * A transaction marker batch: transactional, control, uncompressed, CreateTime, no sequence,
     * one record with a {@link ControlRecordType} key and an {@link EndTransactionMarker} value.
     *
     * @param baseOffset           offset of the marker
     * @param timestamp            marker timestamp
     * @param partitionLeaderEpoch leader epoch to stamp
     * @param producerId           the transaction's producer id
     * @param producerEpoch        the transaction's producer epoch
     * @param marker               COMMIT or ABORT and the coordinator epoch
     * @return the batch bytes, position 0
     */
    public static ByteBuffer endTransaction(long baseOffset, long timestamp, int partitionLeaderEpoch,
                                                     long producerId, short producerEpoch,
                                                     EndTransactionMarker marker) {
        RecordData record = new RecordData(timestamp, marker.type().toKey(), marker.toValue(), List.of());
        return new RecordBatchBuilder()
                .baseOffset(baseOffset)
                .partitionLeaderEpoch(partitionLeaderEpoch)
                .producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE)
                .transactional(true)
                .control(true)
                .add(record)
                .build();
    }
}
