package io.tributary.streams.internal.dsl.fk;

import io.tributary.streams.internal.dsl.Change;
import io.tributary.streams.internal.dsl.JoinKind;
import io.tributary.streams.internal.dsl.TableValueGetter;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;
import java.util.function.BiFunction;

/**
 * The end of a foreign-key join, back on the left row's partition: drops an answer meant for an older version of
 * the row (its foreign key or value has changed since; a newer answer is on its way), otherwise joins the row as
 * it is now with the answer's right value and forwards the result (null: no joined row) for materializing.
 */
public final class ResponseResolver<K, V, VO, VR> implements Processor<K, VO, K, Change<VR>> {

    private final String versionStoreName;
    private final TableValueGetter<K, V> left;
    private final BiFunction<? super V, ? super VO, ? extends VR> joiner;
    private final JoinKind kind;
    private ProcessorContext<K, Change<VR>> context;
    private KeyValueStore<K, Long> versions;

    public ResponseResolver(String versionStoreName, TableValueGetter<K, V> left,
            BiFunction<? super V, ? super VO, ? extends VR> joiner, JoinKind kind) {
        this.versionStoreName = versionStoreName;
        this.left = left;
        this.joiner = joiner;
        this.kind = kind;
    }

    @Override
    public void init(ProcessorContext<K, Change<VR>> context) {
        this.context = context;
        this.versions = context.getStateStore(versionStoreName);
        left.init(context);
    }

    @Override
    public void process(Record<K, VO> record) {
        if (record.key() == null) {
            return;
        }
        Long current = versions.get(record.key());
        if (current == null || current != FkHeaders.version(record.headers())) {
            return;
        }
        V row = left.get(record.key());
        VR joined = row == null ? null : kind.join(row, record.value(), joiner);
        // The old value is filled in by the materializing node below, from the result store.
        context.forward(new Record<>(record.key(), new Change<>(joined, null), record.timestamp(),
                FkHeaders.copyWithout(record.headers())));
    }
}
