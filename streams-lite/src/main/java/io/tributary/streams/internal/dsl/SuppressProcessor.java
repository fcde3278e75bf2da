package io.tributary.streams.internal.dsl;

import io.tributary.streams.Windowed;
import io.tributary.streams.internal.state.SuppressBuffer;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;

/**
 * Emit-final for a windowed table: buffers each window's latest value and forwards it once, when this node's
 * stream time reaches the window's end plus {@code closeAfterMs} (the aggregation's grace; one more for windows
 * whose end is inclusive). Deletions only drop what is buffered: a final result is never a deletion.
 */
public final class SuppressProcessor<K, V> implements Processor<Windowed<K>, V, Windowed<K>, V> {

    private final String storeName;
    private final long closeAfterMs;
    private ProcessorContext<Windowed<K>, V> context;
    private SuppressBuffer<K, V> buffer;
    private long observedMs = -1;

    public SuppressProcessor(String storeName, long closeAfterMs) {
        this.storeName = storeName;
        this.closeAfterMs = closeAfterMs;
    }

    @Override
    public void init(ProcessorContext<Windowed<K>, V> context) {
        this.context = context;
        this.buffer = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<Windowed<K>, V> record) {
        if (record.key() == null) {
            return;
        }
        observedMs = Math.max(observedMs, record.timestamp());
        buffer.put(record.key(), record.value(), record.timestamp());
        buffer.evictUpTo(observedMs - closeAfterMs, (key, value, timestamp) ->
                context.forward(new Record<>(key, value, timestamp)));
    }
}
