package io.tributary.jms;

import jakarta.jms.Topic;

/** A topic: the Kafka topic of its name. */
public sealed class TributaryTopic extends TributaryDestination implements Topic permits TributaryTemporaryTopic {

    private static final long serialVersionUID = 1L;

    public TributaryTopic(String name) {
        super(name);
    }

    @Override
    public String getTopicName() {
        return topicName();
    }

    @Override
    public String toString() {
        return "topic://" + topicName();
    }
}
