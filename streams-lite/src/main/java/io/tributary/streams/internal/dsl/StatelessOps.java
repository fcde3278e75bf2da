package io.tributary.streams.internal.dsl;

import io.tributary.streams.KeyValue;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.ProcessorSupplier;
import io.tributary.streams.processor.Record;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/** The record-at-a-time operations of the DSL, each a processor that forwards zero or more records. */
public final class StatelessOps {

    private StatelessOps() {
    }

    /** A processor that keeps its context to forward through. */
    private abstract static class Forwarding<K, V, KR, VR> implements Processor<K, V, KR, VR> {
        ProcessorContext<KR, VR> context;

        @Override
        public void init(ProcessorContext<KR, VR> context) {
            this.context = context;
        }
    }

    public static <K, V> ProcessorSupplier<K, V, K, V> filter(BiPredicate<? super K, ? super V> predicate,
            boolean keepMatches) {
        return () -> new Forwarding<K, V, K, V>() {
            @Override
            public void process(Record<K, V> record) {
                if (predicate.test(record.key(), record.value()) == keepMatches) {
                    context.forward(record);
                }
            }
        };
    }

    public static <K, V, KR, VR> ProcessorSupplier<K, V, KR, VR> map(
            BiFunction<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> mapper) {
        return () -> new Forwarding<K, V, KR, VR>() {
            @Override
            public void process(Record<K, V> record) {
                KeyValue<? extends KR, ? extends VR> kv = mapper.apply(record.key(), record.value());
                context.forward(new Record<KR, VR>(kv.key(), kv.value(), record.timestamp(), record.headers()));
            }
        };
    }

    public static <K, V, VR> ProcessorSupplier<K, V, K, VR> mapValues(
            BiFunction<? super K, ? super V, ? extends VR> mapper) {
        return () -> new Forwarding<K, V, K, VR>() {
            @Override
            public void process(Record<K, V> record) {
                context.forward(record.<VR>withValue(mapper.apply(record.key(), record.value())));
            }
        };
    }

    public static <K, V, KR, VR> ProcessorSupplier<K, V, KR, VR> flatMap(
            BiFunction<? super K, ? super V, ? extends Iterable<? extends KeyValue<? extends KR, ? extends VR>>>
                    mapper) {
        return () -> new Forwarding<K, V, KR, VR>() {
            @Override
            public void process(Record<K, V> record) {
                for (KeyValue<? extends KR, ? extends VR> kv : mapper.apply(record.key(), record.value())) {
                    context.forward(new Record<KR, VR>(kv.key(), kv.value(), record.timestamp(), record.headers()));
                }
            }
        };
    }

    public static <K, V, VR> ProcessorSupplier<K, V, K, VR> flatMapValues(
            BiFunction<? super K, ? super V, ? extends Iterable<? extends VR>> mapper) {
        return () -> new Forwarding<K, V, K, VR>() {
            @Override
            public void process(Record<K, V> record) {
                for (VR value : mapper.apply(record.key(), record.value())) {
                    context.forward(record.<VR>withValue(value));
                }
            }
        };
    }

    public static <K, V> ProcessorSupplier<K, V, K, V> peek(BiConsumer<? super K, ? super V> action) {
        return () -> new Forwarding<K, V, K, V>() {
            @Override
            public void process(Record<K, V> record) {
                action.accept(record.key(), record.value());
                context.forward(record);
            }
        };
    }

    /** Forwards unchanged: merges, {@code toStream}, and the heads of branches. */
    public static <K, V> ProcessorSupplier<K, V, K, V> passThrough() {
        return () -> new Forwarding<K, V, K, V>() {
            @Override
            public void process(Record<K, V> record) {
                context.forward(record);
            }
        };
    }

    /**
     * A table's value-wise operation: a null result (or a null input, which is a deletion) goes downstream as a
     * deletion, as a KTable's filter and mapValues do.
     */
    public static <K, V, VR> ProcessorSupplier<K, V, K, VR> tableValues(
            BiFunction<? super K, ? super V, ? extends VR> mapper) {
        return () -> new Forwarding<K, V, K, VR>() {
            @Override
            public void process(Record<K, V> record) {
                VR result = record.value() == null ? null : mapper.apply(record.key(), record.value());
                context.forward(record.<VR>withValue(result));
            }
        };
    }
}
