package io.tributary.compat.jms;

/**
 * A documented way in which a provider deliberately behaves differently from the reference (Apache ActiveMQ Artemis)
 * where the Jakarta Messaging specification leaves room for it. A provider declares its deviations
 * ({@link JmsProvider#deviations()}); the test concerned then asserts the provider's own, stated behaviour instead of
 * Artemis's — never nothing. Every constant is listed in compat-tests/README.md ("JMS deviations").
 */
public enum Deviation {

    /**
     * JMSPriority is carried and selectable but does not reorder delivery: messages arrive in send order. The
     * specification only says a provider "should do its best" to deliver higher priorities first (JMS 3.1 §3.4.10);
     * Artemis does, reordering what waits in a queue; a Kafka-backed queue is a log read in offset order.
     */
    PRIORITY_ORDER
}
