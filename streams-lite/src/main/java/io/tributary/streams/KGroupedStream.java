package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.dsl.AggregateProcessor;
import io.tributary.streams.internal.dsl.Change;
import io.tributary.streams.processor.ProcessorSupplier;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A stream grouped by key, ready to aggregate into a table. When the key was changed upstream, the aggregation
 * first goes through the repartition topic {@code <application.id>-<name>-repartition} (name: the grouping's, else
 * the store's), so that every record of one key reaches the same task.
 */
public final class KGroupedStream<K, V> {

    private final StreamsBuilder builder;
    private final String node;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final boolean repartition;
    private final String groupingName;

    KGroupedStream(StreamsBuilder builder, String node, Serde<K> keySerde, Serde<V> valueSerde, boolean repartition,
            String groupingName) {
        this.builder = builder;
        this.node = node;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.repartition = repartition;
        this.groupingName = groupingName;
    }

    public KTable<K, Long> count() {
        return count(Materialized.as(null));
    }

    public KTable<K, Long> count(Materialized<K, Long> materialized) {
        Materialized<K, Long> m = materialized.valueSerde() == null ? materialized.withValueSerde(Serdes.Long())
                : materialized;
        return aggregate(() -> 0L, (k, v, count) -> count + 1, m);
    }

    public KTable<K, V> reduce(BinaryOperator<V> reducer) {
        return reduce(reducer, Materialized.as(null));
    }

    public KTable<K, V> reduce(BinaryOperator<V> reducer, Materialized<K, V> materialized) {
        Materialized<K, V> m = materialized.valueSerde() == null ? materialized.withValueSerde(valueSerde)
                : materialized;
        // The first value of a key is its aggregate as it is: the initializer's null marks "none yet".
        return aggregate(() -> null, (k, v, agg) -> agg == null ? v : reducer.apply(agg, v), m);
    }

    public <A> KTable<K, A> aggregate(Supplier<A> initializer, AggregateProcessor.Aggregator<? super K, ? super V, A>
            aggregator, Materialized<K, A> materialized) {
        Materialized<K, A> m = materialized.keySerde() == null ? materialized.withKeySerde(keySerde) : materialized;
        String store = builder.storeName(m, "AGGREGATE-STATE-STORE");
        String input = repartition ? repartition(groupingName != null ? groupingName : store) : node;
        builder.addKeyValueStore(store, m);
        String name = builder.newName("KSTREAM-AGGREGATE");
        ProcessorSupplier<K, V, K, Change<A>> supplier = () -> new AggregateProcessor<>(store, initializer, aggregator);
        builder.graph.add(new NodeSpec.Processor(name, List.of(input), supplier, Set.of(store)));
        return new KTable<>(builder, name, store, m.keySerde(), m.valueSerde());
    }

    /** Writes the stream to its repartition topic and reads it back; returns the reading source. */
    private String repartition(String name) {
        return Repartition.through(builder, node, name, keySerde, valueSerde);
    }

    /** Cuts the grouped stream into time windows (tumbling or hopping) for a windowed aggregation. */
    public TimeWindowedKStream<K, V> windowedBy(TimeWindows windows) {
        return new TimeWindowedKStream<>(builder, this::aggregationInput, keySerde, valueSerde, windows, null,
                EmitStrategy.ON_WINDOW_UPDATE);
    }

    /** Cuts the grouped stream into sliding windows for a windowed aggregation. */
    public TimeWindowedKStream<K, V> windowedBy(SlidingWindows windows) {
        return new TimeWindowedKStream<>(builder, this::aggregationInput, keySerde, valueSerde, null, windows,
                EmitStrategy.ON_WINDOW_UPDATE);
    }

    /** Cuts the grouped stream into sessions for a session aggregation. */
    public SessionWindowedKStream<K, V> windowedBy(SessionWindows windows) {
        return new SessionWindowedKStream<>(builder, this::aggregationInput, keySerde, valueSerde, windows,
                EmitStrategy.ON_WINDOW_UPDATE);
    }

    /** The node a windowed aggregation reads: through the repartition topic when the key changed. */
    private String aggregationInput(String store) {
        return repartition ? repartition(groupingName != null ? groupingName : store) : node;
    }
}
