package io.tributary.streams.internal;

import io.tributary.streams.Materialized;
import org.apache.kafka.common.serialization.Serde;

/**
 * The application's {@code default.key.serde} and {@code default.value.serde}, standing in for unnamed serdes, and
 * its {@code default.dsl.store}, the type of DSL stores that name none.
 */
public record SerdeDefaults(Serde<?> keySerde, Serde<?> valueSerde, Materialized.StoreType dslStore) {

    /** Serdes only; DSL stores in memory (streams-lite's default). */
    public SerdeDefaults(Serde<?> keySerde, Serde<?> valueSerde) {
        this(keySerde, valueSerde, Materialized.StoreType.IN_MEMORY);
    }

    @SuppressWarnings("unchecked")
    public <T> Serde<T> key(Serde<T> given) {
        return given != null ? given : (Serde<T>) require(keySerde, "default.key.serde");
    }

    @SuppressWarnings("unchecked")
    public <T> Serde<T> value(Serde<T> given) {
        return given != null ? given : (Serde<T>) require(valueSerde, "default.value.serde");
    }

    private static Serde<?> require(Serde<?> serde, String config) {
        if (serde == null) {
            throw new IllegalStateException("a node or store names no serde and " + config + " is not set");
        }
        return serde;
    }
}
