package io.tributary.broker.group;

import io.tributary.log.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The records the group coordinator writes to {@code __consumer_offsets}: Tributary's own format, in the shape of
 * Kafka's. All integers are big-endian; a string is an int16 byte length then UTF-8 bytes; a nullable string has
 * length -1 for null.
 *
 * <pre>
 * key   (offset commit)  int16 key version = 1
 *                        string group id
 *                        string topic
 *                        int32  partition
 * value (offset commit)  int16 value version = 0
 *                        int64  committed offset
 *                        int32  leader epoch (-1: none)
 *                        nullable string metadata
 *                        int64  commit timestamp (ms)
 * value = null           tombstone: the committed offset was deleted (OffsetDelete, DeleteGroups)
 *
 * key   (share group)    int16 key version = 11 (the number Kafka gives its share group metadata key)
 *                        string group id
 * value (share group)    int16 value version = 0
 *                        int32 topic count n
 *                        n times: int64 topic id, most significant half
 *                                 int64 topic id, least significant half
 *                                 string topic name (as it was when recorded; ids are what count)
 * value = null           tombstone: the share group was deleted (DeleteGroups)
 * </pre>
 *
 * <p>Share groups (KIP-932): a share group's membership is not persisted, but its existence is — a share group
 * record names the group and the topics whose partitions it has been assigned or had its offsets altered, i.e. the
 * topics whose share-partitions may have state with the share coordinator. Each record is the whole set (the latest
 * one wins, so compaction keeps exactly one per group); after a coordinator move or restart the group is listed, as
 * Empty, and DescribeShareGroupOffsets and DeleteGroups know which share-partitions to look up or delete. Written by
 * the coordinator alone, never in a transaction; a share group record is never pending.
 *
 * <p>Batches: the coordinator writes its own records (OffsetCommit, tombstones) in batches without a producer; a
 * TxnOffsetCommit's records go in one transactional batch carrying the transaction's producer id and epoch (base
 * sequence -1). Such records are pending until a control batch of the same producer — the transaction marker,
 * COMMIT or ABORT, written by the transaction coordinator — says whether they count: replaying the partition applies
 * them at a COMMIT (unless the partition's committed offset comes from a later record) and drops them at an
 * ABORT; a transaction with no marker yet stays pending. A tombstone also deletes the pending offsets of its key.
 *
 * <p>The key holds (group, topic, partition) and nothing else, so compaction keeps exactly the latest commit of
 * each partition of each group, and a tombstone finally removes it. Key versions other than 1 and 11 (Kafka writes 2
 * for group metadata) are skipped on load, so the format can grow: group membership is not persisted in this version
 * (after a coordinator move or restart members rejoin and a new generation forms, from generation 1).
 */
final class OffsetRecords {

    static final short OFFSET_COMMIT_KEY_VERSION = 1;
    static final short OFFSET_COMMIT_VALUE_VERSION = 0;

    static final short SHARE_GROUP_KEY_VERSION = 11;
    static final short SHARE_GROUP_VALUE_VERSION = 0;

    /** A decoded offset commit key. */
    record Key(String groupId, TopicPartition partition) {
    }

    private OffsetRecords() {
    }

    static ByteBuffer key(String groupId, TopicPartition tp) {
        byte[] group = groupId.getBytes(StandardCharsets.UTF_8);
        byte[] topic = tp.topic().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + group.length + 2 + topic.length + 4);
        b.putShort(OFFSET_COMMIT_KEY_VERSION);
        putString(b, group);
        putString(b, topic);
        b.putInt(tp.partition());
        return b.flip();
    }

    static ByteBuffer value(CommittedOffset offset) {
        byte[] metadata = offset.metadata() == null ? null : offset.metadata().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 8 + 4 + 2 + (metadata == null ? 0 : metadata.length) + 8);
        b.putShort(OFFSET_COMMIT_VALUE_VERSION);
        b.putLong(offset.offset());
        b.putInt(offset.leaderEpoch());
        if (metadata == null) {
            b.putShort((short) -1);
        } else {
            putString(b, metadata);
        }
        b.putLong(offset.commitTimestampMs());
        return b.flip();
    }

    /** The offset commit key, or null for a key of another kind (or version) this coordinator does not read. */
    static Key readKey(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        if (b.remaining() < 2 || b.getShort() != OFFSET_COMMIT_KEY_VERSION) {
            return null;
        }
        String group = getString(b);
        String topic = getString(b);
        return new Key(group, new TopicPartition(topic, b.getInt()));
    }

    static CommittedOffset readValue(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        short version = b.getShort();
        if (version != OFFSET_COMMIT_VALUE_VERSION) {
            throw new IllegalArgumentException("unknown offset commit value version " + version);
        }
        long offset = b.getLong();
        int epoch = b.getInt();
        String metadata = getString(b);
        return new CommittedOffset(offset, epoch, metadata, b.getLong());
    }

    static ByteBuffer shareGroupKey(String groupId) {
        byte[] group = groupId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + group.length);
        b.putShort(SHARE_GROUP_KEY_VERSION);
        putString(b, group);
        return b.flip();
    }

    /** The topics a share group has state for, by id (their names as recorded). */
    static ByteBuffer shareGroupValue(Map<UUID, String> topics) {
        List<byte[]> names = new ArrayList<>();
        int size = 2 + 4;
        for (String name : topics.values()) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            names.add(bytes);
            size += 16 + 2 + bytes.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(SHARE_GROUP_VALUE_VERSION);
        b.putInt(topics.size());
        int i = 0;
        for (UUID id : topics.keySet()) {
            b.putLong(id.getMostSignificantBits());
            b.putLong(id.getLeastSignificantBits());
            putString(b, names.get(i++));
        }
        return b.flip();
    }

    /** The group id of a share group key, or null for a key of another kind. */
    static String readShareGroupKey(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        if (b.remaining() < 2 || b.getShort() != SHARE_GROUP_KEY_VERSION) {
            return null;
        }
        return getString(b);
    }

    static Map<UUID, String> readShareGroupValue(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        short version = b.getShort();
        if (version != SHARE_GROUP_VALUE_VERSION) {
            throw new IllegalArgumentException("unknown share group value version " + version);
        }
        int n = b.getInt();
        Map<UUID, String> topics = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            UUID id = new UUID(b.getLong(), b.getLong());
            topics.put(id, getString(b));
        }
        return topics;
    }

    private static void putString(ByteBuffer b, byte[] bytes) {
        b.putShort((short) bytes.length);
        b.put(bytes);
    }

    private static String getString(ByteBuffer b) {
        short length = b.getShort();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
