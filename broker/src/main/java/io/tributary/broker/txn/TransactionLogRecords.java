package io.tributary.broker.txn;

import io.tributary.log.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The records the transaction coordinator writes to {@code __transaction_state}: Tributary's own format, in the
 * shape of Kafka's. Integers are big-endian; a string is an int16 byte length then UTF-8 bytes.
 *
 * <pre>
 * key    int16  key version = 0
 *        string transactional id
 * value  int16  value version = 0
 *        int64  producer id
 *        int64  previous producer id (-1: none)
 *        int16  producer epoch
 *        int16  last producer epoch (-1: none)
 *        int32  transaction timeout (ms)
 *        int8   state ({@link TransactionState#id()}: Kafka's ids)
 *        int32  partition count, then per partition: string topic, int32 partition
 *        int64  transaction start (ms, -1: none open)
 *        int64  last update (ms)
 * value = null  tombstone: the transactional id expired
 * </pre>
 *
 * <p>The key is the transactional id alone, so compaction keeps each id's latest state. Records with other key
 * or value versions are skipped on load, so the format can grow.
 */
public final class TransactionLogRecords {

    static final short KEY_VERSION = 0;
    static final short VALUE_VERSION = 0;

    private TransactionLogRecords() {
    }

    public static ByteBuffer key(String transactionalId) {
        byte[] id = transactionalId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + id.length);
        b.putShort(KEY_VERSION);
        putString(b, id);
        return b.flip();
    }

    /** The transactional id of a key, or null for a key of another version. */
    public static String readKey(ByteBuffer key) {
        ByteBuffer b = key.duplicate();
        if (b.remaining() < 2 || b.getShort() != KEY_VERSION) {
            return null;
        }
        return getString(b);
    }

    public static ByteBuffer value(TransactionMetadata m) {
        List<byte[]> topics = new ArrayList<>();
        int size = 2 + 8 + 8 + 2 + 2 + 4 + 1 + 4 + 8 + 8;
        for (TopicPartition tp : m.partitions()) {
            byte[] t = tp.topic().getBytes(StandardCharsets.UTF_8);
            topics.add(t);
            size += 2 + t.length + 4;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(VALUE_VERSION).putLong(m.producerId()).putLong(m.previousProducerId())
                .putShort(m.producerEpoch()).putShort(m.lastProducerEpoch()).putInt(m.timeoutMs())
                .put(m.state().id()).putInt(m.partitions().size());
        int i = 0;
        for (TopicPartition tp : m.partitions()) {
            putString(b, topics.get(i++));
            b.putInt(tp.partition());
        }
        b.putLong(m.startMs()).putLong(m.lastUpdateMs());
        return b.flip();
    }

    /** The state a value holds, or null for a value of another version. */
    public static TransactionMetadata readValue(String transactionalId, ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        if (b.getShort() != VALUE_VERSION) {
            return null;
        }
        long producerId = b.getLong();
        long previous = b.getLong();
        short epoch = b.getShort();
        short lastEpoch = b.getShort();
        int timeout = b.getInt();
        TransactionState state = TransactionState.fromId(b.get());
        int count = b.getInt();
        Set<TopicPartition> partitions = new HashSet<>();
        for (int i = 0; i < count; i++) {
            partitions.add(new TopicPartition(getString(b), b.getInt()));
        }
        return new TransactionMetadata(transactionalId, producerId, previous, epoch, lastEpoch, timeout, state,
                partitions, b.getLong(), b.getLong());
    }

    private static void putString(ByteBuffer b, byte[] s) {
        b.putShort((short) s.length);
        b.put(s);
    }

    private static String getString(ByteBuffer b) {
        byte[] s = new byte[b.getShort()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
