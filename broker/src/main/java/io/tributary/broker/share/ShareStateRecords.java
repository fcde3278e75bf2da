package io.tributary.broker.share;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The records the share coordinator writes to {@code __share_group_state}: Tributary's own format, in the shape of
 * Kafka's ShareSnapshot records (one whole snapshot of a share-partition per record; Kafka's ShareUpdate deltas are
 * not used). All integers are big-endian; a string is an int16 byte length then UTF-8 bytes.
 *
 * <pre>
 * key   (share snapshot)  int16  key version = 0
 *                         string group id
 *                         16 bytes topic id (most significant long, then least significant long)
 *                         int32  partition
 * value (share snapshot)  int16  value version = 0
 *                         int32  state epoch
 *                         int32  leader epoch (-1: none recorded)
 *                         int64  start offset
 *                         int32  batch count n
 *                         n times:
 *                           int64 first offset
 *                           int64 last offset
 *                           int8  delivery state ({@link RecordState} id: AVAILABLE 0, ACKNOWLEDGED 2, ARCHIVED 4)
 *                           int16 delivery count
 * value = null            tombstone: the share-partition's state was deleted (DeleteShareGroupState)
 * </pre>
 *
 * <p>The key holds the share-partition and nothing else, so compaction keeps exactly its latest snapshot and a
 * tombstone finally removes it; replaying a partition from its start, the last record of a key wins. A key or value
 * of another version is skipped on load ({@link #readKey} / {@link #readValue} answer null), so the format can grow.
 * Records are written with the coordinator's batches (no producer); a crash can only lose a record whose write was
 * never acknowledged, since an answer waits until its record is replicated.
 */
public final class ShareStateRecords {

    static final short KEY_VERSION = 0;
    static final short VALUE_VERSION = 0;

    private ShareStateRecords() {
    }

    public static ByteBuffer key(SharePartitionKey key) {
        byte[] group = key.groupId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + group.length + 16 + 4);
        b.putShort(KEY_VERSION);
        b.putShort((short) group.length).put(group);
        b.putLong(key.topicId().getMostSignificantBits()).putLong(key.topicId().getLeastSignificantBits());
        b.putInt(key.partition());
        return b.flip();
    }

    public static ByteBuffer value(ShareState state) {
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + 4 + 8 + 4 + state.batches().size() * (8 + 8 + 1 + 2));
        b.putShort(VALUE_VERSION);
        b.putInt(state.stateEpoch());
        b.putInt(state.leaderEpoch());
        b.putLong(state.startOffset());
        b.putInt(state.batches().size());
        for (ShareState.StateBatch batch : state.batches()) {
            b.putLong(batch.firstOffset()).putLong(batch.lastOffset());
            b.put(batch.deliveryState()).putShort(batch.deliveryCount());
        }
        return b.flip();
    }

    /** The share-partition a key names, or null for a key of another version or an unreadable one. */
    public static SharePartitionKey readKey(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        try {
            if (b.getShort() != KEY_VERSION) {
                return null;
            }
            byte[] group = new byte[b.getShort()];
            b.get(group);
            UUID topicId = new UUID(b.getLong(), b.getLong());
            return new SharePartitionKey(new String(group, StandardCharsets.UTF_8), topicId, b.getInt());
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            return null;
        }
    }

    /** The snapshot a value holds, or null for a value of another version or an unreadable one. */
    public static ShareState readValue(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        try {
            if (b.getShort() != VALUE_VERSION) {
                return null;
            }
            int stateEpoch = b.getInt();
            int leaderEpoch = b.getInt();
            long startOffset = b.getLong();
            int count = b.getInt();
            if (count < 0 || count > b.remaining() / (8 + 8 + 1 + 2)) {
                return null;
            }
            List<ShareState.StateBatch> batches = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                batches.add(new ShareState.StateBatch(b.getLong(), b.getLong(), b.get(), b.getShort()));
            }
            return new ShareState(stateEpoch, leaderEpoch, startOffset, batches);
        } catch (BufferUnderflowException e) {
            return null;
        }
    }
}
