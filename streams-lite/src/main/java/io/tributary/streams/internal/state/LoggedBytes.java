package io.tributary.streams.internal.state;

import org.apache.kafka.common.utils.Bytes;

/** A {@link BytesStore} whose every write is also logged to the store's changelog, as raw bytes. */
final class LoggedBytes {

    final BytesStore inner;
    private final StoreContext context;
    private final String name;

    LoggedBytes(BytesStore inner, StoreContext context, String name) {
        this.inner = inner;
        this.context = context;
        this.name = name;
    }

    void put(Bytes key, byte[] value) {
        inner.put(key, value);
        context.logChange(name, key.get(), value);
    }

    /** Applies a changelog record without logging it again. */
    void restore(byte[] key, byte[] value) {
        inner.put(Bytes.wrap(key), value);
    }
}
