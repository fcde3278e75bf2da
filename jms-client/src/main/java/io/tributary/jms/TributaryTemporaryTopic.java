package io.tributary.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/** A temporary topic: a {@code jms-temp-<uuid>} topic that lives as long as the connection that created it. */
public final class TributaryTemporaryTopic extends TributaryTopic implements TemporaryTopic {

    private static final long serialVersionUID = 1L;

    private final transient TemporaryDestinations owner;

    TributaryTemporaryTopic(String name, TemporaryDestinations owner) {
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
