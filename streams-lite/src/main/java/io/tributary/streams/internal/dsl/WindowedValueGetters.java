package io.tributary.streams.internal.dsl;

import io.tributary.streams.Windowed;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.state.SessionStore;
import io.tributary.streams.state.WindowStore;
import java.util.Set;

/** How joins look up the rows of a windowed table: in its window store by window start, or its session store. */
public final class WindowedValueGetters {

    private WindowedValueGetters() {
    }

    public static <K, V> TableValueGetterSupplier<Windowed<K>, V> ofWindowStore(String storeName) {
        return new TableValueGetterSupplier<>() {
            @Override
            public TableValueGetter<Windowed<K>, V> get() {
                return new TableValueGetter<>() {
                    private WindowStore<K, V> store;

                    @Override
                    public void init(ProcessorContext<?, ?> context) {
                        store = context.getStateStore(storeName);
                    }

                    @Override
                    public V get(Windowed<K> key) {
                        return store.fetch(key.key(), key.window().start());
                    }
                };
            }

            @Override
            public Set<String> storeNames() {
                return Set.of(storeName);
            }
        };
    }

    public static <K, V> TableValueGetterSupplier<Windowed<K>, V> ofSessionStore(String storeName) {
        return new TableValueGetterSupplier<>() {
            @Override
            public TableValueGetter<Windowed<K>, V> get() {
                return new TableValueGetter<>() {
                    private SessionStore<K, V> store;

                    @Override
                    public void init(ProcessorContext<?, ?> context) {
                        store = context.getStateStore(storeName);
                    }

                    @Override
                    public V get(Windowed<K> key) {
                        return store.fetchSession(key.key(), key.window().start(), key.window().end());
                    }
                };
            }

            @Override
            public Set<String> storeNames() {
                return Set.of(storeName);
            }
        };
    }
}
