package io.tributary.streams.internal.dsl;

import io.tributary.streams.KeyValue;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import java.util.function.BiFunction;

/**
 * The first half of {@code KTable.groupBy}: maps both sides of each change to their (group key, value) and
 * forwards them toward the repartition topic as two marked records (see {@link ChangeMarker}), the old one first.
 * A side that maps to a null key or value has no group and is not sent.
 */
public final class TableGroupBySelector<K, V, KR, VR> implements Processor<K, Object, KR, VR> {

    private final BiFunction<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> selector;
    private ProcessorContext<KR, VR> context;

    public TableGroupBySelector(BiFunction<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>>
            selector) {
        this.selector = selector;
    }

    @Override
    public void init(ProcessorContext<KR, VR> context) {
        this.context = context;
    }

    @Override
    public void process(Record<K, Object> record) {
        Change<V> change = Change.of(record.value());
        send(record, change.oldValue(), true);
        send(record, change.newValue(), false);
    }

    private void send(Record<K, Object> record, V value, boolean old) {
        if (value == null) {
            return;
        }
        KeyValue<? extends KR, ? extends VR> grouped = selector.apply(record.key(), value);
        if (grouped == null || grouped.key() == null || grouped.value() == null) {
            return;
        }
        context.forward(new Record<KR, VR>(grouped.key(), grouped.value(), record.timestamp(),
                ChangeMarker.mark(record.headers(), old)));
    }
}
