package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.StoreSpec;
import io.tributary.streams.internal.dsl.Change;
import io.tributary.streams.internal.dsl.TableSourceProcessor;
import io.tributary.streams.processor.ProcessorSupplier;
import io.tributary.streams.state.Stores;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The DSL's entry: streams and tables from topics, then {@link #build()} for an immutable {@link Topology}.
 * Generated node names follow Kafka Streams' style ({@code KSTREAM-FILTER-0000000003}).
 */
public final class StreamsBuilder {

    final Topology.Builder graph = Topology.builder();
    private int counter;

    public <K, V> KStream<K, V> stream(String topic) {
        return stream(List.of(topic), Consumed.with(null, null));
    }

    public <K, V> KStream<K, V> stream(String topic, Consumed<K, V> consumed) {
        return stream(List.of(topic), consumed);
    }

    public <K, V> KStream<K, V> stream(Collection<String> topics, Consumed<K, V> consumed) {
        String name = newName("KSTREAM-SOURCE");
        graph.add(new NodeSpec.Source(name, List.copyOf(topics), null, false, consumed.keySerde(),
                consumed.valueSerde()));
        return new KStream<>(this, name, consumed.keySerde(), consumed.valueSerde(), false);
    }

    /** Every topic matching the pattern when the application starts. */
    public <K, V> KStream<K, V> stream(Pattern pattern, Consumed<K, V> consumed) {
        String name = newName("KSTREAM-SOURCE");
        graph.add(new NodeSpec.Source(name, List.of(), pattern, false, consumed.keySerde(), consumed.valueSerde()));
        return new KStream<>(this, name, consumed.keySerde(), consumed.valueSerde(), false);
    }

    /** A table of the topic's latest value per key; a null value deletes the key. */
    public <K, V> KTable<K, V> table(String topic, Consumed<K, V> consumed, Materialized<K, V> materialized) {
        String source = newName("KSTREAM-SOURCE");
        graph.add(new NodeSpec.Source(source, List.of(topic), null, false, consumed.keySerde(),
                consumed.valueSerde()));
        Materialized<K, V> m = materialized
                .withKeySerde(materialized.keySerde() != null ? materialized.keySerde() : consumed.keySerde())
                .withValueSerde(materialized.valueSerde() != null ? materialized.valueSerde() : consumed.valueSerde());
        String store = storeName(m, "STATE-STORE");
        addKeyValueStore(store, m);
        String node = newName("KTABLE-SOURCE");
        ProcessorSupplier<K, V, K, Change<V>> supplier = () -> new TableSourceProcessor<>(store);
        graph.add(new NodeSpec.Processor(node, List.of(source), supplier, Set.of(store)));
        return new KTable<>(this, node, store, m.keySerde(), m.valueSerde());
    }

    public <K, V> KTable<K, V> table(String topic, Consumed<K, V> consumed) {
        return table(topic, consumed, Materialized.as(null));
    }

    public Topology build() {
        return graph.build();
    }

    String newName(String prefix) {
        return String.format("%s-%010d", prefix, counter++);
    }

    String storeName(Materialized<?, ?> materialized, String kind) {
        return materialized.storeName() != null ? materialized.storeName() : newName("KSTREAM-" + kind);
    }

    void addKeyValueStore(String name, Materialized<?, ?> m) {
        // Unless Materialized names a store type (null), default.dsl.store decides when tasks create the store.
        var declaration = new Stores.KeyValueStoreDeclaration<>(name, m.keySerde(), m.valueSerde(), true, Map.of(),
                m.storeType());
        var logged = m.logged() ? declaration.withLoggingEnabled(m.changelogConfigs())
                : declaration.withLoggingDisabled();
        var store = m.cachingDisabled() ? logged : logged.withCachingEnabled();
        graph.addStore(new StoreSpec(name, store, store.logged(), store.changelogConfigs()));
    }
}
