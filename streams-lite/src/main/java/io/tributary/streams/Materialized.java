package io.tributary.streams;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * How a table's state is kept: the store's name (queryable, and naming its changelog
 * {@code <application.id>-<name>-changelog}), its serdes, and whether it is logged. Immutable.
 */
public record Materialized<K, V>(String storeName, Serde<K> keySerde, Serde<V> valueSerde, boolean logged,
        Map<String, String> changelogConfigs) {

    public static <K, V> Materialized<K, V> as(String storeName) {
        return new Materialized<>(storeName, null, null, true, Map.of());
    }

    public static <K, V> Materialized<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Materialized<>(null, keySerde, valueSerde, true, Map.of());
    }

    public Materialized<K, V> withKeySerde(Serde<K> serde) {
        return new Materialized<>(storeName, serde, valueSerde, logged, changelogConfigs);
    }

    public Materialized<K, V> withValueSerde(Serde<V> serde) {
        return new Materialized<>(storeName, keySerde, serde, logged, changelogConfigs);
    }

    public Materialized<K, V> withLoggingDisabled() {
        return new Materialized<>(storeName, keySerde, valueSerde, false, changelogConfigs);
    }

    public Materialized<K, V> withLoggingEnabled(Map<String, String> configs) {
        return new Materialized<>(storeName, keySerde, valueSerde, true, Map.copyOf(configs));
    }
}
