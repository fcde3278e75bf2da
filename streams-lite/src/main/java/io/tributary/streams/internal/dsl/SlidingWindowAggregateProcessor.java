package io.tributary.streams.internal.dsl;

import io.tributary.streams.KeyValue;
import io.tributary.streams.SlidingWindows;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.WindowStore;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sliding-window aggregation. Windows are {@code [s, s + d]} (both ends inclusive, d the time difference), and
 * exist where records make them: each record's left window ends at it ({@code [t - d, t]}, or {@code [0, d]}
 * for records earlier than d), and its right window {@code [t + 1, t + 1 + d]} exists once a record falls in
 * it. A record updates its own windows and every existing window it falls in.
 * <p>
 * Unlike Kafka Streams, which derives new windows from neighbouring aggregates, this keeps the key's recent raw
 * records (a window store with duplicates) and recomputes each affected window from them with the initializer
 * and aggregator: simpler and obviously right, at a cost quadratic in the records per window. A record is late
 * (dropped and counted) when its own window has closed: its end plus grace is behind stream time.
 */
public final class SlidingWindowAggregateProcessor<K, V, A> implements Processor<K, V, Windowed<K>, A> {

    private static final Logger LOG = LoggerFactory.getLogger(SlidingWindowAggregateProcessor.class);

    private final String storeName;
    private final String recordsStoreName;
    private final SlidingWindows windows;
    private final Supplier<A> initializer;
    private final AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator;
    private final DroppedRecords dropped;
    private ProcessorContext<Windowed<K>, A> context;
    private WindowStore<K, A> store;
    private WindowStore<K, V> records;
    private long observedMs = -1;

    public SlidingWindowAggregateProcessor(String storeName, String recordsStoreName, SlidingWindows windows,
            Supplier<A> initializer, AggregateProcessor.Aggregator<? super K, ? super V, A> aggregator,
            DroppedRecords dropped) {
        this.storeName = storeName;
        this.recordsStoreName = recordsStoreName;
        this.windows = windows;
        this.initializer = initializer;
        this.aggregator = aggregator;
        this.dropped = dropped;
    }

    @Override
    public void init(ProcessorContext<Windowed<K>, A> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.records = context.getStateStore(recordsStoreName);
    }

    @Override
    public void process(Record<K, V> record) {
        if (record.key() == null || record.value() == null) {
            LOG.debug("{}: skipping a record with a null key or value", storeName);
            dropped.record();
            return;
        }
        K key = record.key();
        long ts = record.timestamp();
        long d = windows.timeDifferenceMs();
        observedMs = Math.max(observedMs, ts);
        long ownStart = Math.max(0, ts - d);
        if (ownStart + d + windows.graceMs() < observedMs) {
            LOG.debug("{}: dropping a late record (timestamp {}), stream time {}", storeName, ts, observedMs);
            dropped.record();
            return;
        }
        records.put(key, record.value(), ts);
        TreeSet<Long> starts = new TreeSet<>();
        starts.add(ownStart);
        // Every existing window holding ts starts within d before it.
        try (KeyValueIterator<Long, A> it = store.fetch(key, ownStart, ts)) {
            it.forEachRemaining(e -> starts.add(e.key()));
        }
        // The right window of the latest earlier record now holds this one.
        Long previous = latestBefore(key, ts - d - 1, ts - 1);
        if (previous != null) {
            starts.add(previous + 1);
        }
        // This record's right window, if a later record is in it and it is new (else its content is unchanged).
        if (store.fetch(key, ts + 1) == null && hasRecords(key, ts + 1, ts + 1 + d)) {
            starts.add(ts + 1);
        }
        for (long start : starts) {
            A aggregate = initializer.get();
            try (KeyValueIterator<Long, V> it = records.fetch(key, start, start + d)) {
                while (it.hasNext()) {
                    aggregate = aggregator.apply(key, it.next().value(), aggregate);
                }
            }
            store.put(key, aggregate, start);
            context.forward(new Record<>(new Windowed<>(key, new Window(start, start + d)), aggregate, ts,
                    record.headers()));
        }
    }

    private Long latestBefore(K key, long from, long to) {
        Long latest = null;
        try (KeyValueIterator<Long, V> it = records.fetch(key, from, to)) {
            while (it.hasNext()) {
                KeyValue<Long, V> e = it.next();
                latest = e.key();
            }
        }
        return latest;
    }

    private boolean hasRecords(K key, long from, long to) {
        try (KeyValueIterator<Long, V> it = records.fetch(key, from, to)) {
            return it.hasNext();
        }
    }
}
