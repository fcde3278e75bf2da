package io.tributary.streams.internal.dsl.fk;

import io.tributary.streams.internal.dsl.TableValueGetter;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;

/**
 * The right side of a foreign-key join, on each subscription record (keyed by the foreign key, valued by the
 * left key's bytes): records or drops the subscription, and answers a subscription with the right row as it is
 * now (null if none), keyed by the left key's bytes toward the response topic.
 */
public final class SubscriptionProcessor<KO, VO> implements Processor<KO, byte[], byte[], VO> {

    private final String subscriptionStoreName;
    private final TableValueGetter<KO, VO> right;
    private ProcessorContext<byte[], VO> context;
    private KeyValueStore<KO, byte[]> subscriptions;

    public SubscriptionProcessor(String subscriptionStoreName, TableValueGetter<KO, VO> right) {
        this.subscriptionStoreName = subscriptionStoreName;
        this.right = right;
    }

    @Override
    public void init(ProcessorContext<byte[], VO> context) {
        this.context = context;
        this.subscriptions = context.getStateStore(subscriptionStoreName);
        right.init(context);
    }

    @Override
    public void process(Record<KO, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        boolean subscribe = FkHeaders.isSubscribe(record.headers());
        long version = FkHeaders.version(record.headers());
        Subscribers updated = Subscribers.decode(subscriptions.get(record.key()))
                .with(record.value(), version, subscribe);
        subscriptions.put(record.key(), updated.encode());
        if (subscribe) {
            context.forward(new Record<>(record.value(), right.get(record.key()), record.timestamp(),
                    FkHeaders.response(record.headers(), version)));
        }
    }
}
