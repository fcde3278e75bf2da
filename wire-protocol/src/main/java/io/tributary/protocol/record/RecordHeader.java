package io.tributary.protocol.record;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One record header: a non-null UTF-8 key and a value that may be {@code null}.
 *
 * <p>When read from a batch, {@code value} is a read-only slice of the batch (or of its
 * decompressed records); it is valid as long as those bytes are.
 *
 * @param key   header key, never null
 * @param value header value bytes (position to limit), or null
 */
public record RecordHeader(String key, ByteBuffer value) {

    /**
     * @param key   header key
     * @param value header value, or null
     * @throws NullPointerException if {@code key} is null
     */
    public RecordHeader {
        Objects.requireNonNull(key, "header key");
    }

    /**
     * @param key   header key
     * @param value header value, or null
     * @return a header over a copy-free wrap of {@code value}
     */
    public static RecordHeader of(String key, byte[] value) {
        return new RecordHeader(key, value == null ? null : ByteBuffer.wrap(value));
    }
}
