package io.tributary.cluster.metadata;

import java.util.UUID;

/**
 * A partition named by topic id and index (names can be reused after a delete; ids cannot).
 *
 * @param topicId   the topic id
 * @param partition the partition index
 */
public record TopicIdPartition(UUID topicId, int partition) {
}
