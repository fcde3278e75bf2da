package io.tributary.protocol.record;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

import static io.tributary.protocol.record.BatchLayout.ATTRIBUTES;
import static io.tributary.protocol.record.BatchLayout.BASE_OFFSET;
import static io.tributary.protocol.record.BatchLayout.BASE_SEQUENCE;
import static io.tributary.protocol.record.BatchLayout.BASE_TIMESTAMP;
import static io.tributary.protocol.record.BatchLayout.BATCH_LENGTH;
import static io.tributary.protocol.record.BatchLayout.CRC;
import static io.tributary.protocol.record.BatchLayout.LAST_OFFSET_DELTA;
import static io.tributary.protocol.record.BatchLayout.MAGIC;
import static io.tributary.protocol.record.BatchLayout.MAX_TIMESTAMP;
import static io.tributary.protocol.record.BatchLayout.PARTITION_LEADER_EPOCH;
import static io.tributary.protocol.record.BatchLayout.PRODUCER_EPOCH;
import static io.tributary.protocol.record.BatchLayout.PRODUCER_ID;
import static io.tributary.protocol.record.BatchLayout.RECORDS;
import static io.tributary.protocol.record.BatchLayout.RECORD_COUNT;

/**
 * A zero-copy view over one RecordBatch v2 (magic 2), the unit Kafka stores, replicates and
 * serves. Reads go straight to the underlying bytes; the in-place setters write through to them.
 *
 * <h2>Byte layout</h2>
 * All integers are big-endian. Offsets are from the start of the batch.
 * <pre>
 * offset  size  field                 meaning
 *      0     8  baseOffset            int64: offset of the first record (producers send 0; the broker assigns)
 *      8     4  batchLength           int32: bytes after this field, so the batch is batchLength + 12 bytes
 *     12     4  partitionLeaderEpoch  int32: leader epoch at append time (-1 from producers)
 *     16     1  magic                 int8: 2 (0 and 1 are the old message formats; same position)
 *     17     4  crc                   uint32: CRC-32C (Castagnoli) of bytes [21, end of batch)
 *     21     2  attributes            int16: bits 0-2 compression (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd),
 *                                     bit 3 timestamp type (0 CreateTime, 1 LogAppendTime), bit 4 transactional,
 *                                     bit 5 control, bit 6 delete horizon set (baseTimestamp is then the
 *                                     delete horizon), bits 7-15 unused (0)
 *     23     4  lastOffsetDelta       int32: offset of the last record minus baseOffset
 *     27     8  baseTimestamp         int64: timestamp of the first record (or the delete horizon, see bit 6)
 *     35     8  maxTimestamp          int64: largest record timestamp, or the append time under LogAppendTime
 *     43     8  producerId            int64: -1 unless idempotent/transactional
 *     51     2  producerEpoch         int16: -1 unless idempotent/transactional
 *     53     4  baseSequence          int32: sequence of the first record, -1 if none
 *     57     4  recordCount           int32: number of records that follow
 *     61     …  records               recordCount records; if compressed, one compressed stream of them
 * </pre>
 * Because baseOffset, batchLength and partitionLeaderEpoch lie before the CRC'd range, the broker
 * can assign offsets and stamp epochs without recomputing the CRC; changing the timestamp type or
 * maxTimestamp does require it ({@link #setMaxTimestamp}).
 *
 * <p>Each record (inside the records section, after decompression), varints zig-zag encoded:
 * <pre>
 * length          varint   bytes of the record after this field
 * attributes      int8     unused, 0
 * timestampDelta  varlong  timestamp - baseTimestamp
 * offsetDelta     varint   offset - baseOffset
 * keyLength       varint   -1 for a null key
 * key             bytes
 * valueLength     varint   -1 for a null value
 * value           bytes
 * headerCount     varint
 *   headerKeyLength    varint   (never negative)
 *   headerKey          UTF-8 bytes
 *   headerValueLength  varint   -1 for a null value
 *   headerValue        bytes
 * </pre>
 * A control batch (bit 5) holds control records whose key is {@code version:int16, type:int16}
 * ({@link ControlRecordType}); transaction markers carry an {@link EndTransactionMarker} value.
 *
 * <p>The view ignores the byte order of the buffer it was made from. The setters write through to
 * the shared bytes (and throw {@code ReadOnlyBufferException} on a read-only buffer). A view is not
 * thread-safe for writers; concurrent readers are fine.
 */
public final class RecordBatch implements Iterable<Record> {

    /** The only message format this class reads. */
    public static final byte MAGIC_V2 = 2;
    /** Size of a batch header (and of a batch with no records). */
    public static final int HEADER_SIZE = BatchLayout.HEADER_SIZE;
    /** Producer id of a batch written without idempotence. */
    public static final long NO_PRODUCER_ID = -1L;
    /** Producer epoch of a batch written without idempotence. */
    public static final short NO_PRODUCER_EPOCH = -1;
    /** Sequence of a batch written without idempotence. */
    public static final int NO_SEQUENCE = Sequences.NO_SEQUENCE;
    /** Partition leader epoch of a batch not yet stamped by a leader. */
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    /** Timestamp meaning "none". */
    public static final long NO_TIMESTAMP = -1L;
    /** Floor of the default decompression limit of one batch. */
    public static final long MIN_DEFAULT_DECOMPRESSION_LIMIT = 64L * 1024 * 1024;
    /** Above the floor, the default limit allows this many decompressed bytes per stored byte. */
    public static final int DEFAULT_DECOMPRESSION_RATIO = 32;

