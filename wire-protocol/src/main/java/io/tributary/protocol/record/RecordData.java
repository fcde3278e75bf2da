package io.tributary.protocol.record;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A record to be written by {@link RecordBatchBuilder}: what a record is before it has an offset.
 * Buffers are read from position to limit and never modified.
 *
 * @param timestamp record timestamp in epoch milliseconds
 * @param key       key bytes, or null
 * @param value     value bytes, or null
 * @param headers   headers, never null (may be empty)
 */
public record RecordData(long timestamp, ByteBuffer key, ByteBuffer value, List<RecordHeader> headers) {

    /**
     * @param timestamp record timestamp in epoch milliseconds
     * @param key       key bytes, or null
     * @param value     value bytes, or null
     * @param headers   headers (copied)
     * @throws NullPointerException if {@code headers} is null
     */
    public RecordData {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    /**
     * @param timestamp record timestamp in epoch milliseconds
     * @param key       key bytes, or null
     * @param value     value bytes, or null
     * @return a record without headers
     */
    public static RecordData of(long timestamp, byte[] key, byte[] value) {
        return new RecordData(timestamp, key == null ? null : ByteBuffer.wrap(key),
                value == null ? null : ByteBuffer.wrap(value), List.of());
    }
}
