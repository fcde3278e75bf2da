package io.tributary.log;

import io.tributary.protocol.record.CompressionType;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Batches for tests: what a producer would send (offsets from 0, to be assigned by the log). */
final class TestBatches {

    private TestBatches() {
    }

    static ByteBuffer batch(long timestamp, String... values) {
        RecordBatchBuilder builder = new RecordBatchBuilder();
        for (String v : values) {
            builder.add(RecordData.of(timestamp, null, v.getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    static ByteBuffer keyed(long timestamp, String key, String value) {
        return new RecordBatchBuilder().add(RecordData.of(timestamp, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8))).build();
    }

    static ByteBuffer compressed(long timestamp, CompressionType type, String... values) {
        RecordBatchBuilder builder = new RecordBatchBuilder().compression(type);
        for (String v : values) {
            builder.add(RecordData.of(timestamp, null, v.getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    /** Every record value in the buffer's batches, in order, as "offset:value". */
    static List<String> values(ByteBuffer buffer) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : io.tributary.protocol.record.Batches.allowingPartialTail(buffer)) {
            batch.records().forEachRemaining(r -> out.add(r.offset() + ":" + valueOf(r)));
        }
        return out;
    }

    static String valueOf(io.tributary.protocol.record.Record r) {
        ByteBuffer v = r.value();
        if (v == null) {
            return "<null>";
        }
        byte[] bytes = new byte[v.remaining()];
        v.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads the whole log from its start as "offset:value" strings. */
    static List<String> readAll(Log log) {
        List<String> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            FetchDataInfo info = log.read(offset, 1 << 20, log.logEndOffset(), true);
            if (info.isEmpty()) {
                break;
            }
            ByteBuffer bytes = info.records().readAll();
            long next = offset;
            for (RecordBatch batch : io.tributary.protocol.record.Batches.allowingPartialTail(bytes)) {
                final long from = offset;
                batch.records().forEachRemaining(r -> {
                    if (r.offset() >= from) {
                        out.add(r.offset() + ":" + valueOf(r));
                    }
                });
                next = batch.nextOffset();
            }
            if (next <= offset) {
                break;
            }
            offset = next;
        }
        return out;
    }
}
