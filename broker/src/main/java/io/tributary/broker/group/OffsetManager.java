package io.tributary.broker.group;

import io.tributary.log.LogException;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Committed offsets: OffsetCommit (checked against the group's generation when it comes from a member; a simple
 * commit — generation -1, no member id — is accepted for a group without members), OffsetFetch and OffsetDelete.
 * A commit is written to the group's {@code __consumer_offsets} partition before it is applied to the
 * {@link OffsetStore} and answered; loading replays the same records through the same {@link #replay} path.
 */
final class OffsetManager {

    /** An OffsetCommit, topic names resolved. */
    record Commit(String groupId, int generationId, String memberId, String groupInstanceId,
                  Map<TopicPartition, CommittedOffset> offsets) {
    }

    private final GroupConfig config;
    private final CoordinatorLog log;
    private final ToIntFunction<String> partitionOf;
    private final OffsetStore store = new OffsetStore();
    /** When each group with offsets was first seen without members by a retention check. */
    private final Map<String, Long> inactiveSince = new java.util.HashMap<>();

    OffsetManager(GroupConfig config, CoordinatorLog log, ToIntFunction<String> partitionOf) {
        this.config = config;
        this.log = log;
        this.partitionOf = partitionOf;
    }

    OffsetStore store() {
        return store;
    }

    /** Applies one record read back from {@code __consumer_offsets} (unknown kinds of record are skipped). */
    void replay(java.nio.ByteBuffer key, java.nio.ByteBuffer value) {
        OffsetRecords.Key k = OffsetRecords.readKey(key);
        if (k != null) {
            store.apply(k.groupId(), k.partition(), value == null ? null : OffsetRecords.readValue(value));
        }
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
            Errors writeError = write(commit.groupId(), records, nowMs);
            for (int i = 0; i < written.size(); i++) {
                if (writeError == Errors.NONE) {
                    CoordinatorLog.Entry r = records.get(i);
                    replay(r.key(), r.value());
                } else {
                    result.put(written.get(i), writeError);
                }
            }
        }
        return result;
    }

    /**
     * Kafka's rules for who may commit to a classic group (or a group with no membership state) in its current
     * state.
     *
     * @param group      the group's membership state, or null if the group has none
     * @param apiVersion the OffsetCommit version (v9+ answers GROUP_ID_NOT_FOUND for a member's commit to a group
     *                   that does not exist, older versions ILLEGAL_GENERATION)
     */
    static Errors validateClassic(Commit commit, ClassicGroup group, short apiVersion) {
        boolean simple = commit.generationId() < 0 && (commit.memberId() == null || commit.memberId().isEmpty())
                && commit.groupInstanceId() == null;
        if (group == null) {
            if (commit.generationId() < 0) {
                return Errors.NONE;
            }
            return apiVersion >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
        }
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (commit.generationId() < 0 && group.is(GroupState.EMPTY)) {
            return Errors.NONE;
        }
        if (simple) {
            // Without member id and generation, commits are only taken while the group has no members.
            return Errors.UNKNOWN_MEMBER_ID;
        }
        Errors invalid = ClassicGroupManager.validateMember(group, commit.memberId() == null ? ""
                : commit.memberId(), commit.groupInstanceId(), commit.generationId());
        if (invalid != Errors.NONE) {
            return invalid;
        }
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            // The member knows the new generation but has no assignment yet: let it finish the rebalance first.
            return Errors.REBALANCE_IN_PROGRESS;
        }
        return Errors.NONE;
    }

    private Errors write(String groupId, List<CoordinatorLog.Entry> records, long nowMs) {
        try {
            log.append(partitionOf.applyAsInt(groupId), records, nowMs);
            return Errors.NONE;
        } catch (LogException e) {
            return switch (e.error()) {
                case NOT_LEADER_OR_FOLLOWER, NOT_COORDINATOR, KAFKA_STORAGE_ERROR, UNKNOWN_TOPIC_OR_PARTITION ->
                        Errors.NOT_COORDINATOR;
                case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.INVALID_COMMIT_OFFSET_SIZE;
                default -> Errors.UNKNOWN_SERVER_ERROR;
            };
        }
    }

    /**
     * The committed offsets of {@code partitions} (null: every partition the group committed), with null for a
     * partition the group never committed.
     */
    Map<TopicPartition, CommittedOffset> fetch(String groupId, List<TopicPartition> partitions) {
        if (partitions == null) {
            return store.offsets(groupId);
        }
        Map<TopicPartition, CommittedOffset> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            out.put(tp, store.offset(groupId, tp));
        }
        return out;
    }

    /**
     * Offset retention ({@code offsets.retention.minutes}): a group without members loses each committed offset
     * once the retention has passed since the later of its commit and the moment the group was first seen empty by
     * a check (KIP-211; after a restart: the first check, so nothing expires early). A group with members loses,
     * once the retention has passed since their commit, only the offsets of topics none of its members subscribes
     * to (KIP-496). Expired offsets are deleted by tombstones, as OffsetDelete does.
     *
     * @param topicsInUse for a group with members, which topics they subscribe to (every topic if that cannot be
     *                    known); null for a group without members
     * @return the groups that lost their last offset
     */
    List<String> expire(Function<String, Predicate<String>> topicsInUse, long nowMs) {
        List<String> emptied = new ArrayList<>();
        inactiveSince.keySet().retainAll(store.groups());
        for (String groupId : store.groups()) {
            Predicate<String> inUse = topicsInUse.apply(groupId);
            long since;
            if (inUse != null) {
                inactiveSince.remove(groupId);
                since = Long.MIN_VALUE;
            } else {
                since = inactiveSince.computeIfAbsent(groupId, g -> nowMs);
            }
            List<TopicPartition> expired = new ArrayList<>();
            store.offsets(groupId).forEach((tp, o) -> {
                if ((inUse == null || !inUse.test(tp.topic()))
                        && Math.max(o.commitTimestampMs(), since) + config.offsetsRetentionMs() <= nowMs) {
                    expired.add(tp);
                }
            });
            if (!expired.isEmpty() && delete(groupId, expired, nowMs) == Errors.NONE
                    && inUse == null && !store.hasOffsets(groupId)) {
                emptied.add(groupId);
                inactiveSince.remove(groupId);
            }
        }
        return emptied;
    }

    /** Deletes committed offsets by writing tombstones; returns the error of the write. */
    Errors delete(String groupId, List<TopicPartition> partitions, long nowMs) {
        List<CoordinatorLog.Entry> tombstones = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (store.offset(groupId, tp) != null) {
                tombstones.add(new CoordinatorLog.Entry(OffsetRecords.key(groupId, tp), null));
            }
        }
        if (tombstones.isEmpty()) {
            return Errors.NONE;
        }
        Errors error = write(groupId, tombstones, nowMs);
        if (error == Errors.NONE) {
            tombstones.forEach(t -> replay(t.key(), null));
        }
        return error;
    }
}
