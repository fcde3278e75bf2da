package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import java.util.function.BiFunction;

/**
 * One side of a table–table join: a change of this side's row is joined with the other side's current row, both
 * its new and its old value, and forwarded as the joined {@link Change}. So an inner join whose row loses its
 * match forwards (null, old joined): a deletion. The joiner always takes (left, right), whichever side this is.
 */
public final class TableTableJoinProcessor<K, V, VO, VR> implements Processor<K, Object, K, Change<VR>> {

    private final TableValueGetter<K, VO> other;
    private final BiFunction<Object, Object, ? extends VR> joiner;
    private final JoinKind kind;
    private final boolean thisIsLeft;
    private ProcessorContext<K, Change<VR>> context;

    /** {@code joiner} takes (left, right); {@code thisIsLeft} says which of them this side's values are. */
    @SuppressWarnings("unchecked")
    public TableTableJoinProcessor(TableValueGetter<K, VO> other, BiFunction<?, ?, ? extends VR> joiner,
            JoinKind kind, boolean thisIsLeft) {
        this.other = other;
        this.joiner = (BiFunction<Object, Object, ? extends VR>) joiner;
        this.kind = kind;
        this.thisIsLeft = thisIsLeft;
    }

    @Override
    public void init(ProcessorContext<K, Change<VR>> context) {
        this.context = context;
        other.init(context);
    }

    @Override
    public void process(Record<K, Object> record) {
        if (record.key() == null) {
            return;
        }
        Change<V> change = Change.of(record.value());
        VO otherValue = other.get(record.key());
        Change<VR> joined = new Change<>(join(change.newValue(), otherValue), join(change.oldValue(), otherValue));
        if (!joined.isEmpty()) {
            context.forward(record.withValue(joined));
        }
    }

    private VR join(V mine, VO theirs) {
        return thisIsLeft ? kind.join(mine, theirs, joiner) : kind.join(theirs, mine, joiner);
    }
}
