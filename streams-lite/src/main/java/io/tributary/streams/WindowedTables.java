package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.SerdeDefaults;
import io.tributary.streams.internal.StoreSpec;
import io.tributary.streams.internal.state.InMemoryBytesStore;
import io.tributary.streams.internal.state.ManagedStore;
import io.tributary.streams.internal.state.StoreFactory;
import io.tributary.streams.internal.state.SuppressBuffer;
import io.tributary.streams.internal.dsl.SuppressProcessor;
import io.tributary.streams.processor.ProcessorSupplier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;

/** The graph steps of {@link KTable#suppress}: a logged buffer store and the processor that emits final results. */
final class WindowedTables {

    private WindowedTables() {
    }

    static <K, V> KTable<K, V> suppress(StreamsBuilder builder, String node, Serde<K> keySerde, Serde<V> valueSerde,
            Suppressed suppressed) {
        WindowedNodes.Info info = WindowedNodes.of(builder, node);
        if (info == null) {
            throw new IllegalArgumentException("suppress(untilWindowCloses) needs the table of a windowed"
                    + " aggregation itself (suppress before filter or mapValues)");
        }
        String name = suppressed.name() != null ? suppressed.name() : builder.newName("KTABLE-SUPPRESS");
        String store = name + "-store";
        builder.graph.addStore(new StoreSpec(store, bufferFactory(store, info.innerKeySerde(), valueSerde), true,
                Map.of()));
        ProcessorSupplier<Object, Object, Object, Object> supplier = () -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            var p = (io.tributary.streams.processor.Processor<Object, Object, Object, Object>)
                    (io.tributary.streams.processor.Processor) new SuppressProcessor<>(store, info.closeAfterMs());
            return p;
        };
        builder.graph.add(new NodeSpec.Processor(name, List.of(node), supplier, Set.of(store)));
        return new KTable<>(builder, name, null, keySerde, valueSerde);
    }

    private static StoreFactory bufferFactory(String store, Serde<?> innerKeySerde, Serde<?> valueSerde) {
        return new StoreFactory() {
            @Override
            public String name() {
                return store;
            }

            @Override
            public boolean logged() {
                return true;
            }

            @Override
            public Map<String, String> changelogConfigs() {
                return Map.of();
            }

            @Override
            public ManagedStore create(SerdeDefaults defaults) {
                return new SuppressBuffer<>(store, defaults.key(innerKeySerde), defaults.value(valueSerde),
                        c -> new InMemoryBytesStore());
            }
        };
    }
}
