package io.tributary.streams.internal.dsl.fk;

import io.tributary.streams.internal.dsl.Change;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.Record;
import io.tributary.streams.state.KeyValueStore;

/**
 * The right side of a foreign-key join, on each change of a right row: answers every left row subscribed to its
 * key with the new value (null when deleted), each at the version it subscribed with.
 */
public final class RightChangeProcessor<KO, VO> implements Processor<KO, Object, byte[], VO> {

    private final String subscriptionStoreName;
    private ProcessorContext<byte[], VO> context;
    private KeyValueStore<KO, byte[]> subscriptions;

    public RightChangeProcessor(String subscriptionStoreName) {
        this.subscriptionStoreName = subscriptionStoreName;
    }

    @Override
    public void init(ProcessorContext<byte[], VO> context) {
        this.context = context;
        this.subscriptions = context.getStateStore(subscriptionStoreName);
    }

    @Override
    public void process(Record<KO, Object> record) {
        if (record.key() == null) {
            return;
        }
        VO value = Change.<VO>of(record.value()).newValue();
        for (Subscribers.Subscriber s : Subscribers.decode(subscriptions.get(record.key())).entries()) {
            context.forward(new Record<>(s.key(), value, record.timestamp(),
                    FkHeaders.response(record.headers(), s.version())));
        }
    }
}
