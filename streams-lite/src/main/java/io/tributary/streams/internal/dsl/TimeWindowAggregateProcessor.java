package io.tributary.streams.internal.dsl;

import io.tributary.streams.TimeWindows;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.internal.state.CachedStore;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.WindowStore;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each record into every time window it falls in and forwards each window's new aggregate (from the
 * store's flushes when it caches). A window is
 * closed once this node's stream time (the largest timestamp it has seen) reaches the window's end plus grace;
 * a record for a closed window is dropped for that window and counted.
 */
public final class TimeWindowAggregateProcessor<K, V, A> implements Processor<K, V, Windowed<K>, A> {

    private static final Logger LOG = LoggerFactory.getLogger(TimeWindowAggregateProcessor.class);

    private final String storeName;
    private final TimeWindows windows;
    private final Supplier<A> initializer;
    private final AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator;
    private final DroppedRecords dropped;
    private ProcessorContext<Windowed<K>, A> context;
    private WindowStore<K, A> store;
    private long observedMs = -1;
    /** The store caches: windows go downstream from its flushes (once per commit), not on every update. */
    private boolean forwardsOnFlush;

    public TimeWindowAggregateProcessor(String storeName, TimeWindows windows, Supplier<A> initializer,
            AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator, DroppedRecords dropped) {
        this.storeName = storeName;
        this.windows = windows;
        this.initializer = initializer;
        this.aggregator = aggregator;
        this.dropped = dropped;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(ProcessorContext<Windowed<K>, A> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.forwardsOnFlush = store instanceof CachedStore<?, ?> && ((CachedStore<Windowed<K>, A>) store)
                .setFlushListener((window, value, old, timestamp, headers) -> context.forward(
                        new Record<>(window, value, timestamp, headers)));
    }

    @Override
    public void process(Record<K, V> record) {
        if (record.key() == null || record.value() == null) {
            LOG.debug("{}: skipping a record with a null key or value", storeName);
            dropped.record();
            return;
        }
        observedMs = Math.max(observedMs, record.timestamp());
        long closeMs = observedMs - windows.graceMs();
        for (Map.Entry<Long, Window> e : windows.windowsFor(record.timestamp()).entrySet()) {
            Window window = e.getValue();
            if (window.end() <= closeMs) {
                LOG.debug("{}: dropping a late record (timestamp {}) for closed window {}, stream time {}",
                        storeName, record.timestamp(), window, observedMs);
                dropped.record();
                continue;
            }
            A old = store.fetch(record.key(), window.start());
            A updated = aggregator.apply(record.key(), record.value(), old == null ? initializer.get() : old);
            store.put(record.key(), updated, window.start());
            if (!forwardsOnFlush) {
                context.forward(new Record<>(new Windowed<>(record.key(), window), updated, record.timestamp(),
                        record.headers()));
            }
        }
    }
}
