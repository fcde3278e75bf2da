package io.tributary.streams;

import io.tributary.streams.internal.CopartitionedSupplier;
import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.SerdeDefaults;
import io.tributary.streams.internal.StoreSpec;
import io.tributary.streams.internal.dsl.DroppedRecords;
import io.tributary.streams.internal.dsl.StatelessOps;
import io.tributary.streams.internal.dsl.StreamJoinProcessor;
import io.tributary.streams.internal.state.BytesStores;
import io.tributary.streams.internal.state.ManagedStore;
import io.tributary.streams.internal.state.OuterJoinBuffer;
import io.tributary.streams.internal.state.StoreFactory;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorSupplier;
import io.tributary.streams.state.WindowStores;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serde;

/**
 * The graph steps of a windowed stream–stream join: each side (repartitioned first if its key changed, so both
 * sides are co-partitioned) feeds a {@link StreamJoinProcessor} that buffers it in its own window store
 * ({@code <join>-store}, retaining duplicates for {@code before + after + grace + 1}) and probes the other side's;
 * left and outer joins share a buffer of unmatched records; a merge node joins the two outputs. The two join
 * processors are marked {@link CopartitionedSupplier}: the runtime checks that both inputs have the same number of
 * partitions.
 */
final class StreamStreamJoin {

    /** One input of the join as its {@link KStream} knows it. */
    record Side(String node, Serde<?> keySerde, Serde<?> valueSerde, boolean keyChanged) {
    }

    private StreamStreamJoin() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <K, VR> KStream<K, VR> join(StreamsBuilder builder, Side left, Side right,
            BiFunction<?, ?, ?> joiner, JoinWindows windows, StreamJoined<?, ?, ?> joined,
            StreamJoinProcessor.Kind kind) {
        Serde keySerde = joined.keySerde() != null ? joined.keySerde()
                : left.keySerde() != null ? left.keySerde() : right.keySerde();
        Serde leftValues = joined.valueSerde() != null ? joined.valueSerde() : left.valueSerde();
        Serde rightValues = joined.otherValueSerde() != null ? joined.otherValueSerde() : right.valueSerde();
        String thisName = builder.newName(kind == StreamJoinProcessor.Kind.OUTER ? "KSTREAM-OUTERTHIS"
                : "KSTREAM-JOINTHIS");
        String otherName = builder.newName(kind == StreamJoinProcessor.Kind.INNER ? "KSTREAM-JOINOTHER"
                : "KSTREAM-OUTEROTHER");
        String prefix = joined.storeName();
        String thisStore = prefix != null ? prefix + "-this-join-store" : thisName + "-store";
        String otherStore = prefix != null ? prefix + "-other-join-store" : otherName + "-store";
        String outerStore = kind == StreamJoinProcessor.Kind.INNER ? null
                : prefix != null ? prefix + "-outer-shared-join-store"
                : builder.newName("KSTREAM-OUTERSHARED") + "-store";
        String leftIn = left.keyChanged()
                ? Repartition.through(builder, left.node(), thisName + "-left", keySerde, leftValues) : left.node();
        String rightIn = right.keyChanged()
                ? Repartition.through(builder, right.node(), otherName + "-right", keySerde, rightValues)
                : right.node();
        // One more than size + grace: the oldest record a non-late record can match must not have expired yet.
        long retentionMs = windows.sizeMs() + windows.graceMs() + 1;
        addBuffer(builder, thisStore, keySerde, leftValues, retentionMs, windows.sizeMs(), joined.logged());
        addBuffer(builder, otherStore, keySerde, rightValues, retentionMs, windows.sizeMs(), joined.logged());
        Set<String> stores = new LinkedHashSet<>(List.of(thisStore, otherStore));
        if (outerStore != null) {
            builder.graph.addStore(new StoreSpec(outerStore, outerFactory(outerStore, keySerde, leftValues,
                    rightValues, joined.logged()), joined.logged(), Map.of()));
            stores.add(outerStore);
        }
        BiFunction<Object, Object, Object> join = (BiFunction<Object, Object, Object>) joiner;
        ProcessorSupplier thisSupplier = DroppedRecords.counting(dropped -> (Processor) new StreamJoinProcessor<>(
                true, kind, thisStore, otherStore, outerStore, windows.beforeMs(), windows.afterMs(),
                windows.graceMs(), join, dropped));
        ProcessorSupplier otherSupplier = DroppedRecords.counting(dropped -> (Processor) new StreamJoinProcessor<>(
                false, kind, otherStore, thisStore, outerStore, windows.afterMs(), windows.beforeMs(),
                windows.graceMs(), join, dropped));
        // Marked co-partitioned, so the runtime checks (and sizes) the two sides' topics as one group.
        builder.graph.add(new NodeSpec.Processor(thisName, List.of(leftIn), CopartitionedSupplier.of(thisSupplier),
                Set.copyOf(stores)));
        builder.graph.add(new NodeSpec.Processor(otherName, List.of(rightIn), CopartitionedSupplier.of(otherSupplier),
                Set.copyOf(stores)));
        String merge = builder.newName("KSTREAM-MERGE");
        builder.graph.add(new NodeSpec.Processor(merge, List.of(thisName, otherName), StatelessOps.passThrough(),
                Set.of()));
        return new KStream<>(builder, merge, keySerde, null, false);
    }

    private static void addBuffer(StreamsBuilder builder, String name, Serde<?> keySerde, Serde<?> valueSerde,
            long retentionMs, long sizeMs, boolean logged) {
        var declaration = WindowStores.windowStore(name, Duration.ofMillis(retentionMs), Duration.ofMillis(sizeMs),
                true, keySerde, valueSerde, null);
        var store = logged ? declaration : declaration.withLoggingDisabled();
        builder.graph.addStore(new StoreSpec(name, store, store.logged(), store.changelogConfigs()));
    }

    private static StoreFactory outerFactory(String name, Serde<?> keySerde, Serde<?> leftValues,
            Serde<?> rightValues, boolean logged) {
        return new StoreFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean logged() {
                return logged;
            }

            @Override
            public Map<String, String> changelogConfigs() {
                return Map.of();
            }

            @Override
            public ManagedStore create(SerdeDefaults defaults) {
                // Like the join's window stores, the buffer is of the application's default.dsl.store type.
                return new OuterJoinBuffer<>(name, defaults.key(keySerde), defaults.value(leftValues),
                        defaults.value(rightValues), BytesStores.of(defaults.dslStore(), name),
                        defaults.dslStore() == Materialized.StoreType.ROCKS_DB);
            }
        };
    }
}
