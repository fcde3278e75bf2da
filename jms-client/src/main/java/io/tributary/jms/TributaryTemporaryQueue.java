package io.tributary.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/**
 * A temporary queue: a {@code jms-temp-<uuid>} topic that lives as long as the connection that created it. One read
 * from a received message's JMSReplyTo has no owner here: it can be sent to, not consumed or deleted.
 */
public final class TributaryTemporaryQueue extends TributaryQueue implements TemporaryQueue {

    private static final long serialVersionUID = 1L;

    private final transient TemporaryDestinations owner;

    TributaryTemporaryQueue(String name, TemporaryDestinations owner) {
        super(name);
        this.owner = owner;
    }

    TemporaryDestinations owner() {
        return owner;
    }

    @Override
    public void delete() throws JMSException {
        TemporaryDestinations.delete(this, owner);
    }
}
