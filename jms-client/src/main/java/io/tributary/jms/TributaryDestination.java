package io.tributary.jms;

import jakarta.jms.Destination;
import java.io.Serializable;
import java.util.Objects;

/** A queue or topic: a Kafka topic of the same name. Equal when of the same kind and name. */
public abstract sealed class TributaryDestination implements Destination, Serializable
        permits TributaryQueue, TributaryTopic {

    private static final long serialVersionUID = 1L;

    private final String name;

    TributaryDestination(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a destination name must not be empty");
        }
        this.name = name;
    }

    /** The Kafka topic this destination is. */
    public String topicName() {
        return name;
    }

    /** Whether this is a temporary destination ({@code jms-temp-} topics, deleted with their connection). */
    public boolean isTemporary() {
        return name.startsWith(TemporaryDestinations.PREFIX);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((TributaryDestination) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), name);
    }
}
