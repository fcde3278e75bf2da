package io.tributary.log;

import io.tributary.protocol.record.ControlRecordType;
import io.tributary.protocol.record.EndTransactionMarker;
import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordFormatException;
import java.util.Iterator;

/**
 * What producer state needs to know of an appended batch: who wrote it (producer id and epoch), its sequences
 * and offsets, whether it is transactional, and for a control batch the transaction marker it carries.
 *
 * @param marker the COMMIT/ABORT marker of a control batch, else null
 */
record BatchFacts(long producerId,
                  short producerEpoch,
                  int baseSequence,
                  int lastSequence,
                  long baseOffset,
                  long lastOffset,
                  long maxTimestamp,
                  boolean transactional,
                  boolean control,
                  EndTransactionMarker marker) {

    static BatchFacts of(RecordBatch batch) {
        EndTransactionMarker marker = null;
        if (batch.isControl()) {
            try {
                Iterator<Record> records = batch.records();
                if (records.hasNext()) {
                    Record first = records.next();
                    ControlRecordType type = ControlRecordType.parseKey(first.key());
                    if (type == ControlRecordType.ABORT || type == ControlRecordType.COMMIT) {
                        marker = EndTransactionMarker.read(first);
                    }
                }
            } catch (RecordFormatException | IllegalArgumentException e) {
                marker = null;   // an unreadable control record carries no transaction outcome
            }
        }
        return new BatchFacts(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), batch.isTransactional(),
                batch.isControl(), marker);
    }
}
