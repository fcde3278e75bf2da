package io.tributary.jms;

import jakarta.jms.Queue;

/** A queue: the Kafka topic of its name, consumed through the share group {@code jms-queue-<name>}. */
public sealed class TributaryQueue extends TributaryDestination implements Queue permits TributaryTemporaryQueue {

    private static final long serialVersionUID = 1L;

    public TributaryQueue(String name) {
        super(name);
    }

    @Override
    public String getQueueName() {
        return topicName();
    }

    @Override
    public String toString() {
        return "queue://" + topicName();
    }
}
