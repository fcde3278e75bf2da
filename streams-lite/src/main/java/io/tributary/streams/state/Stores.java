package io.tributary.streams.state;

import io.tributary.streams.internal.SerdeDefaults;
import io.tributary.streams.internal.state.InMemoryBytesStore;
import io.tributary.streams.internal.state.ManagedStore;
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

    /** A key-value store declaration; immutable, each {@code with*} makes a changed copy. */
    public record KeyValueStoreDeclaration<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde,
            boolean logged, Map<String, String> changelogConfigs) implements StoreFactory {

        public KeyValueStoreDeclaration<K, V> withLoggingDisabled() {
            return new KeyValueStoreDeclaration<>(name, keySerde, valueSerde, false, changelogConfigs);
        }

        public KeyValueStoreDeclaration<K, V> withLoggingEnabled(Map<String, String> configs) {
            return new KeyValueStoreDeclaration<>(name, keySerde, valueSerde, true, Map.copyOf(configs));
        }

        @Override
        public ManagedStore create(SerdeDefaults defaults) {
            return new TypedKeyValueStore<>(name, defaults.key(keySerde), defaults.value(valueSerde),
                    context -> new InMemoryBytesStore(), false);
        }
    }
}
