package io.tributary.streams.state;

import io.tributary.streams.internal.SerdeDefaults;
import io.tributary.streams.internal.state.BytesStore;
import io.tributary.streams.internal.state.InMemoryBytesStore;
import io.tributary.streams.internal.state.ManagedStore;
import io.tributary.streams.internal.state.StoreContext;
import io.tributary.streams.internal.state.StoreFactory;
import io.tributary.streams.internal.state.TypedSessionStore;
import io.tributary.streams.internal.state.TypedWindowStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;

/**
 * Declares window and session stores for the processor API ({@code Topology.Builder#addStateStore}); the DSL's
 * windowed operations declare theirs the same way. Each sits on a {@link BytesStore}, on the heap by default
 * ({@code withBytesStore} puts another, e.g. a disk store, under it). Their changelogs are compacted and also
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
        return new WindowStoreDeclaration<>(name, keySerde, valueSerde, retention.toMillis(), windowSize.toMillis(),
                retainDuplicates, true, windowedChangelogConfigs(retention.toMillis(), Map.of()), c -> new InMemoryBytesStore());
    }

    /** A session store on the heap, logged; null serdes mean the application's defaults. */
    public static <K, V> SessionStoreDeclaration<K, V> inMemorySessionStore(String name, Duration retention,
            Serde<K> keySerde, Serde<V> valueSerde) {
        return new SessionStoreDeclaration<>(name, keySerde, valueSerde, retention.toMillis(), true,
                windowedChangelogConfigs(retention.toMillis(), Map.of()), c -> new InMemoryBytesStore());
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
            Map<String, String> changelogConfigs, Function<StoreContext, BytesStore> bytesStore)
            implements StoreFactory {

        public WindowStoreDeclaration<K, V> withLoggingDisabled() {
            return new WindowStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, windowSizeMs,
                    retainDuplicates, false, changelogConfigs, bytesStore);
        }

        public WindowStoreDeclaration<K, V> withLoggingEnabled(Map<String, String> configs) {
            return new WindowStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, windowSizeMs,
                    retainDuplicates, true, windowedChangelogConfigs(retentionMs, configs), bytesStore);
        }

        public WindowStoreDeclaration<K, V> withBytesStore(Function<StoreContext, BytesStore> open) {
            return new WindowStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, windowSizeMs,
                    retainDuplicates, logged, changelogConfigs, open);
        }

        @Override
        public ManagedStore create(SerdeDefaults defaults) {
            return new TypedWindowStore<>(name, defaults.key(keySerde), defaults.value(valueSerde), bytesStore,
                    retentionMs, windowSizeMs, retainDuplicates);
        }
    }

    /** A session store declaration; immutable, each {@code with*} makes a changed copy. */
    public record SessionStoreDeclaration<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde,
            long retentionMs, boolean logged, Map<String, String> changelogConfigs,
            Function<StoreContext, BytesStore> bytesStore) implements StoreFactory {

        public SessionStoreDeclaration<K, V> withLoggingDisabled() {
            return new SessionStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, false, changelogConfigs,
                    bytesStore);
        }

        public SessionStoreDeclaration<K, V> withLoggingEnabled(Map<String, String> configs) {
            return new SessionStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, true,
                    windowedChangelogConfigs(retentionMs, configs), bytesStore);
        }

        public SessionStoreDeclaration<K, V> withBytesStore(Function<StoreContext, BytesStore> open) {
            return new SessionStoreDeclaration<>(name, keySerde, valueSerde, retentionMs, logged, changelogConfigs,
                    open);
        }

        @Override
        public ManagedStore create(SerdeDefaults defaults) {
            return new TypedSessionStore<>(name, defaults.key(keySerde), defaults.value(valueSerde), bytesStore,
                    retentionMs);
        }
    }
}
