package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.dsl.StatelessOps;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;

/**
 * A changelog stream read as a table: the latest value per key, null meaning deleted. Downstream nodes see every
 * change. {@link #queryableStoreName()} names the store that holds it, if any.
 */
public final class KTable<K, V> {

    private final StreamsBuilder builder;
    private final String node;
    private final String storeName;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;

    KTable(StreamsBuilder builder, String node, String storeName, Serde<K> keySerde, Serde<V> valueSerde) {
        this.builder = builder;
        this.node = node;
        this.storeName = storeName;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
    }

    /** Keeps the rows that match; a row that stops matching is deleted downstream. */
    public KTable<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
        return values("KTABLE-FILTER", (k, v) -> predicate.test(k, v) ? v : null, valueSerde);
    }

    public <VR> KTable<K, VR> mapValues(Function<? super V, ? extends VR> mapper) {
        return values("KTABLE-MAPVALUES", (k, v) -> mapper.apply(v), null);
    }

    /** Every change of the table as a stream (deletions as null values). */
    public KStream<K, V> toStream() {
        String name = builder.newName("KTABLE-TOSTREAM");
        builder.graph.add(new NodeSpec.Processor(name, List.of(node), StatelessOps.passThrough(), Set.of()));
        return new KStream<>(builder, name, keySerde, valueSerde, false);
    }

    public String queryableStoreName() {
        return storeName;
    }

    private <VR> KTable<K, VR> values(String kind, java.util.function.BiFunction<? super K, ? super V, ? extends VR>
            mapper, Serde<VR> serde) {
        String name = builder.newName(kind);
        builder.graph.add(new NodeSpec.Processor(name, List.of(node), StatelessOps.tableValues(mapper), Set.of()));
        return new KTable<>(builder, name, null, keySerde, serde);
    }

    /**
     * Holds back a windowed table's updates: with {@link Suppressed#untilWindowCloses}, each window's final value
     * is emitted once, when the window closes. Must follow the windowed aggregation directly.
     */
    public KTable<K, V> suppress(Suppressed suppressed) {
        return WindowedTables.suppress(builder, node, keySerde, valueSerde, suppressed);
    }
}
