package io.tributary.broker;

import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.log.Log;
import io.tributary.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A partition this broker hosts: its log, its current registration (leader, epoch, replicas, ISR) and, while this
 * broker leads it, the replication state: each follower's progress, the high watermark, the acks=all writes waiting
 * for it, and the ISR change in flight.
 *
 * <p>The high watermark is the smallest log end among the leader and the <em>maximal</em> ISR (and stays put while
 * the ISR is below {@code min.insync.replicas}, KIP-966): the committed ISR
 * plus a replica whose joining is in flight (Kafka's rule: a replica counts for the high watermark from the moment
 * the leader asks for it to join, and still counts while its removal is in flight). It never moves back while this
 * broker leads. A follower joins once its log end reaches the high watermark and the start of the current leader
 * epoch; that check and the high-watermark advance hold this partition's lock, so no acks=all write is acknowledged
 * between them without the joining replica. A follower leaves after {@code replica.lag.time.max.ms} without
 * catching up. Both changes go to the controller ({@link IsrChanges}), one at a time.
 *
 * <p>A follower takes the leader's high watermark from its fetch answers (capped by its own log end).
 */
public final class Partition {

    /** ISR changes of a led partition: proposed to the controller, and seen committed. */
    public interface IsrChanges {
        /** Proposes an ISR; completes with the committed registration, or null if refused. */
        CompletableFuture<PartitionRegistration> propose(Partition partition, PartitionRegistration basis,
                                                         List<Integer> newIsr);

        /** A committed change of the ISR of a partition led here, by size (metrics). */
        default void committed(int sizeBefore, int sizeAfter) {
        }
    }

    /** A follower's progress as its fetches show it (times in ms). */
    private static final class Follower {
        long logEndOffset = -1;
        long lastCaughtUpMs;
        long lastFetchMs;
        long leaderEndAtLastFetch = -1;
    }

    private static final long PROPOSAL_RETRY_MS = 1000;

    private final String topic;
    private final int index;
    private final UUID topicId;
    private final Log log;
    private final int localId;
    private final IsrChanges isrChanges;
    private volatile PartitionRegistration registration;
    private volatile int minInsyncReplicas;

    // Leader state, guarded by this
    private boolean leading;
    /** No longer hosted here (its log is being deleted): nothing is appended to it any more. */
    private boolean removed;
    private long leaderEpochStartOffset;
    private final Map<Integer, Follower> followers = new TreeMap<>();
    private List<Integer> pendingIsr;
    /** After a refused or failed ISR change, none is proposed again before this time (ms). */
    private long nextProposalMs;
    private final TreeMap<Long, List<CompletableFuture<Errors>>> waiting = new TreeMap<>();

    Partition(String topic, int index, UUID topicId, Log log, PartitionRegistration registration, int localId,
              int minInsyncReplicas, IsrChanges isrChanges) {
        this.topic = topic;
        this.index = index;
        this.topicId = topicId;
        this.log = log;
        this.localId = localId;
        this.isrChanges = isrChanges;
        this.minInsyncReplicas = minInsyncReplicas;
        this.registration = registration;
        update(registration, System.currentTimeMillis());
    }

    public String topic() {
        return topic;
    }

    public int index() {
        return index;
    }

    public UUID topicId() {
        return topicId;
    }

    public Log log() {
        return log;
    }

    public PartitionRegistration registration() {
        return registration;
    }

    public int leaderEpoch() {
        return registration.leaderEpoch();
    }

    public boolean isLeader(int brokerId) {
        return registration.leader() == brokerId;
    }

    /** Kept in the log, which checkpoints it ({@code replication-offset-checkpoint}). */
    public long highWatermark() {
        return log.highWatermark();
    }

    /** The last stable offset: below the oldest open transaction and the high watermark. */
    public long lastStableOffset() {
        long unstable = log.firstUnstableOffset();
        long hw = highWatermark();
        return unstable < 0 ? hw : Math.min(unstable, hw);
    }

    void minInsyncReplicas(int value) {
        this.minInsyncReplicas = value;
    }

