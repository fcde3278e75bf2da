package io.tributary.streams.internal.dsl;

import io.tributary.streams.KeyValue;
import io.tributary.streams.Merger;
import io.tributary.streams.SessionWindows;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session aggregation: a record joins every session of its key within the inactivity gap of it, merging them into
 * one. The merged sessions are removed and forwarded as deletions (null values) before the new session's
 * aggregate. A record whose merged session ended before stream time minus grace is late: dropped and counted.
 */
public final class SessionWindowAggregateProcessor<K, V, A> implements Processor<K, V, Windowed<K>, A> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWindowAggregateProcessor.class);

    private final String storeName;
    private final SessionWindows windows;
    private final Supplier<A> initializer;
    private final AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator;
    private final Merger<? super K, A> merger;
    private final DroppedRecords dropped;
    private ProcessorContext<Windowed<K>, A> context;
    private SessionStore<K, A> store;
    private long observedMs = -1;

    public SessionWindowAggregateProcessor(String storeName, SessionWindows windows, Supplier<A> initializer,
            AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator, Merger<? super K, A> merger,
            DroppedRecords dropped) {
        this.storeName = storeName;
        this.windows = windows;
        this.initializer = initializer;
        this.aggregator = aggregator;
        this.merger = merger;
        this.dropped = dropped;
    }

    @Override
    public void init(ProcessorContext<Windowed<K>, A> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<K, V> record) {
        if (record.key() == null || record.value() == null) {
            LOG.debug("{}: skipping a record with a null key or value", storeName);
            dropped.record();
            return;
        }
        long ts = record.timestamp();
        observedMs = Math.max(observedMs, ts);
        long closeMs = observedMs - windows.graceMs();
        long gap = windows.inactivityGapMs();
        A aggregate = initializer.get();
        long start = ts;
        long end = ts;
        List<KeyValue<Windowed<K>, A>> merged = new ArrayList<>();
        try (KeyValueIterator<Windowed<K>, A> it = store.findSessions(record.key(), ts - gap, ts + gap)) {
            while (it.hasNext()) {
                KeyValue<Windowed<K>, A> session = it.next();
                merged.add(session);
                aggregate = merger.apply(record.key(), aggregate, session.value());
                start = Math.min(start, session.key().window().start());
                end = Math.max(end, session.key().window().end());
            }
        }
        if (end < closeMs) {
            LOG.debug("{}: dropping a late record (timestamp {}) for closed session [{}, {}], stream time {}",
                    storeName, ts, start, end, observedMs);
            dropped.record();
            return;
        }
        Window window = new Window(start, end);
        for (KeyValue<Windowed<K>, A> session : merged) {
            if (!session.key().window().equals(window)) {
                store.remove(session.key());
                context.forward(new Record<Windowed<K>, A>(session.key(), null, ts, record.headers()));
            }
        }
        aggregate = aggregator.apply(record.key(), record.value(), aggregate);
        Windowed<K> key = new Windowed<>(record.key(), window);
        store.put(key, aggregate);
        context.forward(new Record<>(key, aggregate, ts, record.headers()));
    }
}
