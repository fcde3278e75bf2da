package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;

/**
 * Keeps a table in a store: a topic's latest value per key ({@code table}, {@code toTable}) or a derived table's
 * changes (a join's result). Writes each new value (null, a tombstone, deletes) and forwards the change with the
 * stored value it replaced as the old value; a deletion of an absent key changes nothing and is not forwarded.
 * Records with a null key cannot be table rows and are skipped.
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
