package io.tributary.broker;

import io.tributary.log.FetchDataInfo;
import io.tributary.log.Log;
import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.RecordBatch;
import java.util.function.Consumer;

/**
 * Reads a partition this broker hosts from its log start to its log end, batch by batch, in offset order: how the
 * coordinators rebuild their state from their internal topics. To the log end, not the high watermark: a new leader's
 * high watermark may lag until its followers fetch (after a restart it starts at the log start), and what its log
 * holds is what the partition will hold from now on.
 */
public final class PartitionReplay {

    private static final int READ_BYTES = 1 << 20;

    private PartitionReplay() {
    }

    public static void forEachBatch(Partition partition, Consumer<RecordBatch> visitor) {
        Log log = partition.log();
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
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
