package io.tributary.connect.worker;

import io.tributary.connect.storage.OffsetCodec;
import io.tributary.connect.storage.OffsetStore;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A connector's view of the offset store: the committed offset of each of its source partitions. */
final class StoredOffsets implements OffsetStorageReader {

    private final OffsetStore store;
    private final OffsetCodec codec;
    private final String connector;

    StoredOffsets(OffsetStore store, OffsetCodec codec, String connector) {
        this.store = store;
        this.codec = codec;
        this.connector = connector;
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return offsets(java.util.List.of(partition)).get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<ByteBuffer, ByteBuffer> all = store.all();
        Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
        for (Map<String, T> p : partitions) {
            ByteBuffer v = all.get(codec.key(connector, p));
            out.put(p, v == null ? null : codec.offset(v));
        }
        return out;
    }
}
