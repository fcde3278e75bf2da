package io.tributary.log.bench;

import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * A batch as a producer sends it, for the benchmarks: uncompressed, records with a 100-byte random value and
 * no key or headers (109–110 bytes each on the wire), as many as bring the batch nearest to the size asked for.
 * 1 KiB gives 9 records in 1,042 bytes; 64 KiB gives 595 records in 65,447 bytes.
 */
final class ProducerBatch {

    /** Bytes of each record's value. */
    static final int VALUE_BYTES = 100;
    /** Wire size of such a record with an offset delta of 64 or more (one byte less below 64). */
    private static final double RECORD_BYTES = 110.0;

    private ProducerBatch() {
    }

    /**
     * @param targetBytes the batch size wanted
     * @param timestamp   every record's CreateTime
     * @param seed        seed of the random values
     * @return the batch, position 0, base offset 0 (the log assigns offsets in place)
     */
    static ByteBuffer of(int targetBytes, long timestamp, long seed) {
        int records = (int) Math.max(1, Math.round((targetBytes - RecordBatch.HEADER_SIZE) / RECORD_BYTES));
        Random random = new Random(seed);
        RecordBatchBuilder builder = new RecordBatchBuilder();
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[VALUE_BYTES];
            random.nextBytes(value);
            builder.add(RecordData.of(timestamp, null, value));
        }
        return builder.build();
    }

    /** A line for the benchmark output saying what was built. */
    static String describe(ByteBuffer batch) {
        RecordBatch view = RecordBatch.wrap(batch);
        return "batch of " + view.recordCount() + " records, " + view.sizeInBytes() + " bytes";
    }
}
