package io.tributary.compat.jms;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.Set;

/**
 * A Jakarta Messaging provider under test: its running broker, a way to make connection factories for it and to name
 * its destinations. {@link JmsBehaviourSuite} and {@link SpringJmsSuite} start one per test class and ask for a
 * fresh {@link ConnectionFactory} for every test.
 */
public interface JmsProvider {

    /** A new connection factory for the running broker (the suite closes it after the test when it is closeable). */
    ConnectionFactory connectionFactory();

    /** The queue of this name, ready to be sent to and consumed from (created if the provider needs that). */
    Queue queue(String name) throws JMSException;

    /** The topic of this name, ready to be published and subscribed to (created if the provider needs that). */
    Topic topic(String name) throws JMSException;

    /**
     * Whether the broker still has this destination (asked of its management side, not through JMS: the suite uses it
     * to show that a temporary queue is gone once its connection closed).
     */
    boolean exists(Queue queue) throws Exception;

    /** The documented ways this provider differs from the reference; empty for the reference itself. */
    Set<Deviation> deviations();

    /** How long a receive waits for a message that must come. */
    default Duration receiveTimeout() {
        return Duration.ofSeconds(2);
    }

    /**
     * How long a receive waits to show that no (further) message comes. A longer period only makes such checks
     * stricter, never a correct provider fail. The same for every provider: 300 ms is several times what a message
     * that is there takes to arrive (measured on 2 cores: an open consumer, or a redelivery after recover, rollback or
     * close, within 50 ms on Tributary and Artemis; a new Tributary queue consumer within 80 ms, its group's first
     * join on a cold broker 0.6 s).
     */
    default Duration quietPeriod() {
        return Duration.ofMillis(300);
    }

    /** Stops the broker and releases everything the provider holds. */
    void close() throws Exception;
}
