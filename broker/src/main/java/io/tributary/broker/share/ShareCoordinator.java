package io.tributary.broker.share;

import io.tributary.broker.CoordinatorLog;
import io.tributary.log.LogException;
import io.tributary.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;

/**
 * The share coordinator (KIP-932): the durable state of the share-partitions whose {@code __share_group_state}
 * partitions this broker leads. A single-threaded state machine run by {@link ShareCoordinatorService}: every
 * method is called on its thread. The state changes only by replaying records: {@link #load} replays a partition
 * from its start; a request that changes the state appends its record ({@link ShareStateRecords}) and then applies
 * that record exactly as a load would, so a coordinator that loads the partition elsewhere ends up with the same
 * state.
 *
 * <p>Answers: a key whose partition is not loaded here fails with COORDINATOR_LOAD_IN_PROGRESS while this broker
 * leads that partition but has not replayed it yet, else NOT_COORDINATOR (also while the topic does not exist).
 * Fencing, per share-partition: a read by a partition leader of a newer leader epoch than the stored one stores the
 * state again with that epoch (the takeover), an older one fails with FENCED_LEADER_EPOCH; a write fails with
 * FENCED_LEADER_EPOCH when the stored leader epoch is newer, FENCED_STATE_EPOCH when the stored state epoch is newer,
 * and INVALID_REQUEST when nothing is stored (Kafka refuses writes to an uninitialized share-partition, so a leader
 * that lags behind a DeleteShareGroupState cannot bring the state back); an initialization fails with
 * FENCED_STATE_EPOCH when the stored state epoch is newer. A leader epoch of -1 in a read means "no leader": no
 * takeover and no fencing (Kafka's persister reads so for DescribeShareGroupOffsets).
 */
public final class ShareCoordinator {

    private static final Logger LOG = Logger.getLogger(ShareCoordinator.class.getName());

    /** Kafka's answer to a write of a share-partition that was never initialized. */
    static final String WRITE_UNINITIALIZED = "Write operation on uninitialized share partition not allowed.";

    private final CoordinatorLog log;
    private final ToIntFunction<SharePartitionKey> partitionOf;
    private final IntPredicate leads;
    private final Set<Integer> loaded = new HashSet<>();
    private final Map<Integer, Map<SharePartitionKey, ShareState>> states = new HashMap<>();

    /**
     * @param log         the {@code __share_group_state} partitions
     * @param partitionOf the partition a key's state lives in, -1 while the topic does not exist
     * @param leads       whether this broker leads a partition of the topic (loaded or not yet)
     */
    public ShareCoordinator(CoordinatorLog log, ToIntFunction<SharePartitionKey> partitionOf, IntPredicate leads) {
        this.log = log;
        this.partitionOf = partitionOf;
        this.leads = leads;
    }

    /** Replays partition {@code partition} from its start (again, if it was loaded) and answers for its keys. */
    public void load(int partition) {
        unload(partition);
        Map<SharePartitionKey, ShareState> replayed = new HashMap<>();
        states.put(partition, replayed);
        int[] skipped = {0};
        log.replay(partition, new CoordinatorLog.Visitor() {
            @Override
            public void record(long offset, long producerId, ByteBuffer key, ByteBuffer value) {
                if (!apply(replayed, key, value)) {
                    skipped[0]++;
                }
            }

            @Override
            public void marker(long producerId, boolean commit) {
                // the share coordinator writes no transactions
            }
        });
        loaded.add(partition);
        LOG.info("loaded " + replayed.size() + " share-partition state(s) from " + ShareStateTopic.NAME + "-"
                + partition + (skipped[0] > 0 ? " (skipped " + skipped[0] + " unreadable record(s))" : ""));
    }

    /** Forgets partition {@code partition}'s keys: this broker no longer leads it. */
    public void unload(int partition) {
        loaded.remove(partition);
        states.remove(partition);
    }

    /** The coordinator has no timeouts. */
    public long poll(long nowMs) {
        return Long.MAX_VALUE;
    }

