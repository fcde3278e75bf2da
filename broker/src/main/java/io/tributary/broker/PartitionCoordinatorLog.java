package io.tributary.broker;

import io.tributary.log.AppendOrigin;
import io.tributary.log.LogException;
import io.tributary.protocol.Errors;
import io.tributary.protocol.record.ControlRecordType;
import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import io.tributary.protocol.record.RecordFormatException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@link CoordinatorLog} over the partitions of one internal topic ({@code __consumer_offsets},
 * {@code __share_group_state}) this broker hosts: appends go to the
 * partition's log as the leader's, with the coordinator origin; replays read the log from its start to the high
 * watermark, batch by batch ({@link PartitionReplay}).
 *
 * <p>A transactional writer's batch is a RecordBatch v2 with its producer id and epoch, the transactional attribute
 * and base sequence -1: no producer sequence belongs to it, and the coordinator origin skips the sequence check
 * (Kafka's coordinator runtime writes 0 there, equally unchecked). A replay hands on each record with the
 * batch's producer id when the batch is transactional, and each COMMIT/ABORT control batch as a marker; other
 * control records are skipped.
 */
public class PartitionCoordinatorLog implements CoordinatorLog {

    private static final Logger LOG = Logger.getLogger(PartitionCoordinatorLog.class.getName());

    private final String topic;
    private final PartitionManager partitions;
    private final int brokerId;

    public PartitionCoordinatorLog(String topic, PartitionManager partitions, int brokerId) {
        this.topic = topic;
        this.partitions = partitions;
        this.brokerId = brokerId;
    }

    private Partition leading(int index) {
        Partition p = index < 0 ? null : partitions.partition(topic, index);
        if (p == null || !p.isLeader(brokerId)) {
            throw new LogException(Errors.NOT_COORDINATOR, "this broker does not lead " + topic + "-"
                    + index);
        }
        return p;
    }

    @Override
    public long append(int partition, Writer writer, List<Entry> records, long nowMs) {
        Partition p = leading(partition);
        long first = p.log().appendAsLeader(batch(writer, records, nowMs), p.leaderEpoch(), AppendOrigin.COORDINATOR)
                .firstOffset();
        partitions.appended(p);
        return first;
    }

    @Override
    public void replay(int partition, Visitor visitor) {
        Partition p = leading(partition);
        String name = topic + "-" + partition;
        long from = p.log().logStartOffset();
        PartitionReplay.forEachBatch(p, batch -> visit(batch, from, name, visitor));
    }

    /** The one batch {@code writer}'s records are appended as (see the class comment). */
    public static ByteBuffer batch(Writer writer, List<Entry> records, long nowMs) {
        RecordBatchBuilder batch = new RecordBatchBuilder()
                .producer(writer.producerId(), writer.producerEpoch(), RecordBatch.NO_SEQUENCE)
                .transactional(writer.transactional());
        for (Entry r : records) {
            batch.add(new RecordData(nowMs, r.key(), r.value(), List.of()));
        }
        return batch.build();
    }

    /**
     * Hands one batch read back from partition {@code name} to {@code visitor}: its keyed records at or past
     * {@code from} (the log start may fall inside the first batch), or the transaction marker it carries.
     */
    public static void visit(RecordBatch batch, long from, String name, Visitor visitor) {
        if (batch.isControl()) {
            replayControl(name, batch, visitor);
            return;
        }
        long producerId = batch.isTransactional() ? batch.producerId() : RecordBatch.NO_PRODUCER_ID;
        for (Record r : batch) {
            if (r.offset() >= from && r.hasKey()) {
                visitor.record(r.offset(), producerId, r.key(), r.value());
            }
        }
    }

    private static void replayControl(String name, RecordBatch batch, Visitor visitor) {
        try {
            Iterator<Record> records = batch.records();
            if (!records.hasNext()) {
                return;
            }
            ControlRecordType type = ControlRecordType.parseKey(records.next().key());
            if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                visitor.marker(batch.producerId(), type == ControlRecordType.COMMIT);
            }
        } catch (RecordFormatException e) {
            LOG.warning(name + ": skipping an unreadable control batch at offset "
                    + batch.baseOffset() + ": " + e.getMessage());
        }
    }
}
