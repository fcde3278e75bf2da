package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;

/**
 * Keeps a derived table (a join's result) in a store: writes each change's new value (null deletes) and forwards
 * the change with the stored value it replaced as the old value.
 */
public final class TableMaterializeProcessor<K, V> implements Processor<K, Object, K, Change<V>> {

    private final String storeName;
    private ProcessorContext<K, Change<V>> context;
    private KeyValueStore<K, V> store;
    /** The store caches and forwards what it flushes. */
    private boolean forwardsOnFlush;

    public TableMaterializeProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<K, Change<V>> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.forwardsOnFlush = FlushForwarding.install(store, context);
    }

    @Override
    public void process(Record<K, Object> record) {
        if (record.key() == null) {
            return;
        }
        V value = Change.<V>of(record.value()).newValue();
        V old = store.get(record.key());
        if (value == null && old == null) {
            return;
        }
        store.put(record.key(), value);
        if (!forwardsOnFlush) {
            context.forward(record.withValue(new Change<>(value, old)));
        }
    }
}