    // ------------------------------------------------------------------ leadership

    /**
     * Takes a newer registration. Becoming leader starts the replication state afresh (every follower's log end
     * unknown until it fetches, each given a full lag period); leaving leadership fails the waiting acks=all writes
     * with NOT_LEADER_OR_FOLLOWER.
     */
    void update(PartitionRegistration next, long nowMs) {
        List<CompletableFuture<Errors>> failed = List.of();
        List<CompletableFuture<Errors>> done;
        synchronized (this) {
            PartitionRegistration previous = registration;
            registration = next;
            if (leading && next.leader() == localId && next.leaderEpoch() == previous.leaderEpoch()
                    && next.isr().size() != previous.isr().size()) {
                isrChanges.committed(previous.isr().size(), next.isr().size());
            }
            boolean leads = next.leader() == localId;
            if (leads && (!leading || next.leaderEpoch() != previous.leaderEpoch())) {
                leading = true;
                log.assignEpochStartOffset(next.leaderEpoch());
                leaderEpochStartOffset = log.logEndOffset();
                followers.clear();
                pendingIsr = null;
            } else if (!leads && leading) {
                leading = false;
                followers.clear();
                pendingIsr = null;
                failed = drainWaiting(Long.MAX_VALUE);
            }
            if (leading) {
                for (int r : next.replicas()) {
                    if (r != localId && !followers.containsKey(r)) {
                        Follower f = new Follower();   // e.g. a reassignment's adding replica
                        f.lastCaughtUpMs = nowMs;
                        followers.put(r, f);
                    }
                }
                followers.keySet().retainAll(next.replicas());   // a reassignment removed them
                if (pendingIsr != null && next.partitionEpoch() > previous.partitionEpoch()) {
                    pendingIsr = null;   // the controller decided (this change or another): propose again if needed
                }
            }
            done = advanceHighWatermark();
        }
        complete(failed, Errors.NOT_LEADER_OR_FOLLOWER);
        completeReplicated(done);
    }

    /**
     * This broker no longer hosts the partition (reassigned away, or its topic deleted) and is about to delete its
     * log: the waiting acks=all writes fail with NOT_LEADER_OR_FOLLOWER, and nothing more is appended (a fetch answer
     * from the leader still in flight is dropped).
     */
    void removed() {
        List<CompletableFuture<Errors>> failed;
        synchronized (this) {
            removed = true;
            leading = false;
            followers.clear();
            pendingIsr = null;
            failed = drainWaiting(Long.MAX_VALUE);
        }
        complete(failed, Errors.NOT_LEADER_OR_FOLLOWER);
    }

    /** The ISR counted for the high watermark and acks=all: committed, plus a joining replica in flight. */
    private List<Integer> maximalIsr() {
        List<Integer> isr = registration.isr();
        if (pendingIsr == null) {
            return isr;
        }
        List<Integer> union = new ArrayList<>(isr);
        for (int r : pendingIsr) {
            if (!union.contains(r)) {
                union.add(r);
            }
        }
        return union;
    }

    // ------------------------------------------------------------------ high watermark

    /** After a leader append: with no one else in the ISR the new records are committed at once. */
    void appendedAsLeader() {
        List<CompletableFuture<Errors>> done;
        synchronized (this) {
            done = advanceHighWatermark();
        }
        completeReplicated(done);
    }

    /** Moves the high watermark up to what the maximal ISR holds; returns the writes it now acknowledges. */
    private List<CompletableFuture<Errors>> advanceHighWatermark() {
        if (!leading) {
            return List.of();
        }
        if (registration.isr().size() < Math.min(minInsyncReplicas, registration.replicas().size())) {
            // KIP-966, as Kafka 4: under min.insync.replicas nothing more is committed, so the eligible leader
            // replicas the controller may elect cleanly hold everything below the HW. acks=all writes appended before
            // the ISR shrank are answered NOT_ENOUGH_REPLICAS_AFTER_APPEND now rather than at their timeout.
            return drainWaiting(Long.MAX_VALUE);
        }
        long candidate = log.logEndOffset();
        for (int r : maximalIsr()) {
            if (r == localId) {
                continue;
            }
            Follower f = followers.get(r);
            if (f == null || f.logEndOffset < 0) {
                return List.of();   // not heard from since this leadership began
            }
            candidate = Math.min(candidate, f.logEndOffset);
        }
        if (candidate <= log.highWatermark()) {
            return List.of();
        }
        log.updateHighWatermark(candidate);
        return drainWaiting(candidate);
    }

