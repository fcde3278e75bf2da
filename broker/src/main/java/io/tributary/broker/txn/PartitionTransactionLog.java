package io.tributary.broker.txn;

import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.PartitionReplay;
import io.tributary.log.AppendOrigin;
import io.tributary.log.LogException;
import io.tributary.protocol.Errors;
import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * {@link TransactionLog} over the {@code __transaction_state} partitions this broker leads: records appended as
 * the leader's with the coordinator origin (the request is answered once they are replicated: {@code
 * CoordinatorThread}), replays from the log start to the log end.
 */
final class PartitionTransactionLog implements TransactionLog {

    private final PartitionManager partitions;
    private final int brokerId;

    PartitionTransactionLog(PartitionManager partitions, int brokerId) {
        this.partitions = partitions;
        this.brokerId = brokerId;
    }

    /** The partition, if this broker leads it. */
    Partition leading(int index) {
        Partition p = index < 0 ? null : partitions.partition(TransactionStateTopic.NAME, index);
        if (p == null || !p.isLeader(brokerId)) {
            throw new LogException(Errors.NOT_COORDINATOR, "this broker does not lead " + TransactionStateTopic.NAME
                    + "-" + index);
        }
        return p;
    }

    @Override
    public void append(int partition, ByteBuffer key, ByteBuffer value, long nowMs) {
        Partition p = leading(partition);
        ByteBuffer batch = new RecordBatchBuilder().add(new RecordData(nowMs, key, value, List.of())).build();
        p.log().appendAsLeader(batch, p.leaderEpoch(), AppendOrigin.COORDINATOR);
        partitions.appended(p);
    }

    @Override
    public void replay(int partition, BiConsumer<ByteBuffer, ByteBuffer> visitor) {
        PartitionReplay.forEachBatch(leading(partition), batch -> {
            if (!batch.isControl()) {
                for (Record r : batch) {
                    if (r.hasKey()) {
                        visitor.accept(r.key(), r.value());
                    }
                }
            }
        });
    }
}
