package io.tributary.broker.group;

import java.util.Collection;
import java.util.UUID;

/**
 * The topics a consumer group may subscribe to, as the broker's metadata shows them when a heartbeat arrives: the
 * coordinator resolves subscriptions (names and regular expressions) and topic ids through it.
 */
public interface TopicCatalog {

    /** One topic: its name, id and number of partitions. */
    record Topic(String name, UUID id, int partitions) {
    }

    /** The topic of that name, or null. */
    Topic byName(String name);

    /** The topic of that id, or null. */
    Topic byId(UUID id);

    /** Every topic's name (internal topics included). */
    Collection<String> names();
}
