package io.tributary.broker.share;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * One share-partition: a topic partition as one share group consumes it. Its durable state lives under
 * {@link #coordinatorKey()} — Kafka's key {@code groupId:topicId:partition}, the topic id written as Kafka writes a
 * Uuid (URL-safe base64 of its 16 bytes, no padding) — in the partition of {@code __share_group_state} that key
 * hashes to, as on a Kafka broker.
 */
public record SharePartitionKey(String groupId, UUID topicId, int partition) {

    public String coordinatorKey() {
        ByteBuffer id = ByteBuffer.allocate(16).putLong(topicId.getMostSignificantBits())
                .putLong(topicId.getLeastSignificantBits());
        return groupId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(id.array()) + ":" + partition;
    }
}
