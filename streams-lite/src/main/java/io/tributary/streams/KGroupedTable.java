package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.TopicChooser;
import io.tributary.streams.internal.dsl.AggregateProcessor;
import io.tributary.streams.internal.dsl.Change;
import io.tributary.streams.internal.dsl.ChangeMarker;
import io.tributary.streams.internal.dsl.TableAggregateProcessor;
import io.tributary.streams.processor.ProcessorSupplier;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A table re-grouped by {@link KTable#groupBy}, ready to aggregate with an adder and a subtractor.
 *
 * <p>The rows travel through the repartition topic {@code <application.id>-<name>-repartition} (name: the
 * grouping's, else the store's), written with the {@link Grouped} serdes. Each change of a source row becomes up
 * to two records there, marked by the header {@value ChangeMarker#HEADER}: first {@code old}, the row's previous
 * (group key, value), which the aggregation subtracts from that group; then {@code new}, its current one, which it
 * adds to its group. Two records rather than one combined value because the old and new group keys may belong to
 * different partitions, and because the value serde then stays the user's. So a row that changes but stays in its
 * group shows the group's intermediate aggregate (after the subtraction) downstream before the final one.
 */
public final class KGroupedTable<K, V> {

    private final StreamsBuilder builder;
    private final String node;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final String groupingName;

    KGroupedTable(StreamsBuilder builder, String node, Serde<K> keySerde, Serde<V> valueSerde, String groupingName) {
        this.builder = builder;
        this.node = node;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.groupingName = groupingName;
    }

    /** The number of rows per group; a group that loses all its rows counts 0 (it is not deleted). */
    public KTable<K, Long> count() {
        return count(Materialized.as(null));
    }

    public KTable<K, Long> count(Materialized<K, Long> materialized) {
        Materialized<K, Long> m = materialized.valueSerde() == null ? materialized.withValueSerde(Serdes.Long())
                : materialized;
        return aggregate(() -> 0L, (k, v, count) -> count + 1, (k, v, count) -> count - 1, m);
    }

    public KTable<K, V> reduce(BinaryOperator<V> adder, BinaryOperator<V> subtractor) {
        return reduce(adder, subtractor, Materialized.as(null));
    }

    /** Folds the group's values with {@code adder}; {@code subtractor} takes a value back out of the aggregate. */
    public KTable<K, V> reduce(BinaryOperator<V> adder, BinaryOperator<V> subtractor,
            Materialized<K, V> materialized) {
        Materialized<K, V> m = materialized.valueSerde() == null ? materialized.withValueSerde(valueSerde)
                : materialized;
        // A group's first value is its aggregate as it is: the initializer's null marks "none yet".
        return aggregate(() -> null, (k, v, agg) -> agg == null ? v : adder.apply(agg, v),
                (k, v, agg) -> subtractor.apply(agg, v), m);
    }

    public <A> KTable<K, A> aggregate(Supplier<A> initializer,
            AggregateProcessor.Aggregator<? super K, ? super V, A> adder,
            AggregateProcessor.Aggregator<? super K, ? super V, A> subtractor, Materialized<K, A> materialized) {
        Materialized<K, A> m = materialized.keySerde() == null ? materialized.withKeySerde(keySerde) : materialized;
        String store = m.storeName() != null ? m.storeName() : builder.newName("KTABLE-AGGREGATE-STATE-STORE");
        String topic = (groupingName != null ? groupingName : store) + "-repartition";
        builder.graph.add(new NodeSpec.Sink(builder.newName("KSTREAM-SINK"), List.of(node),
                TopicChooser.fixed(topic), true, keySerde, valueSerde));
        String source = builder.newName("KSTREAM-SOURCE");
        builder.graph.add(new NodeSpec.Source(source, List.of(topic), null, true, keySerde, valueSerde));
        builder.addKeyValueStore(store, m);
        String name = builder.newName("KTABLE-AGGREGATE");
        ProcessorSupplier<K, V, K, Change<A>> supplier = () -> new TableAggregateProcessor<>(store, initializer,
                adder, subtractor);
        builder.graph.add(new NodeSpec.Processor(name, List.of(source), supplier, Set.of(store)));
        return new KTable<>(builder, name, store, m.keySerde(), m.valueSerde());
    }
}
