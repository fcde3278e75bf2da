package io.tributary.cluster.metadata;

import java.util.UUID;

/**
 * A topic was created (its partitions follow as {@link PartitionRecord}s). Type 4.
 *
 * @param name    the topic name
 * @param topicId the topic id
 */
public record TopicRecord(String name, UUID topicId) implements MetadataRecord {
}
