package io.tributary.streams.internal.dsl;

import io.tributary.streams.KeyValue;
import io.tributary.streams.internal.state.OuterJoinBuffer;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.WindowStore;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of a windowed stream–stream join. Each record is buffered in its side's window store, then joined with
 * every record of the other side's store whose timestamp is within {@code [t - before, t + after]} (this side's
 * view of the join window); each match is forwarded at once with the larger timestamp. For a left or outer join a
 * record with no match waits in the shared {@link OuterJoinBuffer} until no record of the other side could still
 * match it, that is until stream time passes {@code t + before + after + grace}; a match on the other side removes
 * it, else it is forwarded then, joined with null. A record whose own window closed ({@code t + after + grace} is
 * behind stream time) is dropped as late. Stream time is the task's, which both sides advance.
 */
public final class StreamJoinProcessor<K, V, VO> implements Processor<K, V, K, Object> {

    /** Which unmatched records a join emits. */
    public enum Kind {
        INNER, LEFT, OUTER
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamJoinProcessor.class);

    private final boolean leftSide;
    private final Kind kind;
    private final String thisStoreName;
    private final String otherStoreName;
    private final String outerStoreName;
    private final long beforeMs;
    private final long afterMs;
    private final long graceMs;
    /** The user's joiner, always called as (left value, right value). */
    private final BiFunction<Object, Object, Object> joiner;
    private final DroppedRecords dropped;
    private ProcessorContext<K, Object> context;
    private WindowStore<K, V> thisStore;
    private WindowStore<K, VO> otherStore;
    private OuterJoinBuffer<K, Object, Object> outer;

    public StreamJoinProcessor(boolean leftSide, Kind kind, String thisStoreName, String otherStoreName,
            String outerStoreName, long beforeMs, long afterMs, long graceMs,
            BiFunction<Object, Object, Object> joiner, DroppedRecords dropped) {
        this.leftSide = leftSide;
        this.kind = kind;
        this.thisStoreName = thisStoreName;
        this.otherStoreName = otherStoreName;
        this.outerStoreName = outerStoreName;
        this.beforeMs = beforeMs;
        this.afterMs = afterMs;
        this.graceMs = graceMs;
        this.joiner = joiner;
        this.dropped = dropped;
    }

    @Override
    public void init(ProcessorContext<K, Object> context) {
        this.context = context;
        this.thisStore = context.getStateStore(thisStoreName);
        this.otherStore = context.getStateStore(otherStoreName);
        this.outer = outerStoreName == null ? null : context.getStateStore(outerStoreName);
    }

    @Override
    public void process(Record<K, V> record) {
        if (record.key() == null || record.value() == null) {
            LOG.debug("{}: skipping a record with a null key or value", thisStoreName);
            dropped.record();
            return;
        }
        long ts = record.timestamp();
        long streamTime = context.currentStreamTimeMs();
        if (ts + afterMs + graceMs < streamTime) {
            LOG.debug("{}: dropping a late record (timestamp {}), stream time {}", thisStoreName, ts, streamTime);
            dropped.record();
            return;
        }
        if (outer != null) {
            emitClosed(streamTime);
        }
        thisStore.put(record.key(), record.value(), ts);
        boolean matched = false;
        try (KeyValueIterator<Long, VO> it = otherStore.fetch(record.key(), ts - beforeMs, ts + afterMs)) {
            while (it.hasNext()) {
                KeyValue<Long, VO> other = it.next();
                matched = true;
                Object joined = leftSide ? joiner.apply(record.value(), other.value())
                        : joiner.apply(other.value(), record.value());
                context.forward(new Record<>(record.key(), joined, Math.max(ts, other.key()), record.headers()));
                if (outer != null) {
                    outer.matched(other.key(), !leftSide, record.key());
                }
            }
        }
        if (!matched && (kind == Kind.OUTER || (kind == Kind.LEFT && leftSide))) {
            outer.add(ts, leftSide, record.key(), record.value());
        }
    }

    /** Forwards, joined with null, the buffered records no future record can match any more. */
    private void emitClosed(long streamTime) {
        long limit = streamTime - beforeMs - afterMs - graceMs;
        outer.evictBefore(limit, (timestamp, left, key, value) -> {
            Object joined = left ? joiner.apply(value, null) : joiner.apply(null, value);
            context.forward(new Record<>(key, joined, timestamp));
        });
    }
}
