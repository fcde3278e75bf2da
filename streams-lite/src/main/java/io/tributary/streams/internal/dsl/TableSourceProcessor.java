package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;

/**
 * Materializes a topic as a table: the latest value per key goes into the store, a null value (a tombstone)
 * deletes the key, and every change is forwarded as a {@link Change} with the value the store held before. A
 * tombstone for an absent key changes nothing and is not forwarded. Records with a null key cannot be table rows
 * and are skipped. {@code KStream.toTable} uses it too.
 */
public final class TableSourceProcessor<K, V> implements Processor<K, V, K, Change<V>> {

    private final String storeName;
    private ProcessorContext<K, Change<V>> context;
    private KeyValueStore<K, V> store;
    /** The store caches and forwards what it flushes. */
    private boolean forwardsOnFlush;

    public TableSourceProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<K, Change<V>> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.forwardsOnFlush = FlushForwarding.install(store, context);
    }

    @Override
    public void process(Record<K, V> record) {
        if (record.key() == null) {
            return;
        }
        V old;
        if (record.value() == null) {
            old = store.delete(record.key());
            if (old == null) {
                return;
            }
        } else {
            old = store.get(record.key());
            store.put(record.key(), record.value());
        }
        if (!forwardsOnFlush) {
            context.forward(record.withValue(new Change<>(record.value(), old)));
        }
    }
}
