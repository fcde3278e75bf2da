package io.tributary.streams.internal;

import io.tributary.streams.processor.Record;

/** Names the topic a sink writes a record to: one fixed topic, or one chosen per record. */
@FunctionalInterface
public interface TopicChooser {

    String topic(Record<?, ?> record);

    static TopicChooser fixed(String topic) {
        return new Fixed(topic);
    }

    /** A fixed topic, which the plan can see in advance (to create it when internal). */
    record Fixed(String name) implements TopicChooser {
        @Override
        public String topic(Record<?, ?> record) {
            return name;
        }
    }
}
