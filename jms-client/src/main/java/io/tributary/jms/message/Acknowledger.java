package io.tributary.jms.message;

import jakarta.jms.JMSException;

/**
 * What {@code Message.acknowledge()} calls on a received message: the session that delivered it (CLIENT_ACKNOWLEDGE
 * acknowledges everything that session consumed so far; in other modes it does nothing).
 */
@FunctionalInterface
public interface Acknowledger {

    void acknowledge() throws JMSException;
}
