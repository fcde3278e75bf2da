package io.tributary.broker.group;

import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.log.AppendOrigin;
import io.tributary.log.FetchDataInfo;
import io.tributary.log.Log;
import io.tributary.log.LogException;
import io.tributary.protocol.Errors;
import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * {@link CoordinatorLog} over the {@code __consumer_offsets} partitions this broker hosts: appends go to the
 * partition's log as the leader's, with the coordinator origin; replays read the log from its start to the high
 * watermark, batch by batch.
 */
final class PartitionCoordinatorLog implements CoordinatorLog {

    private static final int READ_BYTES = 1 << 20;

    private final PartitionManager partitions;
    private final int brokerId;

    PartitionCoordinatorLog(PartitionManager partitions, int brokerId) {
        this.partitions = partitions;
        this.brokerId = brokerId;
    }

    private Partition leading(int index) {
        Partition p = index < 0 ? null : partitions.partition(OffsetsTopic.NAME, index);
        if (p == null || !p.isLeader(brokerId)) {
            throw new LogException(Errors.NOT_COORDINATOR, "this broker does not lead " + OffsetsTopic.NAME + "-"
                    + index);
        }
        return p;
    }

    @Override
    public void append(int partition, List<Entry> records, long nowMs) {
        Partition p = leading(partition);
        RecordBatchBuilder batch = new RecordBatchBuilder();
        for (Entry r : records) {
            batch.add(new RecordData(nowMs, r.key(), r.value(), List.of()));
        }
        // Single-replica partitions: the high watermark is the log end, so the append is as durable as acks=all.
        p.log().appendAsLeader(batch.build(), p.leaderEpoch(), AppendOrigin.COORDINATOR);
        partitions.appended(p);
    }

    @Override
    public void replay(int partition, BiConsumer<ByteBuffer, ByteBuffer> visitor) {
        Partition p = leading(partition);
        Log log = p.log();
        long offset = log.logStartOffset();
        long end = p.highWatermark();
        while (offset < end) {
            FetchDataInfo info = log.read(offset, READ_BYTES, end, true);
            if (info.isEmpty()) {
                break;
            }
            long next = offset;
            for (RecordBatch batch : Batches.allowingPartialTail(info.records().readAll())) {
                if (batch.lastOffset() < offset) {
                    continue;
                }
                if (!batch.isControl()) {
                    for (Record r : batch) {
                        if (r.offset() >= offset && r.hasKey()) {
                            visitor.accept(r.key(), r.value());
                        }
                    }
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
