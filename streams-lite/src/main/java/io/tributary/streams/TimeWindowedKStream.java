package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.StoreSpec;
import io.tributary.streams.internal.dsl.AggregateProcessor;
import io.tributary.streams.internal.dsl.DroppedRecords;
import io.tributary.streams.internal.dsl.SlidingWindowAggregateProcessor;
import io.tributary.streams.internal.dsl.TimeWindowAggregateProcessor;
import io.tributary.streams.internal.dsl.WindowedValueGetters;
import io.tributary.streams.processor.ProcessorSupplier;
import io.tributary.streams.state.WindowStores;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A grouped stream cut into time windows (tumbling, hopping) or sliding windows, ready to aggregate per key and
 * window into a {@code KTable<Windowed<K>, V>}. The window store keeps each window for its size plus grace.
 * By default every update is emitted; {@link #emitStrategy} with {@link EmitStrategy#onWindowClose()} emits each
 * window's final value once, when it closes.
 */
public final class TimeWindowedKStream<K, V> {

    private final StreamsBuilder builder;
    /** The aggregation's input node, given the store's name (which names a repartition topic if one is needed). */
    private final Function<String, String> input;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final TimeWindows timeWindows;
    private final SlidingWindows slidingWindows;
    private final EmitStrategy emitStrategy;

    TimeWindowedKStream(StreamsBuilder builder, Function<String, String> input, Serde<K> keySerde,
            Serde<V> valueSerde, TimeWindows timeWindows, SlidingWindows slidingWindows, EmitStrategy emitStrategy) {
        this.builder = builder;
        this.input = input;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.timeWindows = timeWindows;
        this.slidingWindows = slidingWindows;
        this.emitStrategy = emitStrategy;
    }

    public TimeWindowedKStream<K, V> emitStrategy(EmitStrategy strategy) {
        return new TimeWindowedKStream<>(builder, input, keySerde, valueSerde, timeWindows, slidingWindows, strategy);
    }

    public KTable<Windowed<K>, Long> count() {
        return count(Materialized.as(null));
    }

    public KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized) {
        Materialized<K, Long> m = materialized.valueSerde() == null ? materialized.withValueSerde(Serdes.Long())
                : materialized;
        return aggregate(() -> 0L, (k, v, count) -> count + 1, m);
    }

    public KTable<Windowed<K>, V> reduce(BinaryOperator<V> reducer) {
        return reduce(reducer, Materialized.as(null));
    }

    public KTable<Windowed<K>, V> reduce(BinaryOperator<V> reducer, Materialized<K, V> materialized) {
        Materialized<K, V> m = materialized.valueSerde() == null ? materialized.withValueSerde(valueSerde)
                : materialized;
        // The initializer's null marks "no value yet": a window's first value is its aggregate as it is.
        return aggregate(() -> null, (k, v, agg) -> agg == null ? v : reducer.apply(agg, v), m);
    }

    public <A> KTable<Windowed<K>, A> aggregate(Supplier<A> initializer,
            AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator) {
        return aggregate(initializer, aggregator, Materialized.as(null));
    }

    public <A> KTable<Windowed<K>, A> aggregate(Supplier<A> initializer,
            AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator, Materialized<K, A> materialized) {
        Materialized<K, A> m = materialized.keySerde() == null ? materialized.withKeySerde(keySerde) : materialized;
        String store = builder.storeName(m, "AGGREGATE-STATE-STORE");
        String in = input.apply(store);
        long sizeMs = timeWindows != null ? timeWindows.sizeMs() : slidingWindows.timeDifferenceMs();
        long graceMs = timeWindows != null ? timeWindows.graceMs() : slidingWindows.graceMs();
        // Sliding windows keep one more time difference: a record can still update windows that start before it.
        long retentionMs = sizeMs + graceMs + (timeWindows != null ? 0 : sizeMs + 1);
        addWindowStore(store, m.keySerde(), m.valueSerde(), retentionMs, sizeMs, false, m,
                timeWindows != null && !m.cachingDisabled());
        String name = builder.newName("KSTREAM-WINDOWAGGREGATE");
        ProcessorSupplier<K, V, Windowed<K>, A> supplier;
        Set<String> stores;
        if (timeWindows != null) {
            supplier = DroppedRecords.counting(dropped -> new TimeWindowAggregateProcessor<>(store, timeWindows,
                    initializer, aggregator, dropped));
            stores = Set.of(store);
        } else {
            String records = store + "-records";
            addWindowStore(records, m.keySerde(), valueSerde, retentionMs, 0, true, m, false);
            supplier = DroppedRecords.counting(dropped -> new SlidingWindowAggregateProcessor<>(store, records,
                    slidingWindows, initializer, aggregator, dropped));
            stores = Set.of(store, records);
        }
        builder.graph.add(new NodeSpec.Processor(name, List.of(in), supplier, stores));
        Serde<Windowed<K>> windowedSerde = m.keySerde() == null ? null
                : WindowedSerdes.timeWindowedSerdeFrom(m.keySerde(), sizeMs);
        // Time windows end exclusively, so they close at end + grace; sliding windows include their end.
        long closeAfterMs = graceMs + (timeWindows != null ? 0 : 1);
        WindowedNodes.register(builder, name, new WindowedNodes.Info(closeAfterMs, m.keySerde()));
        KTable<Windowed<K>, A> table = new KTable<>(builder, name, store, windowedSerde, m.valueSerde(),
                WindowedValueGetters.ofWindowStore(store));
        return emitStrategy == EmitStrategy.ON_WINDOW_CLOSE
                ? table.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())) : table;
    }

    private void addWindowStore(String name, Serde<?> keys, Serde<?> values, long retentionMs, long sizeMs,
            boolean duplicates, Materialized<?, ?> m, boolean caching) {
        var declaration = WindowStores.windowStore(name, Duration.ofMillis(retentionMs), Duration.ofMillis(sizeMs),
                duplicates, keys, values, m.storeType());
        var logged = m.logged() ? declaration.withLoggingEnabled(m.changelogConfigs())
                : declaration.withLoggingDisabled();
        var store = caching ? logged.withCachingEnabled() : logged;
        builder.graph.addStore(new StoreSpec(name, store, store.logged(), store.changelogConfigs()));
    }
}