    /** {@link ShareStatePersister#read}: the state (null if none), taken over by {@code leaderEpoch}. */
    public CompletableFuture<ShareState> read(SharePartitionKey key, int leaderEpoch, long nowMs) {
        try {
            Map<SharePartitionKey, ShareState> partition = partition(key);
            ShareState stored = partition.get(key);
            if (stored == null || leaderEpoch == -1 || stored.leaderEpoch() == leaderEpoch) {
                return CompletableFuture.completedFuture(stored);
            }
            if (stored.leaderEpoch() > leaderEpoch) {
                throw fencedLeader(stored, leaderEpoch);
            }
            ShareState taken = new ShareState(stored.stateEpoch(), leaderEpoch, stored.startOffset(),
                    stored.batches());
            append(key, taken, nowMs);
            return CompletableFuture.completedFuture(taken);
        } catch (ShareStateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link ShareStatePersister#summary}: the stored state's summary, null if none. */
    public CompletableFuture<ShareStateSummary> summary(SharePartitionKey key) {
        try {
            ShareState stored = partition(key).get(key);
            return CompletableFuture.completedFuture(stored == null ? null : ShareStateSummary.of(stored));
        } catch (ShareStateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link ShareStatePersister#write}: replaces the stored state, unless fenced. */
    public CompletableFuture<Void> write(SharePartitionKey key, ShareState state, long nowMs) {
        try {
            ShareState stored = partition(key).get(key);
            if (stored == null) {
                throw new ShareStateException(Errors.INVALID_REQUEST, WRITE_UNINITIALIZED);
            }
            if (stored.leaderEpoch() > state.leaderEpoch()) {
                throw fencedLeader(stored, state.leaderEpoch());
            }
            if (stored.stateEpoch() > state.stateEpoch()) {
                throw fencedState(stored, state.stateEpoch());
            }
            append(key, state, nowMs);
            return CompletableFuture.completedFuture(null);
        } catch (ShareStateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@link ShareStatePersister#initialize}: the share-partition starts afresh at {@code startOffset} with state
     * epoch {@code stateEpoch}, keeping the stored leader epoch (-1 if none).
     */
    public CompletableFuture<Void> initialize(SharePartitionKey key, int stateEpoch, long startOffset, long nowMs) {
        try {
            ShareState stored = partition(key).get(key);
            if (stored != null && stored.stateEpoch() > stateEpoch) {
                throw fencedState(stored, stateEpoch);
            }
            append(key, new ShareState(stateEpoch, stored == null ? -1 : stored.leaderEpoch(), startOffset, List.of()),
                    nowMs);
            return CompletableFuture.completedFuture(null);
        } catch (ShareStateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link ShareStatePersister#delete}: writes a tombstone; nothing stored is no error (and writes nothing). */
    public CompletableFuture<Void> delete(SharePartitionKey key, long nowMs) {
        try {
            Map<SharePartitionKey, ShareState> partition = partition(key);
            if (partition.containsKey(key)) {
                append(key, null, nowMs);
            }
            return CompletableFuture.completedFuture(null);
        } catch (ShareStateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The loaded state of the key's partition; throws NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS. */
    private Map<SharePartitionKey, ShareState> partition(SharePartitionKey key) {
        if (key.groupId() == null || key.topicId() == null || key.partition() < 0) {
            throw new ShareStateException(Errors.INVALID_REQUEST, "invalid share-partition " + key);
        }
        int p = partitionOf.applyAsInt(key);
        if (p >= 0 && loaded.contains(p)) {
            return states.get(p);
        }
        if (p >= 0 && leads.test(p)) {
            throw new ShareStateException(Errors.COORDINATOR_LOAD_IN_PROGRESS, ShareStateTopic.NAME + "-" + p
                    + " is loading");
        }
        throw new ShareStateException(Errors.NOT_COORDINATOR, "this broker does not coordinate "
                + key.coordinatorKey());
    }

    /** Appends the key's record ({@code state} null: a tombstone), then applies it as a replay would. */
    private void append(SharePartitionKey key, ShareState state, long nowMs) {
        int p = partitionOf.applyAsInt(key);
        ByteBuffer k = ShareStateRecords.key(key);
        ByteBuffer v = state == null ? null : ShareStateRecords.value(state);
        try {
            log.append(p, CoordinatorLog.Writer.COORDINATOR, List.of(new CoordinatorLog.Entry(k, v)), nowMs);
        } catch (LogException e) {
            Errors error = e.error() == Errors.NOT_COORDINATOR ? Errors.NOT_COORDINATOR
                    : Errors.COORDINATOR_NOT_AVAILABLE;
            throw new ShareStateException(error, "writing " + key.coordinatorKey() + " to " + ShareStateTopic.NAME
                    + "-" + p + " failed: " + e.getMessage());
        }
        apply(states.get(p), k, v);
    }

    /** Applies one record to a partition's states; false if it is of a kind this coordinator does not read. */
    private static boolean apply(Map<SharePartitionKey, ShareState> partition, ByteBuffer key, ByteBuffer value) {
        SharePartitionKey k = ShareStateRecords.readKey(key);
        if (k == null) {
            return false;
        }
        if (value == null) {
            partition.remove(k);
            return true;
        }
        ShareState state = ShareStateRecords.readValue(value);
        if (state == null) {
            return false;
        }
        partition.put(k, state);
        return true;
    }

    private static ShareStateException fencedLeader(ShareState stored, int leaderEpoch) {
        return new ShareStateException(Errors.FENCED_LEADER_EPOCH, "leader epoch " + leaderEpoch
                + " is older than the stored leader epoch " + stored.leaderEpoch());
    }

    private static ShareStateException fencedState(ShareState stored, int stateEpoch) {
        return new ShareStateException(Errors.FENCED_STATE_EPOCH, "state epoch " + stateEpoch
                + " is older than the stored state epoch " + stored.stateEpoch());
    }
}
