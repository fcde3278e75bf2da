package io.tributary.streams.internal.dsl.fk;

import io.tributary.streams.internal.dsl.Change;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;
import java.util.Objects;
import java.util.function.Function;

/**
 * The left side of a foreign-key join, on each change of a left row: bumps the row's version, unsubscribes it
 * from the foreign key it no longer has and subscribes it to its current one (records keyed by the foreign key,
 * valued by the left key, toward the subscription topic). A row without a foreign key (or deleted) gets no
 * answer from the right side, so it is resolved here at once, as if answered "no right row".
 */
public final class SubscriptionSender<K, V, KO> implements Processor<K, Object, Object, Object> {

    private final Function<? super V, ? extends KO> foreignKey;
    private final String versionStoreName;
    private final String subscriptionSink;
    private final String resolver;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<K, Long> versions;

    public SubscriptionSender(Function<? super V, ? extends KO> foreignKey, String versionStoreName,
            String subscriptionSink, String resolver) {
        this.foreignKey = foreignKey;
        this.versionStoreName = versionStoreName;
        this.subscriptionSink = subscriptionSink;
        this.resolver = resolver;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.versions = context.getStateStore(versionStoreName);
    }

    @Override
    public void process(Record<K, Object> record) {
        if (record.key() == null) {
            return;
        }
        Change<V> change = Change.of(record.value());
        Long before = versions.get(record.key());
        long version = before == null ? 1 : before + 1;
        // Kept after a deletion too: a late answer for the deleted row must still look stale.
        versions.put(record.key(), version);
        KO oldKey = change.oldValue() == null ? null : foreignKey.apply(change.oldValue());
        KO newKey = change.newValue() == null ? null : foreignKey.apply(change.newValue());
        if (oldKey != null && !Objects.equals(oldKey, newKey)) {
            context.forward(new Record<>(oldKey, record.key(), record.timestamp(),
                    FkHeaders.subscription(record.headers(), false, version)), subscriptionSink);
        }
        if (newKey != null) {
            context.forward(new Record<>(newKey, record.key(), record.timestamp(),
                    FkHeaders.subscription(record.headers(), true, version)), subscriptionSink);
        } else {
            context.forward(new Record<>(record.key(), null, record.timestamp(),
                    FkHeaders.response(record.headers(), version)), resolver);
        }
    }
}
