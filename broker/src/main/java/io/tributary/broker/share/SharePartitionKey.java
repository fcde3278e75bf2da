package io.tributary.broker.share;

import java.util.UUID;

/**
 * One share-partition: a topic partition as one share group consumes it. Its durable state lives under
 * {@link #coordinatorKey()} — Kafka's key {@code groupId:topicId:partition} — in the partition of
 * {@code __share_group_state} that key hashes to.
 */
public record SharePartitionKey(String groupId, UUID topicId, int partition) {

    public String coordinatorKey() {
        return groupId + ":" + topicId + ":" + partition;
    }
}
