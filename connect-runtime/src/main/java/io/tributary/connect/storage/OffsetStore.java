package io.tributary.connect.storage;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Where source connectors' offsets live, as serialized keys and values ({@link OffsetCodec}'s layout): a file in
 * standalone mode, the offsets topic in distributed mode. A write returns once it is durable.
 */
public interface OffsetStore extends AutoCloseable {

    /** Every stored offset (null values are removed offsets and are not returned). */
    Map<ByteBuffer, ByteBuffer> all();

    /** Durably stores these entries; a null value removes the key. */
    void write(Map<ByteBuffer, ByteBuffer> entries) throws java.io.IOException;

    @Override
    void close();
}
