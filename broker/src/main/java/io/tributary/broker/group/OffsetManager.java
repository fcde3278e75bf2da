package io.tributary.broker.group;

import io.tributary.log.LogException;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Committed offsets: OffsetCommit (checked against the group's generation when it comes from a member; a simple
 * commit — generation -1, no member id — is accepted for a group without members), TxnOffsetCommit (the same
 * records in a transactional batch, pending until the transaction's marker), OffsetFetch and OffsetDelete.
 * A commit is written to the group's {@code __consumer_offsets} partition before it is applied to the
 * {@link OffsetState} and answered; loading replays the same records and markers through the same path.
 */
final class OffsetManager {

    /** An OffsetCommit or TxnOffsetCommit, topic names resolved. */
    record Commit(String groupId, CoordinatorLog.Writer writer, int generationId, String memberId,
                  String groupInstanceId, Map<TopicPartition, CommittedOffset> offsets) {
    }

    private final GroupConfig config;
    private final CoordinatorLog log;
    private final ToIntFunction<String> partitionOf;
    private final OffsetState state = new OffsetState();
    /** When each group with offsets was first seen without members by a retention check. */
    private final Map<String, Long> inactiveSince = new java.util.HashMap<>();

    OffsetManager(GroupConfig config, CoordinatorLog log, ToIntFunction<String> partitionOf) {
        this.config = config;
        this.log = log;
        this.partitionOf = partitionOf;
    }

    OffsetState state() {
        return state;
    }

    /**
     * Rebuilds the offsets of partition {@code partition}'s groups from its log: records and markers in order. Every
     * record also goes to {@code others} (which reads the kinds of record it knows, share groups').
     */
    void load(int partition, java.util.function.BiConsumer<ByteBuffer, ByteBuffer> others) {
        log.replay(partition, new CoordinatorLog.Visitor() {
            @Override
            public void record(long offset, long producerId, ByteBuffer key, ByteBuffer value) {
                state.apply(offset, producerId, key, value);
                if (producerId < 0) {
                    others.accept(key, value);
                }
            }

            @Override
            public void marker(long producerId, boolean commit) {
                completeTransaction(partition, producerId, commit);
            }
        });
    }

    /**
     * Applies the marker just written to offsets partition {@code partition}: the producer's pending offsets of the
     * groups of that partition become committed, or are dropped.
     */
    void completeTransaction(int partition, long producerId, boolean commit) {
        state.complete(producerId, g -> partitionOf.applyAsInt(g) == partition, commit);
    }

    /**
     * Writes a commit; returns each partition's error, in request order.
     *
     * @param groupError what the group's membership says of the committer (NONE: it may commit)
     */
    Map<TopicPartition, Errors> commit(Commit commit, Errors groupError, long nowMs) {
        Map<TopicPartition, Errors> result = new LinkedHashMap<>();
        List<CoordinatorLog.Entry> records = new ArrayList<>();
        List<TopicPartition> written = new ArrayList<>();
        for (Map.Entry<TopicPartition, CommittedOffset> e : commit.offsets().entrySet()) {
            CommittedOffset o = e.getValue();
            if (groupError != Errors.NONE) {
                result.put(e.getKey(), groupError);
            } else if (o.metadata() != null && o.metadata().length() > config.offsetMetadataMaxBytes()) {
                result.put(e.getKey(), Errors.OFFSET_METADATA_TOO_LARGE);
            } else {
                CommittedOffset stamped = new CommittedOffset(o.offset(), o.leaderEpoch(), o.metadata(), nowMs);
                records.add(new CoordinatorLog.Entry(OffsetRecords.key(commit.groupId(), e.getKey()),
                        OffsetRecords.value(stamped)));
                written.add(e.getKey());
                result.put(e.getKey(), Errors.NONE);
            }
        }
        if (!records.isEmpty()) {
            Errors writeError = write(commit.groupId(), commit.writer(), records, nowMs);
            if (writeError != Errors.NONE) {
                written.forEach(tp -> result.put(tp, writeError));
            }
        }
        return result;
    }

    /**
     * Kafka's rules for who may commit to a classic group (or a group with no membership state) in its current
     * state. A transactional commit is held to fewer: the producer's commit may come without member id and
     * generation (TxnOffsetCommit before v3) while the group has members, and during a rebalance's sync phase.
     *
     * @param group            the group's membership state, or null if the group has none
     * @param knowsGroupMissing whether the request version answers GROUP_ID_NOT_FOUND for a member's commit to a
     *                         group that does not exist (OffsetCommit v9+, TxnOffsetCommit v6+); older versions get
     *                         ILLEGAL_GENERATION
     */
    static Errors validateClassic(Commit commit, ClassicGroup group, boolean knowsGroupMissing) {
        boolean transactional = commit.writer().transactional();
        boolean simple = commit.generationId() < 0 && (commit.memberId() == null || commit.memberId().isEmpty())
                && commit.groupInstanceId() == null;
        if (group == null) {
            if (commit.generationId() < 0) {
                return Errors.NONE;
            }
            return knowsGroupMissing ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
        }
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (commit.generationId() < 0 && group.is(GroupState.EMPTY)) {
            return Errors.NONE;
        }
        if (simple) {
            // Without member id and generation, plain commits are only taken while the group has no members.
            return transactional ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        Errors invalid = ClassicGroupManager.validateMember(group, commit.memberId() == null ? ""
                : commit.memberId(), commit.groupInstanceId(), commit.generationId());
        if (invalid != Errors.NONE) {
            return invalid;
        }
        if (!transactional && group.is(GroupState.COMPLETING_REBALANCE)) {
            // The member knows the new generation but has no assignment yet: let it finish the rebalance first.
            return Errors.REBALANCE_IN_PROGRESS;
        }
        return Errors.NONE;
    }

    /** Writes the records as one batch and, once written, applies them as a replay would; answers the error. */
    private Errors write(String groupId, CoordinatorLog.Writer writer, List<CoordinatorLog.Entry> records,
                         long nowMs) {
        long first;
        try {
            first = log.append(partitionOf.applyAsInt(groupId), writer, records, nowMs);
        } catch (LogException e) {
            return CommitErrors.of(e.error());
        }
        for (int i = 0; i < records.size(); i++) {
            CoordinatorLog.Entry r = records.get(i);
            state.apply(first + i, writer.producerId(), r.key(), r.value());
        }
        return Errors.NONE;
    }

    /**
     * The committed offsets of {@code partitions} (null: every partition the group committed), with null for a
     * partition the group never committed. Offsets of open transactions are not among them.
     */
    Map<TopicPartition, CommittedOffset> fetch(String groupId, List<TopicPartition> partitions) {
        if (partitions == null) {
            return state.offsets(groupId);
        }
        Map<TopicPartition, CommittedOffset> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            out.put(tp, state.offset(groupId, tp));
        }
        return out;
    }

    /** Whether the group has offsets, committed or written by a transaction still open. */
    boolean hasOffsets(String groupId) {
        return state.hasCommitted(groupId) || state.hasPending(groupId);
    }

    /** Every partition the group has an offset of, committed or written by a transaction still open. */
    Set<TopicPartition> partitions(String groupId) {
        Set<TopicPartition> out = new LinkedHashSet<>(state.offsets(groupId).keySet());
        out.addAll(state.pendingPartitions(groupId));
        return out;
    }

    /**
     * Offset retention ({@code offsets.retention.minutes}): a group without members loses each committed offset
     * once the retention has passed since the later of its commit and the moment the group was first seen empty by
     * a check (KIP-211; after a restart: the first check, so nothing expires early). A group with members loses,
     * once the retention has passed since their commit, only the offsets of topics none of its members subscribes
     * to (KIP-496). Expired offsets are deleted by tombstones, as OffsetDelete does. As in Kafka, an offset an open
     * transaction has rewritten does not expire (the tombstone would delete the pending one too), and a group with
     * an open transaction is never reported emptied.
     *
     * @param topicsInUse for a group with members, which topics they subscribe to (every topic if that cannot be
     *                    known); null for a group without members
     * @return the groups that lost their last offset
     */
    List<String> expire(Function<String, Predicate<String>> topicsInUse, long nowMs) {
        List<String> emptied = new ArrayList<>();
        Set<String> groups = state.committedGroups();
        inactiveSince.keySet().retainAll(groups);
        for (String groupId : groups) {
            Predicate<String> inUse = topicsInUse.apply(groupId);
            long since;
            if (inUse != null) {
                inactiveSince.remove(groupId);
                since = Long.MIN_VALUE;
            } else {
                since = inactiveSince.computeIfAbsent(groupId, g -> nowMs);
            }
            List<TopicPartition> expired = new ArrayList<>();
            state.offsets(groupId).forEach((tp, o) -> {
                if ((inUse == null || !inUse.test(tp.topic()))
                        && Math.max(o.commitTimestampMs(), since) + config.offsetsRetentionMs() <= nowMs
                        && !state.isPending(groupId, tp)) {
                    expired.add(tp);
                }
            });
            if (!expired.isEmpty() && delete(groupId, expired, nowMs) == Errors.NONE
                    && inUse == null && !hasOffsets(groupId)) {
                emptied.add(groupId);
                inactiveSince.remove(groupId);
            }
        }
        return emptied;
    }

    /**
     * Deletes offsets by writing tombstones — for a committed offset, and for one an open transaction wrote (its
     * commit will then have nothing to make visible, as in Kafka); returns the error of the write.
     */
    Errors delete(String groupId, Collection<TopicPartition> partitions, long nowMs) {
        List<CoordinatorLog.Entry> tombstones = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (state.offset(groupId, tp) != null || state.isPending(groupId, tp)) {
                tombstones.add(new CoordinatorLog.Entry(OffsetRecords.key(groupId, tp), null));
            }
        }
        return tombstones.isEmpty() ? Errors.NONE : write(groupId, CoordinatorLog.Writer.COORDINATOR, tombstones, nowMs);
    }
}
