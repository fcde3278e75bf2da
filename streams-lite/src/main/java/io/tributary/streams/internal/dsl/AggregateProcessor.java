package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each record into its key's aggregate in a key-value store and forwards the new aggregate with the one it
 * replaces, as a {@link Change} (from the store's flushes when it caches, else every update). Records with a null key or value are skipped, as
 * Kafka Streams' aggregations skip them.
 */
public final class AggregateProcessor<K, V, A> implements Processor<K, V, K, Change<A>> {

    /** The fold: the key, the record's value and the aggregate so far give the new aggregate. */
    @FunctionalInterface
    public interface Aggregator<K, V, A> {
        A apply(K key, V value, A aggregate);
    }

    private static final Logger LOG = LoggerFactory.getLogger(AggregateProcessor.class);

    private final String storeName;
    private final Supplier<A> initializer;
    private final Aggregator<? super K, ? super V, A> aggregator;
    private ProcessorContext<K, Change<A>> context;
    private KeyValueStore<K, A> store;
    /** The store caches and forwards what it flushes. */
    private boolean forwardsOnFlush;

    public AggregateProcessor(String storeName, Supplier<A> initializer, Aggregator<? super K, ? super V, A> aggregator) {
        this.storeName = storeName;
        this.initializer = initializer;
        this.aggregator = aggregator;
    }

    @Override
    public void init(ProcessorContext<K, Change<A>> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.forwardsOnFlush = FlushForwarding.install(store, context);
    }

    @Override
    public void process(Record<K, V> record) {
        if (record.key() == null || record.value() == null) {
            LOG.debug("{}: skipping a record with a null key or value", storeName);
            return;
        }
        A old = store.get(record.key());
        A updated = aggregator.apply(record.key(), record.value(), old == null ? initializer.get() : old);
        store.put(record.key(), updated);
        if (!forwardsOnFlush) {
            context.forward(record.withValue(new Change<>(updated, old)));
        }
    }
}