    private List<CompletableFuture<Errors>> drainWaiting(long upTo) {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<Errors>> out = new ArrayList<>();
        Map<Long, List<CompletableFuture<Errors>>> head = waiting.headMap(upTo, true);
        head.values().forEach(out::addAll);
        head.clear();
        return out;
    }

    private void completeReplicated(List<CompletableFuture<Errors>> done) {
        if (!done.isEmpty()) {
            complete(done, registration.isr().size() < minInsyncReplicas ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND
                    : Errors.NONE);
        }
    }

    private static void complete(List<CompletableFuture<Errors>> futures, Errors error) {
        for (CompletableFuture<Errors> f : futures) {
            f.complete(error);
        }
    }

    /** Whether an acks=all write may be appended: NOT_ENOUGH_REPLICAS while the ISR is below the minimum. */
    public Errors checkEnoughReplicas() {
        return registration.isr().size() < minInsyncReplicas ? Errors.NOT_ENOUGH_REPLICAS : Errors.NONE;
    }

    /**
     * Completes once the high watermark reaches {@code nextOffset} (the end of an acks=all write): NONE, or
     * NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR fell below the minimum meanwhile, or NOT_LEADER_OR_FOLLOWER if this
     * broker stopped leading first. The caller bounds the wait.
     */
    public CompletableFuture<Errors> awaitReplicated(long nextOffset) {
        synchronized (this) {
            if (!leading) {
                return CompletableFuture.completedFuture(Errors.NOT_LEADER_OR_FOLLOWER);
            }
            if (log.highWatermark() < nextOffset) {
                CompletableFuture<Errors> f = new CompletableFuture<>();
                waiting.computeIfAbsent(nextOffset, k -> new ArrayList<>(1)).add(f);
                return f;
            }
        }
        return CompletableFuture.completedFuture(registration.isr().size() < minInsyncReplicas
                ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND : Errors.NONE);
    }

    // ------------------------------------------------------------------ followers, seen from the leader

