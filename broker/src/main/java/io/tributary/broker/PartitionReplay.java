package io.tributary.broker;

import io.tributary.log.FetchDataInfo;
import io.tributary.log.Log;
import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.RecordBatch;
import java.util.function.Consumer;

/**
 * Reads a partition this broker hosts from its log start to its high watermark, batch by batch, in offset order:
 * how the coordinators rebuild their state from their internal topics.
 */
public final class PartitionReplay {

    private static final int READ_BYTES = 1 << 20;

    private PartitionReplay() {
    }

    public static void forEachBatch(Partition partition, Consumer<RecordBatch> visitor) {
        Log log = partition.log();
        long offset = log.logStartOffset();
        long end = partition.highWatermark();
        while (offset < end) {
            FetchDataInfo info = log.read(offset, READ_BYTES, end, true);
            if (info.isEmpty()) {
                break;
            }
            long next = offset;
            for (RecordBatch batch : Batches.allowingPartialTail(info.records().readAll())) {
                if (batch.lastOffset() >= offset) {
                    visitor.accept(batch);
                }
                next = batch.nextOffset();
            }
            if (next <= offset) {
                break;
            }
            offset = next;
        }
    }
}
