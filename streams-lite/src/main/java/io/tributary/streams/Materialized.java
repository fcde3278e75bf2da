package io.tributary.streams;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * How a table's state is kept: the store's name (queryable, and naming its changelog
 * {@code <application.id>-<name>-changelog}), its serdes, whether it is logged, its store type (null: the
 * application's {@code default.dsl.store}) and whether its writes go through the record cache (on by default, as
 * in Kafka Streams: see {@code statestore.cache.max.bytes}). Immutable.
 */
public record Materialized<K, V>(String storeName, Serde<K> keySerde, Serde<V> valueSerde, boolean logged,
        Map<String, String> changelogConfigs, StoreType storeType, boolean cachingDisabled) {

    /** Where a DSL store keeps its data, as Kafka Streams' {@code Materialized.StoreType}. */
    public enum StoreType {
        /** On disk in RocksDB: state may outgrow the heap. */
        ROCKS_DB,
        /** On the heap. */
        IN_MEMORY
    }

    /** Without a store type: the application's {@code default.dsl.store} decides. */
    public Materialized(String storeName, Serde<K> keySerde, Serde<V> valueSerde, boolean logged,
            Map<String, String> changelogConfigs) {
        this(storeName, keySerde, valueSerde, logged, changelogConfigs, null);
    }

    /** Cached. */
    public Materialized(String storeName, Serde<K> keySerde, Serde<V> valueSerde, boolean logged,
            Map<String, String> changelogConfigs, StoreType storeType) {
        this(storeName, keySerde, valueSerde, logged, changelogConfigs, storeType, false);
    }

    public static <K, V> Materialized<K, V> as(String storeName) {
        return new Materialized<>(storeName, null, null, true, Map.of());
    }

    public static <K, V> Materialized<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Materialized<>(null, keySerde, valueSerde, true, Map.of());
    }

    public Materialized<K, V> withKeySerde(Serde<K> serde) {
        return new Materialized<>(storeName, serde, valueSerde, logged, changelogConfigs, storeType, cachingDisabled);
    }

    public Materialized<K, V> withValueSerde(Serde<V> serde) {
        return new Materialized<>(storeName, keySerde, serde, logged, changelogConfigs, storeType, cachingDisabled);
    }

    public Materialized<K, V> withLoggingDisabled() {
        return new Materialized<>(storeName, keySerde, valueSerde, false, changelogConfigs, storeType, cachingDisabled);
    }

    public Materialized<K, V> withLoggingEnabled(Map<String, String> configs) {
        return new Materialized<>(storeName, keySerde, valueSerde, true, Map.copyOf(configs), storeType, cachingDisabled);
    }

    /** Overrides {@code default.dsl.store} for this store. */
    public Materialized<K, V> withStoreType(StoreType type) {
        return new Materialized<>(storeName, keySerde, valueSerde, logged, changelogConfigs, type, cachingDisabled);
    }

    /** Every update goes to the changelog and downstream at once (for tests, or low-latency outputs). */
    public Materialized<K, V> withCachingDisabled() {
        return new Materialized<>(storeName, keySerde, valueSerde, logged, changelogConfigs, storeType, true);
    }

    public Materialized<K, V> withCachingEnabled() {
        return new Materialized<>(storeName, keySerde, valueSerde, logged, changelogConfigs, storeType, false);
    }
}