    /**
     * A follower fetched from {@code fetchOffset}: its log ends there. Returns whether the high watermark moved (so
     * the caller wakes fetches waiting on it). Also asks for the follower to join the ISR once it has caught up.
     */
    public boolean followerFetched(int replicaId, long fetchOffset, long nowMs) {
        List<CompletableFuture<Errors>> done;
        PartitionRegistration basis = null;
        List<Integer> join = null;
        long before;
        synchronized (this) {
            Follower f = followers.get(replicaId);
            if (!leading || f == null) {
                return false;
            }
            long leaderEnd = log.logEndOffset();
            if (fetchOffset > leaderEnd) {
                return false;   // past this log's end: its suffix diverged; it truncates before it counts
            }
            if (fetchOffset >= leaderEnd) {
                f.lastCaughtUpMs = nowMs;
            } else if (fetchOffset >= f.leaderEndAtLastFetch) {
                f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, f.lastFetchMs);
            }
            f.leaderEndAtLastFetch = leaderEnd;
            f.lastFetchMs = nowMs;
            f.logEndOffset = fetchOffset;
            if (pendingIsr == null && nowMs >= nextProposalMs && !registration.isr().contains(replicaId)
                    && fetchOffset >= log.highWatermark() && fetchOffset >= leaderEpochStartOffset) {
                join = new ArrayList<>(registration.isr());
                join.add(replicaId);
                pendingIsr = join;
                basis = registration;
            }
            before = log.highWatermark();
            done = advanceHighWatermark();
        }
        completeReplicated(done);
        if (join != null) {
            propose(basis, join);
        }
        return log.highWatermark() != before;
    }

    /**
     * The in-sync followers whose log reaches past {@code fetchOffset}, most caught up first: where a consumer may be
     * sent to read from (KIP-392).
     */
    public synchronized List<Integer> inSyncFollowersHolding(long fetchOffset) {
        List<Integer> out = new ArrayList<>();
        if (!leading) {
            return out;
        }
        for (int r : registration.isr()) {
            Follower f = followers.get(r);
            if (r != localId && f != null && f.logEndOffset > fetchOffset) {
                out.add(r);
            }
        }
        out.sort((a, b) -> Long.compare(followers.get(b).logEndOffset, followers.get(a).logEndOffset));
        return out;
    }

    /** Proposes dropping ISR followers that have not caught up within {@code lagMs}; a no-op otherwise. */
    void shrinkIsrIfLagging(long nowMs, long lagMs) {
        PartitionRegistration basis;
        List<Integer> keep = new ArrayList<>();
        synchronized (this) {
            if (!leading || pendingIsr != null || nowMs < nextProposalMs) {
                return;
            }
            basis = registration;
            for (int r : basis.isr()) {
                Follower f = followers.get(r);
                if (r == localId || (f != null && nowMs - f.lastCaughtUpMs <= lagMs)) {
                    keep.add(r);
                }
            }
            if (keep.size() == basis.isr().size()) {
                return;
            }
            pendingIsr = keep;   // the maximal ISR still counts the leaving ones until the change is committed
        }
        propose(basis, keep);
    }

    private void propose(PartitionRegistration basis, List<Integer> newIsr) {
        isrChanges.propose(this, basis, newIsr).whenComplete((committed, failure) -> {
            synchronized (this) {
                if (pendingIsr != newIsr) {
                    return;   // superseded (new leadership, or a newer registration arrived)
                }
                if (committed != null && committed.leaderEpoch() != registration.leaderEpoch()) {
                    // The controller moved the leadership in the same change (a reassignment completing): until the
                    // metadata says so, the joining replica keeps counting, or this stale leader could acknowledge
                    // writes the new leader (that replica, perhaps) does not have.
                    return;
                }
                pendingIsr = null;
                if (committed == null) {
                    nextProposalMs = System.currentTimeMillis() + PROPOSAL_RETRY_MS;
                }
            }
            if (committed != null && committed.leaderEpoch() == registration.leaderEpoch()
                    && committed.partitionEpoch() > registration.partitionEpoch()) {
                update(committed, System.currentTimeMillis());
            }
        });
    }

    // ------------------------------------------------------------------ this broker as a follower

    /**
     * Appends what the leader of {@code leaderEpoch} sent, unless this broker's registration has moved on meanwhile
     * (then the answer is stale and dropped); takes the leader's high watermark. Returns whether the log end or the
     * high watermark moved (consumers reading from this follower are then woken).
     */
    public synchronized boolean appendFromLeader(int leaderEpoch, java.nio.ByteBuffer records, long leaderHighWatermark) {
        if (leading || removed || registration.leaderEpoch() != leaderEpoch) {
            return false;
        }
        long endBefore = log.logEndOffset();
        long hwBefore = log.highWatermark();
        if (records.hasRemaining()) {
            log.appendAsFollower(records);
        }
        log.updateHighWatermark(leaderHighWatermark);
        return log.logEndOffset() != endBefore || log.highWatermark() != hwBefore;
    }

    /** Truncates this follower's log to {@code offset} (a divergent suffix), unless its registration moved on. */
    public synchronized boolean truncateAsFollower(int leaderEpoch, long offset) {
        if (leading || removed || registration.leaderEpoch() != leaderEpoch) {
            return false;
        }
        log.truncateTo(offset);
        return true;
    }

    /** Restarts this follower's log at {@code offset} (behind the leader's log start), unless it moved on. */
    public synchronized boolean restartAsFollowerAt(int leaderEpoch, long offset) {
        if (leading || removed || registration.leaderEpoch() != leaderEpoch) {
            return false;
        }
        log.truncateFullyAndStartAt(offset);
        log.updateHighWatermark(offset);
        return true;
    }
}
