package io.tributary.cluster.metadata;

import java.util.UUID;

/**
 * A topic was deleted, with its partitions and its configs. Type 7.
 *
 * @param topicId the topic
 */
public record RemoveTopicRecord(UUID topicId) implements MetadataRecord {
}
