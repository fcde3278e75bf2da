package io.tributary.log;

import io.tributary.protocol.Errors;
import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordFormatException;
import io.tributary.protocol.record.TimestampType;
import io.tributary.protocol.record.UnsupportedMagicException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;

/**
 * The checks a batch must pass before it is appended, at batch level so the bytes are never decoded on the hot
 * path: framing and magic 2, CRC32C, size against {@code max.message.bytes}, a record count that matches the
 * offset span, CreateTime timestamps inside the allowed window, no control batches from clients, and — only for
 * compacted topics, where it needs the records — a key on every record. Each failure is the error Kafka gives.
 */
final class BatchValidator {

    private BatchValidator() {
    }

    static List<RecordBatch> validate(ByteBuffer records, LogConfig config, AppendOrigin origin, long nowMs) {
        List<RecordBatch> batches;
        try {
            batches = Batches.strict(records).toList();
        } catch (UnsupportedMagicException e) {
            throw new LogException(Errors.INVALID_RECORD,
                    "Produce requests may only contain record batches with magic version 2: " + e.getMessage());
        } catch (RecordFormatException e) {
            throw new LogException(Errors.CORRUPT_MESSAGE, e.getMessage());
        }
        if (batches.isEmpty()) {
            throw new LogException(Errors.INVALID_RECORD, "no record batch to append");
        }
        for (RecordBatch batch : batches) {
            validate(batch, config, origin, nowMs);
        }
        return batches;
    }

    private static void validate(RecordBatch batch, LogConfig config, AppendOrigin origin, long nowMs) {
        if (batch.sizeInBytes() > config.maxMessageBytes()) {
            throw new LogException(Errors.MESSAGE_TOO_LARGE, "batch of " + batch.sizeInBytes()
                    + " bytes exceeds max.message.bytes " + config.maxMessageBytes());
        }
        if (!batch.isValid()) {
            throw new LogException(Errors.CORRUPT_MESSAGE, "record batch CRC does not match its content");
        }
        if (batch.recordCount() <= 0 || batch.lastOffsetDelta() != batch.recordCount() - 1) {
            throw new LogException(Errors.INVALID_RECORD, "record count " + batch.recordCount()
                    + " does not match last offset delta " + batch.lastOffsetDelta());
        }
        if (batch.isControl() && origin == AppendOrigin.CLIENT) {
            throw new LogException(Errors.INVALID_RECORD, "clients may not append control batches");
        }
        if (config.timestampType() == TimestampType.CREATE_TIME && origin != AppendOrigin.REPLICATION) {
            checkTimestamp(batch.maxTimestamp(), config, nowMs);
            checkTimestamp(batch.baseTimestamp(), config, nowMs);
        }
        if (config.compact() && !batch.isControl() && origin == AppendOrigin.CLIENT) {
            requireKeys(batch);
        }
    }

    private static void checkTimestamp(long timestamp, LogConfig config, long nowMs) {
        if (timestamp < 0) {
            return;   // no timestamp given
        }
        if (timestamp < nowMs - config.timestampBeforeMaxMs() || timestamp > nowMs + config.timestampAfterMaxMs()) {
            throw new LogException(Errors.INVALID_TIMESTAMP, "timestamp " + timestamp + " is outside the allowed"
                    + " window around the broker time " + nowMs + " (message.timestamp.before.max.ms="
                    + config.timestampBeforeMaxMs() + ", message.timestamp.after.max.ms="
                    + config.timestampAfterMaxMs() + ")");
        }
    }

    private static void requireKeys(RecordBatch batch) {
        try {
            Iterator<Record> records = batch.records();
            while (records.hasNext()) {
                if (!records.next().hasKey()) {
                    throw new LogException(Errors.INVALID_RECORD, "compacted topic cannot accept a record without key");
                }
            }
        } catch (RecordFormatException e) {
            throw new LogException(Errors.CORRUPT_MESSAGE, e.getMessage());
        }
    }
}