    private final ByteBuffer buffer;

    RecordBatch(ByteBuffer batchBytes) {
        this.buffer = batchBytes;
    }

    /**
     * Views the batch that starts at {@code buffer.position()}. The buffer's position is not moved;
     * bytes after the batch are ignored.
     *
     * @param buffer bytes holding at least one whole batch from its position
     * @return a view sharing the buffer's content
     * @throws UnsupportedMagicException if the batch is in message format 0 or 1
     * @throws CorruptRecordException    if the bytes cannot frame a v2 batch
     */
    public static RecordBatch wrap(ByteBuffer buffer) {
        ByteBuffer bigEndian = buffer.duplicate();
        int size = BatchFraming.sizeOfBatchAt(bigEndian, bigEndian.position(), bigEndian.limit(), false);
        return new RecordBatch(slice(bigEndian, bigEndian.position(), size));
    }

    /** A big-endian view of {@code [position, position + size)}; duplicates and slices always start big-endian. */
    static ByteBuffer slice(ByteBuffer buffer, int position, int size) {
        return buffer.duplicate().position(position).limit(position + size).slice();
    }

    /** @return offset of the first record */
    public long baseOffset() {
        return buffer.getLong(BASE_OFFSET);
    }

    /** @return the batch length field: {@link #sizeInBytes()} - 12 */
    public int batchLength() {
        return buffer.getInt(BATCH_LENGTH);
    }

    /** @return total size of the batch in bytes */
    public int sizeInBytes() {
        return buffer.limit();
    }

    /** @return leader epoch stamped by the broker, or -1 */
    public int partitionLeaderEpoch() {
        return buffer.getInt(PARTITION_LEADER_EPOCH);
    }

    /** @return the magic byte (2) */
    public byte magic() {
        return buffer.get(MAGIC);
    }

    /** @return the stored CRC-32C as an unsigned value */
    public long crc() {
        return Integer.toUnsignedLong(buffer.getInt(CRC));
    }

    /** @return the raw attributes field */
    public short attributes() {
        return buffer.getShort(ATTRIBUTES);
    }

    /**
     * @return the compression of the records section
     * @throws CorruptRecordException if attribute bits 0-2 hold an unknown id (5-7)
     */
    public CompressionType compressionType() {
        int id = attributes() & BatchLayout.COMPRESSION_MASK;
        try {
            return CompressionType.forId(id);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException("Record batch has unknown compression type id " + id, e);
        }
    }

    /** @return true unless the records section is stored uncompressed */
    public boolean isCompressed() {
        return (attributes() & BatchLayout.COMPRESSION_MASK) != CompressionType.NONE.id();
    }

    /** @return whose clock the timestamps come from */
    public TimestampType timestampType() {
        return (attributes() & BatchLayout.TIMESTAMP_TYPE_MASK) == 0
                ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    /** @return true if the batch belongs to a transaction */
    public boolean isTransactional() {
        return (attributes() & BatchLayout.TRANSACTIONAL_MASK) != 0;
    }

    /** @return true if the batch holds control records (e.g. transaction markers) */
    public boolean isControl() {
        return (attributes() & BatchLayout.CONTROL_MASK) != 0;
    }

    /** @return true if the log cleaner set a delete horizon (then held in baseTimestamp) */
    public boolean hasDeleteHorizon() {
        return (attributes() & BatchLayout.DELETE_HORIZON_MASK) != 0;
    }

    /** @return the delete horizon in epoch milliseconds, if set */
    public OptionalLong deleteHorizonMs() {
        return hasDeleteHorizon() ? OptionalLong.of(baseTimestamp()) : OptionalLong.empty();
    }

    /** @return offset of the last record minus the base offset */
    public int lastOffsetDelta() {
        return buffer.getInt(LAST_OFFSET_DELTA);
    }

    /** @return timestamp the record deltas are relative to */
    public long baseTimestamp() {
        return buffer.getLong(BASE_TIMESTAMP);
    }

    /** @return largest record timestamp, or the log append time */
    public long maxTimestamp() {
        return buffer.getLong(MAX_TIMESTAMP);
    }

    /** @return producer id, or -1 */
    public long producerId() {
        return buffer.getLong(PRODUCER_ID);
    }

    /** @return true if the batch carries a producer id */
    public boolean hasProducerId() {
        return producerId() != NO_PRODUCER_ID;
    }

    /** @return producer epoch, or -1 */
    public short producerEpoch() {
        return buffer.getShort(PRODUCER_EPOCH);
    }

    /** @return sequence of the first record, or -1 */
    public int baseSequence() {
        return buffer.getInt(BASE_SEQUENCE);
    }

    /** @return sequence of the last record (wrapping past Integer.MAX_VALUE), or -1 */
    public int lastSequence() {
        return Sequences.add(baseSequence(), lastOffsetDelta());
    }

    /** @return the declared number of records */
    public int recordCount() {
        return buffer.getInt(RECORD_COUNT);
    }

    /** @return offset of the last record */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** @return offset following this batch */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** @return the CRC-32C of bytes [21, end), as it should be stored */
    public long computeCrc() {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(ATTRIBUTES));
        return crc.getValue();
    }

