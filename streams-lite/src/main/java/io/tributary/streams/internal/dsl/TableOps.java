package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.ProcessorSupplier;
import io.tributary.streams.processor.Record;
import java.util.function.BiFunction;

/** The record-at-a-time operations on a table's {@link Change}s. */
public final class TableOps {

    private TableOps() {
    }

    /**
     * A value-wise operation (filter, mapValues) applied to both sides of each change: a null result is a
     * deletion, so a row that stops matching a filter goes downstream as a deletion of the row it was. A change
     * that is null on both sides after the operation is dropped (the row was invisible before and after).
     */
    public static <K, V, VR> ProcessorSupplier<K, Object, K, Change<VR>> values(
            BiFunction<? super K, ? super V, ? extends VR> mapper) {
        return () -> new Processor<>() {
            private ProcessorContext<K, Change<VR>> context;

            @Override
            public void init(ProcessorContext<K, Change<VR>> context) {
                this.context = context;
            }

            @Override
            public void process(Record<K, Object> record) {
                Change<V> change = Change.of(record.value());
                Change<VR> mapped = new Change<>(apply(record.key(), change.newValue()),
                        apply(record.key(), change.oldValue()));
                if (!mapped.isEmpty()) {
                    context.forward(record.withValue(mapped));
                }
            }

            private VR apply(K key, V value) {
                return value == null ? null : mapper.apply(key, value);
            }
        };
    }

    /** {@code toStream()}: each change as its new value (null for a deletion). */
    public static <K, V> ProcessorSupplier<K, Object, K, V> newValues() {
        return () -> new Processor<>() {
            private ProcessorContext<K, V> context;

            @Override
            public void init(ProcessorContext<K, V> context) {
                this.context = context;
            }

            @Override
            public void process(Record<K, Object> record) {
                context.forward(record.withValue(Change.<V>of(record.value()).newValue()));
            }
        };
    }
}
