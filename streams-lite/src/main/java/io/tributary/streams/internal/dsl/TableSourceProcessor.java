package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;

/**
 * Materializes a topic as a table: the latest value per key goes into the store, a null value (a tombstone)
 * deletes the key, and every change is forwarded. Records with a null key cannot be table rows and are skipped.
 */
public final class TableSourceProcessor<K, V> implements Processor<K, V, K, V> {

    private final String storeName;
    private ProcessorContext<K, V> context;
    private KeyValueStore<K, V> store;

    public TableSourceProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<K, V> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<K, V> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            if (store.delete(record.key()) == null) {
                return;
            }
        } else {
            store.put(record.key(), record.value());
        }
        context.forward(record);
    }
}