    /** @return true if the stored CRC matches the content */
    public boolean isValid() {
        return crc() == computeCrc();
    }

    /**
     * @throws CorruptRecordException if the stored CRC does not match the content
     */
    public void ensureValid() {
        long stored = crc();
        long computed = computeCrc();
        if (stored != computed) {
            throw new CorruptRecordException("Record batch at offset " + baseOffset() + " is corrupt: stored crc "
                    + stored + ", computed crc " + computed);
        }
    }

    /** @return the batch bytes, read-only, position 0 to limit {@link #sizeInBytes()} */
    public ByteBuffer buffer() {
        return buffer.asReadOnlyBuffer();
    }

    /**
     * Sets the base offset so that records get offsets from {@code baseOffset}. The CRC does not cover it.
     *
     * @param baseOffset offset of the first record
     */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(BASE_OFFSET, baseOffset);
    }

    /**
     * Sets the base offset so that the last record gets {@code lastOffset}. The CRC does not cover it.
     *
     * @param lastOffset offset of the last record
     */
    public void setLastOffset(long lastOffset) {
        setBaseOffset(lastOffset - lastOffsetDelta());
    }

    /**
     * Stamps the leader epoch. The CRC does not cover it.
     *
     * @param epoch the leader's epoch
     */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(PARTITION_LEADER_EPOCH, epoch);
    }

    /**
     * Sets the timestamp type and max timestamp and recomputes the CRC (unless nothing changes).
     * With {@link TimestampType#LOG_APPEND_TIME} every record then reads as {@code maxTimestamp}.
     * The CRC is recomputed over the current content, so validate the batch first: patching a
     * corrupt batch would make it look valid.
     *
     * @param type         new timestamp type
     * @param maxTimestamp new max timestamp (the append time under LogAppendTime)
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        if (timestampType() == type && maxTimestamp() == maxTimestamp) {
            return;
        }
        int attributes = attributes() & ~BatchLayout.TIMESTAMP_TYPE_MASK;
        if (type == TimestampType.LOG_APPEND_TIME) {
            attributes |= BatchLayout.TIMESTAMP_TYPE_MASK;
        }
        buffer.putShort(ATTRIBUTES, (short) attributes);
        buffer.putLong(MAX_TIMESTAMP, maxTimestamp);
        buffer.putInt(CRC, (int) computeCrc());
    }

    /**
     * @return the limit {@link #records()} applies: max(64 MiB, 32 × batch size)
     */
    public long defaultDecompressionLimit() {
        long proportional = (long) DEFAULT_DECOMPRESSION_RATIO * sizeInBytes();
        return Math.min(Decompression.MAX_ARRAY_SIZE, Math.max(MIN_DEFAULT_DECOMPRESSION_LIMIT, proportional));
    }

    /**
     * Iterates the records, decompressing first if needed, under {@link #defaultDecompressionLimit()}.
     *
     * @return the records in order
     * @throws CorruptRecordException (here or from the iterator) if the records section is malformed
     */
    public Iterator<Record> records() {
        return records(defaultDecompressionLimit());
    }

    /**
     * Iterates the records. A compressed section is decompressed whole, into a buffer that grows
     * as data arrives and may never exceed {@code maxDecompressedBytes}; uncompressed records are
     * read in place.
     *
     * @param maxDecompressedBytes most bytes the records section may decompress to
     * @return the records in order
     * @throws CorruptRecordException (here or from the iterator) if the records section is malformed
     */
    public Iterator<Record> records(long maxDecompressedBytes) {
        ByteBuffer section = slice(buffer, RECORDS, sizeInBytes() - RECORDS);
        CompressionType compression = compressionType();
        if (compression != CompressionType.NONE) {
            section = Decompression.decompress(compression, section, maxDecompressedBytes);
        }
        Long logAppendTime = timestampType() == TimestampType.LOG_APPEND_TIME ? maxTimestamp() : null;
        RecordDecoder decoder = new RecordDecoder(baseOffset(), baseTimestamp(), baseSequence(), logAppendTime);
        return new RecordIterator(new ByteCursor(section, 0, section.limit()), decoder, recordCount());
    }

    /** Same as {@link #records()}. */
    @Override
    public Iterator<Record> iterator() {
        return records();
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", size=" + sizeInBytes()
                + ", records=" + recordCount() + ", attributes=0x" + Integer.toHexString(attributes() & 0xffff) + ")";
    }
}
