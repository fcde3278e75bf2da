package io.tributary.streams.internal.dsl;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream joined to a table: each stream record looks up the table's row for its key as it is when the record is
 * processed (the task takes records in timestamp order, so this is the table as of the record's time, as far as
 * the inputs' order allows). Table updates emit nothing. An inner join drops records without a row; a left join
 * joins them to null. Records with a null key or value cannot be looked up and are dropped.
 */
public final class StreamTableJoinProcessor<K, V, VT, VR> implements Processor<K, V, K, VR> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTableJoinProcessor.class);

    private final TableValueGetter<K, VT> table;
    private final BiFunction<? super V, ? super VT, ? extends VR> joiner;
    private final JoinKind kind;
    private ProcessorContext<K, VR> context;

    public StreamTableJoinProcessor(TableValueGetter<K, VT> table, BiFunction<? super V, ? super VT, ? extends VR>
            joiner, JoinKind kind) {
        this.table = table;
        this.joiner = joiner;
        this.kind = kind;
    }

    @Override
    public void init(ProcessorContext<K, VR> context) {
        this.context = context;
        table.init(context);
    }

    @Override
    public void process(Record<K, V> record) {
        if (record.key() == null || record.value() == null) {
            LOG.debug("dropping a stream record with a null key or value before a stream-table join");
            return;
        }
        VR joined = kind.join(record.value(), table.get(record.key()), joiner);
        if (joined != null) {
            context.forward(record.withValue(joined));
        }
    }
}
