package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;
import java.util.function.Supplier;

/**
 * The second half of {@code KTable.groupBy}: reads the marked records of the repartition topic and folds them into
 * the group's aggregate: an old value is subtracted (only from an aggregate that exists), a new value added (to
 * the initializer's value when the group has none). Forwards each update as a {@link Change}. A subtraction that
 * yields null deletes the group; otherwise an emptied group keeps its aggregate (a count of 0), as Kafka's does.
 */
public final class TableAggregateProcessor<K, V, A> implements Processor<K, V, K, Change<A>> {

    private final String storeName;
    private final Supplier<A> initializer;
    private final AggregateProcessor.Aggregator<? super K, ? super V, A> adder;
    private final AggregateProcessor.Aggregator<? super K, ? super V, A> subtractor;
    private ProcessorContext<K, Change<A>> context;
    private KeyValueStore<K, A> store;
    /** The store caches and forwards what it flushes. */
    private boolean forwardsOnFlush;

    public TableAggregateProcessor(String storeName, Supplier<A> initializer,
            AggregateProcessor.Aggregator<? super K, ? super V, A> adder,
            AggregateProcessor.Aggregator<? super K, ? super V, A> subtractor) {
        this.storeName = storeName;
        this.initializer = initializer;
        this.adder = adder;
        this.subtractor = subtractor;
    }

    @Override
    public void init(ProcessorContext<K, Change<A>> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.forwardsOnFlush = FlushForwarding.install(store, context);
    }

    @Override
    public void process(Record<K, V> record) {
        boolean subtract = ChangeMarker.takeIsOld(record.headers());
        if (record.key() == null || record.value() == null) {
            return;
        }
        A old = store.get(record.key());
        A updated;
        if (subtract) {
            if (old == null) {
                return;
            }
            updated = subtractor.apply(record.key(), record.value(), old);
        } else {
            updated = adder.apply(record.key(), record.value(), old == null ? initializer.get() : old);
        }
        store.put(record.key(), updated);
        if (!forwardsOnFlush) {
            context.forward(record.withValue(new Change<>(updated, old)));
        }
    }
}
