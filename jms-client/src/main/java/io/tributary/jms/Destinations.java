package io.tributary.jms;

import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

/** Any provider's Queue or Topic as ours (by name); anything else is an {@link InvalidDestinationException}. */
final class Destinations {

    private Destinations() {
    }

    static TributaryDestination of(Destination d) throws JMSException {
        if (d instanceof TributaryDestination t) {
            return t;
        }
        if (d instanceof Queue q) {
            return new TributaryQueue(q.getQueueName());
        }
        if (d instanceof Topic t) {
            return new TributaryTopic(t.getTopicName());
        }
        throw new InvalidDestinationException(d == null ? "no destination" : "not a Queue or Topic: " + d);
    }
}
