package io.tributary.broker.txn;

import io.tributary.log.LogException;
import io.tributary.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code __transaction_state} partitions in memory, for coordinator tests: each partition a list of key/value
 * records in append order (a null value is a tombstone). Appends can be made to fail, as a log that lost its
 * leadership or its disk would.
 */
final class MemoryTransactionLog implements TransactionLog {

    /** One record as appended. */
    record Entry(int partition, ByteBuffer key, ByteBuffer value) {

        /** The transactional id of the key, or null for a key of another version. */
        String transactionalId() {
            return TransactionLogRecords.readKey(key);
        }

        /** The state written, or null for a tombstone. */
        TransactionMetadata metadata() {
            return value == null ? null : TransactionLogRecords.readValue(transactionalId(), value);
        }
    }

    private final Map<Integer, List<Entry>> partitions = new HashMap<>();
    private Errors failure = Errors.NONE;
    private int failuresLeft;

    /** The next {@code times} appends throw a {@link LogException} with {@code error}. */
    void failAppends(Errors error, int times) {
        failure = error;
        failuresLeft = times;
    }

    /** Every append throws a {@link LogException} with {@code error} until {@link #healAppends()}. */
    void failAppends(Errors error) {
        failAppends(error, Integer.MAX_VALUE);
    }

    void healAppends() {
        failuresLeft = 0;
    }

    @Override
    public void append(int partition, ByteBuffer key, ByteBuffer value, long nowMs) {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new LogException(failure, "injected append failure");
        }
        appendRaw(partition, key, value);
    }

    /** Appends a record as it would be found in the partition, e.g. one left by an earlier coordinator. */
    void appendRaw(int partition, ByteBuffer key, ByteBuffer value) {
        partitions.computeIfAbsent(partition, p -> new ArrayList<>())
                .add(new Entry(partition, copy(key), value == null ? null : copy(value)));
    }

    @Override
    public void replay(int partition, BiConsumer<ByteBuffer, ByteBuffer> visitor) {
        for (Entry e : entries(partition)) {
            visitor.accept(e.key().duplicate(), e.value() == null ? null : e.value().duplicate());
        }
    }

    /** Every record of the partition, in append order. */
    List<Entry> entries(int partition) {
        return List.copyOf(partitions.getOrDefault(partition, List.of()));
    }

    /** The states written for {@code transactionalId} in every partition, in order; null stands for a tombstone. */
    List<TransactionMetadata> written(String transactionalId) {
        List<TransactionMetadata> out = new ArrayList<>();
        partitions.values().forEach(list -> list.stream()
                .filter(e -> transactionalId.equals(e.transactionalId()))
                .forEach(e -> out.add(e.metadata())));
        return out;
    }

    /** The states of {@link #written}, a tombstone as {@link TransactionState#DEAD}. */
    List<TransactionState> writtenStates(String transactionalId) {
        return written(transactionalId).stream().map(m -> m == null ? TransactionState.DEAD : m.state()).toList();
    }

    /** How many records every partition holds together. */
    int size() {
        return partitions.values().stream().mapToInt(List::size).sum();
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate());
        return c.flip();
    }
}
