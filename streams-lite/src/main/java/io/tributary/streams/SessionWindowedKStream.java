package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.StoreSpec;
import io.tributary.streams.internal.dsl.AggregateProcessor;
import io.tributary.streams.internal.dsl.DroppedRecords;
import io.tributary.streams.internal.dsl.SessionWindowAggregateProcessor;
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
 * A grouped stream cut into sessions, ready to aggregate per key and session into a {@code KTable<Windowed<K>,
 * V>}. When a record merges sessions, the merged ones are deleted from the table (null values downstream) and the
 * new session carries the merged aggregate. The session store keeps sessions for the gap plus grace.
 */
public final class SessionWindowedKStream<K, V> {

    private final StreamsBuilder builder;
    private final Function<String, String> input;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final SessionWindows windows;
    private final EmitStrategy emitStrategy;

    SessionWindowedKStream(StreamsBuilder builder, Function<String, String> input, Serde<K> keySerde,
            Serde<V> valueSerde, SessionWindows windows, EmitStrategy emitStrategy) {
        this.builder = builder;
        this.input = input;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.windows = windows;
        this.emitStrategy = emitStrategy;
    }

    public SessionWindowedKStream<K, V> emitStrategy(EmitStrategy strategy) {
        return new SessionWindowedKStream<>(builder, input, keySerde, valueSerde, windows, strategy);
    }

    public KTable<Windowed<K>, Long> count() {
        return count(Materialized.as(null));
    }

    public KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized) {
        Materialized<K, Long> m = materialized.valueSerde() == null ? materialized.withValueSerde(Serdes.Long())
                : materialized;
        return aggregate(() -> 0L, (k, v, count) -> count + 1, (k, a, b) -> a + b, m);
    }

    public KTable<Windowed<K>, V> reduce(BinaryOperator<V> reducer) {
        return reduce(reducer, Materialized.as(null));
    }

    public KTable<Windowed<K>, V> reduce(BinaryOperator<V> reducer, Materialized<K, V> materialized) {
        Materialized<K, V> m = materialized.valueSerde() == null ? materialized.withValueSerde(valueSerde)
                : materialized;
        BinaryOperator<V> orNull = (a, b) -> a == null ? b : b == null ? a : reducer.apply(a, b);
        return aggregate(() -> null, (k, v, agg) -> orNull.apply(agg, v), (k, a, b) -> orNull.apply(a, b), m);
    }

    public <A> KTable<Windowed<K>, A> aggregate(Supplier<A> initializer,
            AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator, Merger<? super K, A> merger) {
        return aggregate(initializer, aggregator, merger, Materialized.as(null));
    }

    public <A> KTable<Windowed<K>, A> aggregate(Supplier<A> initializer,
            AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator, Merger<? super K, A> merger,
            Materialized<K, A> materialized) {
        Materialized<K, A> m = materialized.keySerde() == null ? materialized.withKeySerde(keySerde) : materialized;
        String store = builder.storeName(m, "AGGREGATE-STATE-STORE");
        String in = input.apply(store);
        var declaration = WindowStores.sessionStore(store,
                Duration.ofMillis(windows.inactivityGapMs() + windows.graceMs()), m.keySerde(), m.valueSerde(),
                m.storeType());
        var decl = m.logged() ? declaration.withLoggingEnabled(m.changelogConfigs())
                : declaration.withLoggingDisabled();
        builder.graph.addStore(new StoreSpec(store, decl, decl.logged(), decl.changelogConfigs()));
        String name = builder.newName("KSTREAM-SESSIONWINDOWAGGREGATE");
        ProcessorSupplier<K, V, Windowed<K>, A> supplier = DroppedRecords.counting(dropped ->
                new SessionWindowAggregateProcessor<>(store, windows, initializer, aggregator, merger, dropped));
        builder.graph.add(new NodeSpec.Processor(name, List.of(in), supplier, Set.of(store)));
        Serde<Windowed<K>> windowedSerde = m.keySerde() == null ? null
                : WindowedSerdes.sessionWindowedSerdeFrom(m.keySerde());
        // A session accepts records while its end is not before stream time minus grace: it closes one later.
        WindowedNodes.register(builder, name, new WindowedNodes.Info(windows.graceMs() + 1, m.keySerde()));
        KTable<Windowed<K>, A> table = new KTable<>(builder, name, store, windowedSerde, m.valueSerde(),
                WindowedValueGetters.ofSessionStore(store));
        return emitStrategy == EmitStrategy.ON_WINDOW_CLOSE
                ? table.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())) : table;
    }
}
