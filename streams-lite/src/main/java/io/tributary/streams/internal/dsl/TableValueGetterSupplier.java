package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.state.KeyValueStore;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Makes a {@link TableValueGetter} per processor instance, and names the stores it reads: a processor that uses
 * the getter must be connected to them, which also puts it in the same sub-topology (and so the same task) as the
 * table it reads.
 */
public interface TableValueGetterSupplier<K, V> {

    TableValueGetter<K, V> get();

    Set<String> storeNames();

    /** Reads a table's own key-value store. */
    static <K, V> TableValueGetterSupplier<K, V> ofStore(String storeName) {
        return new TableValueGetterSupplier<>() {
            @Override
            public TableValueGetter<K, V> get() {
                return new TableValueGetter<>() {
                    private KeyValueStore<K, V> store;

                    @Override
                    public void init(ProcessorContext<?, ?> context) {
                        store = context.getStateStore(storeName);
                    }

                    @Override
                    public V get(K key) {
                        return store.get(key);
                    }
                };
            }

            @Override
            public Set<String> storeNames() {
                return Set.of(storeName);
            }
        };
    }

    /** The parent's value passed through a value-wise function (filter, mapValues); null stays null. */
    static <K, V, VR> TableValueGetterSupplier<K, VR> mapped(TableValueGetterSupplier<K, V> parent,
            BiFunction<? super K, ? super V, ? extends VR> mapper) {
        return new TableValueGetterSupplier<>() {
            @Override
            public TableValueGetter<K, VR> get() {
                TableValueGetter<K, V> inner = parent.get();
                return new TableValueGetter<>() {
                    @Override
                    public void init(ProcessorContext<?, ?> context) {
                        inner.init(context);
                    }

                    @Override
                    public VR get(K key) {
                        V value = inner.get(key);
                        return value == null ? null : mapper.apply(key, value);
                    }
                };
            }

            @Override
            public Set<String> storeNames() {
                return parent.storeNames();
            }
        };
    }

    /** A table–table join's value: both sides' current rows, joined as the kind of join says. */
    static <K, V1, V2, VR> TableValueGetterSupplier<K, VR> joined(TableValueGetterSupplier<K, V1> left,
            TableValueGetterSupplier<K, V2> right, BiFunction<? super V1, ? super V2, ? extends VR> joiner,
            JoinKind kind) {
        Set<String> stores = new java.util.LinkedHashSet<>(left.storeNames());
        stores.addAll(right.storeNames());
        return new TableValueGetterSupplier<>() {
            @Override
            public TableValueGetter<K, VR> get() {
                TableValueGetter<K, V1> l = left.get();
                TableValueGetter<K, V2> r = right.get();
                return new TableValueGetter<>() {
                    @Override
                    public void init(ProcessorContext<?, ?> context) {
                        l.init(context);
                        r.init(context);
                    }

                    @Override
                    public VR get(K key) {
                        return kind.join(l.get(key), r.get(key), joiner);
                    }
                };
            }

            @Override
            public Set<String> storeNames() {
                return Set.copyOf(stores);
            }
        };
    }
}
