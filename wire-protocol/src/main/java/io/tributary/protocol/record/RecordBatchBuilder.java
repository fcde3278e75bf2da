package io.tributary.protocol.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

import static io.tributary.protocol.record.BatchLayout.ATTRIBUTES;
import static io.tributary.protocol.record.BatchLayout.CRC;

/**
 * Writes one RecordBatch v2 (see {@link RecordBatch} for the layout) for batches the broker
 * produces itself: transaction markers, coordinator records, internal topics. Records get offset
 * deltas 0, 1, 2, ...; the base timestamp is the first record's timestamp; the CRC is computed.
 *
 * <pre>{@code
 * ByteBuffer batch = new RecordBatchBuilder()
 *         .baseOffset(42)
 *         .compression(CompressionType.ZSTD)
 *         .add(RecordData.of(now, key, value))
 *         .build();
 * }</pre>
 *
 * Defaults: base offset 0, no leader epoch, no producer (id -1, epoch -1, sequence -1), not
 * transactional, not control, CreateTime, uncompressed. A builder is for one batch at a time and
 * may be reused after {@link #build()}; it is not thread-safe.
 */
public final class RecordBatchBuilder {

    private long baseOffset;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private boolean control;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long logAppendTime = RecordBatch.NO_TIMESTAMP;
    private CompressionType compression = CompressionType.NONE;
    private final List<RecordData> records = new ArrayList<>();
    private final List<Integer> offsetDeltas = new ArrayList<>();
    private int lastOffsetDelta = -1;

    /**
     * @param baseOffset offset of the first record
     * @return this
     */
    public RecordBatchBuilder baseOffset(long baseOffset) {
        this.baseOffset = baseOffset;
        return this;
    }

    /**
     * @param epoch partition leader epoch to stamp
     * @return this
     */
    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    /**
     * @param producerId    producer id
     * @param producerEpoch producer epoch
     * @param baseSequence  sequence of the first record, or -1
     * @return this
     */
    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    /**
     * @param transactional whether the batch belongs to a transaction
     * @return this
     */
    public RecordBatchBuilder transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    /**
     * @param control whether the batch holds control records
     * @return this
     */
    public RecordBatchBuilder control(boolean control) {
        this.control = control;
        return this;
    }

    /**
     * Records keep their own timestamps (the default).
     * @return this
     */
    public RecordBatchBuilder createTime() {
        this.timestampType = TimestampType.CREATE_TIME;
        this.logAppendTime = RecordBatch.NO_TIMESTAMP;
        return this;
    }

    /**
     * Every record reads as {@code appendTime}, stored as the batch max timestamp.
     *
     * @param appendTime the broker's append time in epoch milliseconds
     * @return this
     */
    public RecordBatchBuilder logAppendTime(long appendTime) {
        this.timestampType = TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = appendTime;
        return this;
    }

    /**
     * @param compression codec for the records section
     * @return this
     */
    public RecordBatchBuilder compression(CompressionType compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        return this;
    }

    /**
     * @param record next record, at the next offset
     * @return this
     */
    public RecordBatchBuilder add(RecordData record) {
        return add(record, offsetDeltas.isEmpty() ? 0 : offsetDeltas.get(offsetDeltas.size() - 1) + 1);
    }

    /**
     * Adds a record at an explicit offset delta, leaving gaps as compaction does: deltas must grow.
     *
     * @param record      the record
     * @param offsetDelta its offset minus the base offset
     * @return this
     */
    public RecordBatchBuilder add(RecordData record, int offsetDelta) {
        if (!offsetDeltas.isEmpty() && offsetDelta <= offsetDeltas.get(offsetDeltas.size() - 1) || offsetDelta < 0) {
            throw new IllegalArgumentException("offset delta " + offsetDelta + " does not follow " + offsetDeltas);
        }
        records.add(Objects.requireNonNull(record, "record"));
        offsetDeltas.add(offsetDelta);
        return this;
    }

    /**
     * Keeps a batch's original last offset when its last records were removed (as compaction does), so the
     * batch still ends where it did and a producer's sequence range is preserved.
     *
     * @param lastOffsetDelta at least the delta of the last record added
     * @return this
     */
    public RecordBatchBuilder lastOffsetDelta(int lastOffsetDelta) {
        this.lastOffsetDelta = lastOffsetDelta;
        return this;
    }

    /**
     * Writes the batch and forgets the records added (the other settings stay).
     *
     * @return a heap buffer holding exactly the batch, position 0
     * @throws IllegalStateException if no record was added
     */
    public ByteBuffer build() {
        if (records.isEmpty()) {
            throw new IllegalStateException("A record batch needs at least one record");
        }
        long baseTimestamp = records.get(0).timestamp();
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        RecordEncoder encoder = new RecordEncoder();
        for (int i = 0; i < records.size(); i++) {
            RecordData record = records.get(i);
            encoder.encode(record, offsetDeltas.get(i), baseTimestamp, raw);
            maxTimestamp = Math.max(maxTimestamp, record.timestamp());
        }
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            maxTimestamp = logAppendTime;
        }
        byte[] payload = compress(raw);
        ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + payload.length);
        batch.putLong(baseOffset)
                .putInt(batch.capacity() - BatchLayout.LOG_OVERHEAD)
                .putInt(partitionLeaderEpoch)
                .put(RecordBatch.MAGIC_V2)
                .putInt(0) // CRC, filled in below
                .putShort(attributes())
                .putInt(Math.max(lastOffsetDelta, offsetDeltas.get(offsetDeltas.size() - 1)))
                .putLong(baseTimestamp)
                .putLong(maxTimestamp)
                .putLong(producerId)
                .putShort(producerEpoch)
                .putInt(baseSequence)
                .putInt(records.size())
                .put(payload);
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), ATTRIBUTES, batch.capacity() - ATTRIBUTES);
        batch.putInt(CRC, (int) crc.getValue());
        records.clear();
        offsetDeltas.clear();
        lastOffsetDelta = -1;
        return batch.flip();
    }

    private short attributes() {
        int attributes = compression.id();
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= BatchLayout.TIMESTAMP_TYPE_MASK;
        }
        if (transactional) {
            attributes |= BatchLayout.TRANSACTIONAL_MASK;
        }
        if (control) {
            attributes |= BatchLayout.CONTROL_MASK;
        }
        return (short) attributes;
    }

    private byte[] compress(ByteArrayOutputStream raw) {
        if (compression == CompressionType.NONE) {
            return raw.toByteArray();
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(64, raw.size() / 2));
        try (OutputStream out = compression.wrapForOutput(compressed)) {
            raw.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to " + compression + "-compress a record batch", e);
        }
        return compressed.toByteArray();
    }
}
