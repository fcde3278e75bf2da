package io.tributary.streams.state;

import io.tributary.streams.Materialized.StoreType;
import io.tributary.streams.internal.SerdeDefaults;
import io.tributary.streams.internal.state.BytesStores;
import io.tributary.streams.internal.state.ManagedStore;
import io.tributary.streams.internal.state.StoreFactory;
import io.tributary.streams.internal.state.TypedSessionStore;
import io.tributary.streams.internal.state.TypedWindowStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * Declares window and session stores for the processor API ({@code Topology.Builder#addStateStore}); the DSL's
 * windowed operations declare theirs the same way, with the store type of their {@code Materialized} (null: the
 * application's {@code default.dsl.store}). Each sits on a {@code BytesStore}: a heap map or a RocksDB database.
 * Their changelogs are compacted and also
 * deleted by time ({@code cleanup.policy=compact,delete}, {@code retention.ms} = retention + 1 day, as Kafka
 * Streams configures windowed changelogs), unless the configs given say otherwise.
 */
public final class WindowStores {

    static final long ONE_DAY_MS = Duration.ofDays(1).toMillis();

    private WindowStores() {
    }

    /** A window store on the heap, logged; null serdes mean the application's defaults. */
    public static <K, V> WindowStoreDeclaration<K, V> inMemoryWindowStore(String name, Duration retention,
            Duration windowSize, boolean retainDuplicates, Serde<K> keySerde, Serde<V> valueSerde) {
        return windowStore(name, retention, windowSize, retainDuplicates, keySerde, valueSerde, StoreType.IN_MEMORY);
    }

    /** A window store in RocksDB, logged; null serdes mean the application's defaults. */
    public static <K, V> WindowStoreDeclaration<K, V> persistentWindowStore(String name, Duration retention,
            Duration windowSize, boolean retainDuplicates, Serde<K> keySerde, Serde<V> valueSerde) {
        return windowStore(name, retention, windowSize, retainDuplicates, keySerde, valueSerde, StoreType.ROCKS_DB);
    }

    /** A window store of the given type (null: {@code default.dsl.store}), logged. */
    public static <K, V> WindowStoreDeclaration<K, V> windowStore(String name, Duration retention,
            Duration windowSize, boolean retainDuplicates, Serde<K> keySerde, Serde<V> valueSerde, StoreType type) {
        return new WindowStoreDeclaration<>(name, keySerde, valueSerde, retention.toMillis(), windowSize.toMillis(),
                retainDuplicates, true, windowedChangelogConfigs(retention.toMillis(), Map.of()), type);
    }

    /** A session store on the heap, logged; null serdes mean the application's defaults. */
    public static <K, V> SessionStoreDeclaration<K, V> inMemorySessionStore(String name, Duration retention,
            Serde<K> keySerde, Serde<V> valueSerde) {
        return sessionStore(name, retention, keySerde, valueSerde, StoreType.IN_MEMORY);
    }

    /** A session store in RocksDB, logged; null serdes mean the application's defaults. */
    public static <K, V> SessionStoreDeclaration<K, V> persistentSessionStore(String name, Duration retention,
            Serde<K> keySerde, Serde<V> valueSerde) {
        return sessionStore(name, retention, keySerde, valueSerde, StoreType.ROCKS_DB);
    }

    /** A session store of the given type (null: {@code default.dsl.store}), logged. */
    public static <K, V> SessionStoreDeclaration<K, V> sessionStore(String name, Duration retention,
            Serde<K> keySerde, Serde<V> valueSerde, StoreType type) {
        return new SessionStoreDeclaration<>(name, keySerde, valueSerde, retention.toMillis(), true,
                windowedChangelogConfigs(retention.toMillis(), Map.of()), type);
    }

    static Map<String, String> windowedChangelogConfigs(long retentionMs, Map<String, String> given) {
        Map<String, String> configs = new HashMap<>();
        configs.put("cleanup.policy", "compact,delete");
        configs.put("retention.ms", Long.toString(retentionMs + ONE_DAY_MS));
        configs.putAll(given);
        return Map.copyOf(configs);
    }

    /** A window store declaration; immutable, each {@code with*} makes a changed copy. */
    public record WindowStoreDeclaration<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde,
            long retentionMs, long windowSizeMs, boolean retainDuplicates, boolean logged,
            Map<String, String> changelogConfigs, StoreType storeType, boolean caching) implements StoreFactory {

        /** Uncached, as processor-API stores are unless {@link #withCachingEnabled()}. */
        public WindowStoreDeclaration(String name, Serde<K> keySerde, Serde<V> valueSerde, long retentionMs,
                long windowSizeMs, boolean retainDuplicates, boolean logged, Map<String, String> changelogConfigs,
                StoreType storeType) {
            this(name, keySerde, valueSerde, retentionMs, windowSizeMs, retainDuplicates, logged, changelogConfigs,
                    storeType, false);
        }

        public WindowStoreDeclaration<K, V> withLoggingDisabled() {
            return new WindowStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, windowSizeMs,
                    retainDuplicates, false, changelogConfigs, storeType, caching);
        }

        public WindowStoreDeclaration<K, V> withLoggingEnabled(Map<String, String> configs) {
            return new WindowStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, windowSizeMs,
                    retainDuplicates, true, windowedChangelogConfigs(retentionMs, configs), storeType, caching);
        }

        /** Writes go through the thread's record cache (one write per window per commit); not with duplicates. */
        public WindowStoreDeclaration<K, V> withCachingEnabled() {
            if (retainDuplicates) {
                throw new IllegalArgumentException("window store " + name + " keeps duplicates: it cannot cache");
            }
            return new WindowStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, windowSizeMs,
                    retainDuplicates, logged, changelogConfigs, storeType, true);
        }


        @Override
        public ManagedStore create(SerdeDefaults defaults) {
            StoreType type = storeType != null ? storeType : defaults.dslStore();
            return new TypedWindowStore<>(name, defaults.key(keySerde), defaults.value(valueSerde),
                    BytesStores.of(type, name), type == StoreType.ROCKS_DB, retentionMs, windowSizeMs,
                    retainDuplicates, caching);
        }
    }

    /** A session store declaration; immutable, each {@code with*} makes a changed copy. */
    public record SessionStoreDeclaration<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde,
            long retentionMs, boolean logged, Map<String, String> changelogConfigs,
            StoreType storeType) implements StoreFactory {

        public SessionStoreDeclaration<K, V> withLoggingDisabled() {
            return new SessionStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, false, changelogConfigs,
                    storeType);
        }

        public SessionStoreDeclaration<K, V> withLoggingEnabled(Map<String, String> configs) {
            return new SessionStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, true,
                    windowedChangelogConfigs(retentionMs, configs), storeType);
        }


        @Override
        public ManagedStore create(SerdeDefaults defaults) {
            StoreType type = storeType != null ? storeType : defaults.dslStore();
            return new TypedSessionStore<>(name, defaults.key(keySerde), defaults.value(valueSerde),
                    BytesStores.of(type, name), type == StoreType.ROCKS_DB, retentionMs);
        }
    }
}
