package io.tributary.streams.state;

import io.tributary.streams.Materialized.StoreType;
import io.tributary.streams.internal.SerdeDefaults;
import io.tributary.streams.internal.state.InMemoryBytesStore;
import io.tributary.streams.internal.state.ManagedStore;
import io.tributary.streams.internal.state.RocksDbBytesStore;
import io.tributary.streams.internal.state.StoreFactory;
import io.tributary.streams.internal.state.TypedKeyValueStore;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** Declares stores for the processor API ({@code Topology.Builder#addStateStore}). */
public final class Stores {

    private Stores() {
    }

    /** A key-value store on the heap, logged to its changelog; null serdes mean the application's defaults. */
    public static <K, V> KeyValueStoreDeclaration<K, V> inMemoryKeyValueStore(String name, Serde<K> keySerde,
            Serde<V> valueSerde) {
        return new KeyValueStoreDeclaration<>(name, keySerde, valueSerde, true, Map.of());
    }

    /**
     * A key-value store on disk (RocksDB, under {@code <state.dir>/<application.id>/<task>/rocksdb/<name>}), logged
     * to its changelog; it may outgrow the heap. Null serdes mean the application's defaults.
     */
    public static <K, V> KeyValueStoreDeclaration<K, V> persistentKeyValueStore(String name, Serde<K> keySerde,
            Serde<V> valueSerde) {
        return new KeyValueStoreDeclaration<>(name, keySerde, valueSerde, true, Map.of(), StoreType.ROCKS_DB);
    }

    /**
     * A key-value store declaration; immutable, each {@code with*} makes a changed copy. A null store type (what
     * the DSL declares unless {@code Materialized.withStoreType} says) means the application's
     * {@code default.dsl.store}.
     */
    public record KeyValueStoreDeclaration<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde,
            boolean logged, Map<String, String> changelogConfigs, StoreType storeType, boolean caching)
            implements StoreFactory {

        /** Uncached, as processor-API stores are unless {@link #withCachingEnabled()}. */
        public KeyValueStoreDeclaration(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean logged,
                Map<String, String> changelogConfigs, StoreType storeType) {
            this(name, keySerde, valueSerde, logged, changelogConfigs, storeType, false);
        }

        /** An in-memory store. */
        public KeyValueStoreDeclaration(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean logged,
                Map<String, String> changelogConfigs) {
            this(name, keySerde, valueSerde, logged, changelogConfigs, StoreType.IN_MEMORY);
        }

        public KeyValueStoreDeclaration<K, V> withLoggingDisabled() {
            return new KeyValueStoreDeclaration<>(name, keySerde, valueSerde, false, changelogConfigs, storeType,
                    caching);
        }

        public KeyValueStoreDeclaration<K, V> withLoggingEnabled(Map<String, String> configs) {
            return new KeyValueStoreDeclaration<>(name, keySerde, valueSerde, true, Map.copyOf(configs),
                    storeType, caching);
        }

        /**
         * Writes go through the thread's record cache ({@code statestore.cache.max.bytes}): a key's updates reach
         * the changelog (and, for DSL stores, downstream) once per commit or eviction.
         */
        public KeyValueStoreDeclaration<K, V> withCachingEnabled() {
            return new KeyValueStoreDeclaration<>(name, keySerde, valueSerde, logged, changelogConfigs, storeType,
                    true);
        }

        @Override
        public ManagedStore create(SerdeDefaults defaults) {
            StoreType type = storeType != null ? storeType : defaults.dslStore();
            if (type == StoreType.ROCKS_DB) {
                return new TypedKeyValueStore<>(name, defaults.key(keySerde), defaults.value(valueSerde),
                        context -> RocksDbBytesStore.open(RocksDbBytesStore.directory(context.directory(), name)),
                        true, caching);
            }
            return new TypedKeyValueStore<>(name, defaults.key(keySerde), defaults.value(valueSerde),
                    context -> new InMemoryBytesStore(), false, caching);
        }
    }
}
