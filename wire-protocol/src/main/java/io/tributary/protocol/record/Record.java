package io.tributary.protocol.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One record of a {@link RecordBatch}, with the batch's base values already applied: absolute
 * offset, timestamp (the batch max timestamp under {@link TimestampType#LOG_APPEND_TIME}) and
 * producer sequence.
 *
 * <p>Key, value and header values are read-only slices of the batch bytes (or of the batch's
 * decompressed records); they stay valid while those bytes are not overwritten.
 */
public final class Record {

    private final int sizeInBytes;
    private final byte attributes;
    private final long offset;
    private final int offsetDelta;
    private final long timestamp;
    private final long timestampDelta;
    private final int sequence;
    private final ByteBuffer key;
    private final ByteBuffer value;
    private final List<RecordHeader> headers;

    Record(int sizeInBytes, byte attributes, long offset, int offsetDelta, long timestamp, long timestampDelta,
           int sequence, ByteBuffer key, ByteBuffer value, List<RecordHeader> headers) {
        this.sizeInBytes = sizeInBytes;
        this.attributes = attributes;
        this.offset = offset;
        this.offsetDelta = offsetDelta;
        this.timestamp = timestamp;
        this.timestampDelta = timestampDelta;
        this.sequence = sequence;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    /** @return encoded size of this record, including its leading length varint */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** @return the record attributes byte (unused by Kafka; always 0 when written) */
    public byte attributes() {
        return attributes;
    }

    /** @return absolute offset: batch base offset + offset delta */
    public long offset() {
        return offset;
    }

    /** @return offset relative to the batch base offset */
    public int offsetDelta() {
        return offsetDelta;
    }

    /** @return the timestamp a consumer sees */
    public long timestamp() {
        return timestamp;
    }

    /** @return timestamp relative to the batch base timestamp, as stored */
    public long timestampDelta() {
        return timestampDelta;
    }

    /** @return producer sequence of this record, or -1 when the batch has none */
    public int sequence() {
        return sequence;
    }

    /** @return true if the key is not null */
    public boolean hasKey() {
        return key != null;
    }

    /** @return the key as a fresh read-only view (position 0), or null */
    public ByteBuffer key() {
        return key == null ? null : key.duplicate();
    }

    /** @return true if the value is not null */
    public boolean hasValue() {
        return value != null;
    }

    /** @return the value as a fresh read-only view (position 0), or null (a tombstone) */
    public ByteBuffer value() {
        return value == null ? null : value.duplicate();
    }

    /** @return the headers in stored order, unmodifiable */
    public List<RecordHeader> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key="
                + (key == null ? "null" : key.remaining() + " bytes") + ", value="
                + (value == null ? "null" : value.remaining() + " bytes") + ", headers=" + headers.size() + ")";
    }
}
