package io.tributary.streams.internal.state;

import io.tributary.streams.Materialized.StoreType;
import java.util.function.Function;

/** Opens the {@link BytesStore} a store type names: a RocksDB database in the task's directory, or a heap map. */
public final class BytesStores {

    private BytesStores() {
    }

    public static Function<StoreContext, BytesStore> of(StoreType type, String storeName) {
        if (type == StoreType.ROCKS_DB) {
            return context -> RocksDbBytesStore.open(RocksDbBytesStore.directory(context.directory(), storeName));
        }
        return context -> new InMemoryBytesStore();
    }
}
