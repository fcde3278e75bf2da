package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import java.util.Iterator;
import org.apache.kafka.common.utils.Bytes;

/** Entries of a {@link BytesStore} in key order; closing releases what a disk store holds for it. */
public interface BytesIterator extends Iterator<KeyValue<Bytes, byte[]>>, AutoCloseable {

    @Override
    void close();
}
