package io.tributary.broker.group;

import io.tributary.log.TopicPartition;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the {@code __consumer_offsets} partitions led here say about offsets: the committed offsets, and the
 * transactional offsets still pending, per producer id, until their transaction's marker. It changes only by
 * {@link #apply} (an offsets record, written or replayed) and {@link #complete} (a COMMIT/ABORT marker, written or
 * replayed), so a coordinator that loads a partition afresh ends up with exactly the state of the one before it.
 *
 * <p>Rules (Kafka's, KIP-98/KIP-447): a record of a transactional batch is pending under its producer id and
 * invisible to OffsetFetch; a COMMIT marker moves the producer's pending offsets of the partition's groups into the
 * committed ones — except where the committed offset's record lies later in the log (a plain commit made after the
 * transactional one wins, as log order says) — and an ABORT marker drops them. A tombstone deletes the committed
 * offset and every pending one of that partition of the group (OffsetDelete, DeleteGroups and expiry write them).
 *
 * <p>Owned by the coordinator thread.
 */
final class OffsetState {

    private final OffsetStore committed = new OffsetStore();
    private final Map<Long, OffsetStore> pendingByProducer = new HashMap<>();

    /**
     * Applies one record of an offsets partition (records of another kind are skipped).
     *
     * @param recordOffset where the record sits in the log
     * @param producerId   the producer of the record's batch if the batch is transactional, else -1
     */
    void apply(long recordOffset, long producerId, ByteBuffer key, ByteBuffer value) {
        OffsetRecords.Key k = OffsetRecords.readKey(key);
        if (k == null) {
            return;
        }
        if (value == null) {
            committed.remove(k.groupId(), k.partition());
            pendingByProducer.values().forEach(p -> p.remove(k.groupId(), k.partition()));
            pendingByProducer.values().removeIf(OffsetStore::isEmpty);
            return;
        }
        OffsetStore.Logged logged = new OffsetStore.Logged(OffsetRecords.readValue(value), recordOffset);
        if (producerId < 0) {
            committed.put(k.groupId(), k.partition(), logged);
        } else {
            pendingByProducer.computeIfAbsent(producerId, p -> new OffsetStore()).put(k.groupId(), k.partition(),
                    logged);
        }
    }

    /**
     * Ends a producer's transaction in the groups {@code groups} selects (those of the offsets partition the marker
     * was written to): commit makes its pending offsets committed, abort drops them. A marker with nothing pending
     * (no offsets in this transaction, or a marker seen twice) changes nothing.
     */
    void complete(long producerId, Predicate<String> groups, boolean commit) {
        OffsetStore pending = pendingByProducer.get(producerId);
        if (pending == null) {
            return;
        }
        Map<String, Map<TopicPartition, OffsetStore.Logged>> ended = pending.remove(groups);
        if (pending.isEmpty()) {
            pendingByProducer.remove(producerId);
        }
        if (!commit) {
            return;
        }
        ended.forEach((groupId, offsets) -> offsets.forEach((tp, logged) -> {
            OffsetStore.Logged current = committed.logged(groupId, tp);
            if (current == null || current.recordOffset() < logged.recordOffset()) {
                committed.put(groupId, tp, logged);
            }
        }));
    }

    /** The group's committed offset of {@code tp}, or null. */
    CommittedOffset offset(String groupId, TopicPartition tp) {
        return committed.offset(groupId, tp);
    }

    /** The group's committed offsets (empty if none). */
    Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        return committed.offsets(groupId);
    }

    boolean hasCommitted(String groupId) {
        return committed.hasOffsets(groupId);
    }

    /** Groups with committed offsets. */
    Set<String> committedGroups() {
        return committed.groups();
    }

    /** Whether an open transaction wrote an offset of {@code tp} for the group. */
    boolean isPending(String groupId, TopicPartition tp) {
        for (OffsetStore pending : pendingByProducer.values()) {
            if (pending.logged(groupId, tp) != null) {
                return true;
            }
        }
        return false;
    }

    /** The partitions of the group with an offset written by an open transaction. */
    Set<TopicPartition> pendingPartitions(String groupId) {
        Set<TopicPartition> out = new HashSet<>();
        pendingByProducer.values().forEach(p -> out.addAll(p.offsets(groupId).keySet()));
        return out;
    }

    /** Whether an open transaction wrote offsets for the group. */
    boolean hasPending(String groupId) {
        for (OffsetStore pending : pendingByProducer.values()) {
            if (pending.hasOffsets(groupId)) {
                return true;
            }
        }
        return false;
    }

    /** Groups known only by the offsets of open transactions, or also by committed ones. */
    Set<String> groups() {
        Set<String> out = new HashSet<>(committed.groups());
        pendingByProducer.values().forEach(p -> out.addAll(p.groups()));
        return out;
    }

    /** Forgets the groups the predicate selects (their offsets partition is no longer led here). */
    void unload(Predicate<String> which) {
        committed.remove(which);
        pendingByProducer.values().forEach(p -> p.remove(which));
        pendingByProducer.values().removeIf(OffsetStore::isEmpty);
    }
}
