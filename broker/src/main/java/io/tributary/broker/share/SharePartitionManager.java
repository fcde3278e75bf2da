package io.tributary.broker.share;

import io.tributary.broker.LeadershipListener;
import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.log.Log;
import io.tributary.log.TopicPartition;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The share-partitions this broker leads: each {@link SharePartition} is loaded from the share coordinator the first
 * time a member fetches it (a share-partition with no stored state starts at the group's
 * {@code share.auto.offset.reset} and is stored at once), kept while this broker leads the topic partition, and
 * dropped when it stops leading it or when the stored state was reset under it (FENCED_STATE_EPOCH). Every change
 * an acknowledgement makes is written to the coordinator before the acknowledgement is answered
 * ({@link ShareStateWriter}). A timer ends expired acquisition locks every {@link #LOCK_SWEEP_MS}; whenever records
 * become available again (a release, a lock timeout, a load) the fetches waiting on the partition are woken through
 * the partition manager's append signal.
 */
public final class SharePartitionManager implements LeadershipListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SharePartitionManager.class.getName());
    static final long LOCK_SWEEP_MS = 100;

    /** A loaded share-partition with the leader partition it belongs to and its writer. */
    public record Leader(SharePartitionKey key, Partition partition, int leaderEpoch, SharePartition state,
                         ShareStateWriter writer) {
    }

    private final PartitionManager partitions;
    private final ShareStatePersister persister;
    private final Function<String, ShareGroupSettings> settings;
    private final Clock clock;
    private final ConcurrentHashMap<SharePartitionKey, CompletableFuture<Leader>> loaded = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public SharePartitionManager(PartitionManager partitions, ShareStatePersister persister,
                                 Function<String, ShareGroupSettings> settings, Clock clock) {
        this.partitions = partitions;
        this.persister = persister;
        this.settings = settings;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "share-lock-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::expireLocks, LOCK_SWEEP_MS, LOCK_SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    public ShareGroupSettings settings(String groupId) {
        return settings.apply(groupId);
    }

    public long nowMs() {
        return clock.millis();
    }

    /**
     * The share-partition if it is loaded; else starts loading it (unless already loading) and answers null — the
     * caller treats it as having nothing yet; fetches waiting on the partition are woken once it is loaded. A failed
     * load is forgotten, so the next fetch tries again.
     */
    public Leader loadedOrLoad(SharePartitionKey key, Partition partition) {
        CompletableFuture<Leader> f = loaded.get(key);
        if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
            Leader l = f.join();
            if (l.partition() == partition && l.leaderEpoch() == partition.leaderEpoch()) {
                return l;
            }
            loaded.remove(key, f);   // leadership moved and came back: read the state afresh
            f = null;
        }
        if (f == null) {
            CompletableFuture<Leader> mine = new CompletableFuture<>();
            if (loaded.putIfAbsent(key, mine) == null) {
                load(key, partition, mine);
            }
        }
        return null;
    }

    private void load(SharePartitionKey key, Partition partition, CompletableFuture<Leader> into) {
        int epoch = partition.leaderEpoch();
        persister.read(key, epoch).thenCompose(state -> state != null ? CompletableFuture.completedFuture(state)
                : initialize(key, partition, epoch)).whenComplete((state, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.FINE, () -> "loading share-partition " + key + " failed: " + failure);
                        loaded.remove(key, into);
                        into.completeExceptionally(failure);
                        return;
                    }
                    SharePartition sp = new SharePartition(state);
                    into.complete(new Leader(key, partition, epoch, sp,
                            new ShareStateWriter(key, sp, epoch, persister, () -> forget(key, into))));
                    wake(partition);
                });
    }

    /** A share-partition seen for the first time starts where {@code share.auto.offset.reset} says, stored at once. */
    private CompletableFuture<ShareState> initialize(SharePartitionKey key, Partition partition, int leaderEpoch) {
        long start = startOffset(partition.log(), settings(key.groupId()).autoOffsetReset(),
                partition.highWatermark(), clock.millis());
        return persister.initialize(key, 0, start)
                .thenApply(ignored -> new ShareState(0, leaderEpoch, start, List.of()));
    }

    /** earliest: the log start; latest (Kafka's default): the high watermark; by_duration: the first offset since. */
    static long startOffset(Log log, String reset, long highWatermark, long nowMs) {
        if ("earliest".equals(reset)) {
            return log.logStartOffset();
        }
        if (reset != null && reset.startsWith("by_duration:")) {
            try {
                long since = nowMs - Duration.parse(reset.substring("by_duration:".length())).toMillis();
                Log.TimestampAndOffset found = log.offsetForTimestamp(since);
                return found == null ? highWatermark : Math.min(found.offset(), highWatermark);
            } catch (DateTimeParseException e) {
                return highWatermark;
            }
        }
        return highWatermark;
    }

    /** Drops a share-partition (its stored state was reset, or leadership moved): the next fetch reloads it. */
    private void forget(SharePartitionKey key, CompletableFuture<Leader> which) {
        loaded.remove(key, which);
    }

    /** The share-partition if it is loaded here, else null. */
    public Leader loaded(SharePartitionKey key) {
        CompletableFuture<Leader> f = loaded.get(key);
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    /**
     * Drops the given share-partitions where nothing is in flight (no record acquired, no write pending), so the next
     * fetch reads them afresh from the share coordinator: a new share session may follow an
     * AlterShareGroupOffsets, DeleteShareGroupOffsets or DeleteGroups of the (then empty) group, which changed the
     * stored state under this cache. Where records are acquired the group has members and none of those ran.
     */
    public void refreshIdle(List<SharePartitionKey> keys) {
        for (SharePartitionKey key : keys) {
            CompletableFuture<Leader> f = loaded.get(key);
            if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
                Leader l = f.join();
                if (l.writer().idle() && l.state().retireIfIdle()) {
                    loaded.remove(key, f);
                }
            }
        }
    }

    /**
     * Releases what {@code memberId} holds in the given share-partitions (its session ended or forgot them), writes
     * the change, and wakes the fetches of other members.
     */
    public void releaseAll(String memberId, List<SharePartitionKey> keys) {
        for (SharePartitionKey key : keys) {
            Leader l = loaded(key);
            if (l != null && l.state().releaseAll(memberId, settings(key.groupId()).deliveryCountLimit())) {
                l.writer().write();
                wake(l.partition());
            }
        }
    }

    /** Wakes the fetches waiting on the leader partition: records of one of its share-partitions became available. */
    public void wake(Partition partition) {
        partitions.appendSignal().appended(new TopicPartition(partition.topic(), partition.index()));
    }

    private void expireLocks() {
        try {
            long now = clock.millis();
            for (CompletableFuture<Leader> f : loaded.values()) {
                if (!f.isDone() || f.isCompletedExceptionally()) {
                    continue;
                }
                Leader l = f.join();
                if (l.state().nextLockDeadline() <= now
                        && l.state().expireLocks(now, settings(l.key().groupId()).deliveryCountLimit())) {
                    l.writer().write();
                    wake(l.partition());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ending share acquisition locks failed", e);
        }
    }

    @Override
    public void onLeader(Partition partition) {
        dropAll(partition.topic(), partition.index());
    }

    @Override
    public void onNoLongerLeader(String topic, int index) {
        dropAll(topic, index);
    }

    private void dropAll(String topic, int index) {
        for (Map.Entry<SharePartitionKey, CompletableFuture<Leader>> e : loaded.entrySet()) {
            CompletableFuture<Leader> f = e.getValue();
            if (f.isDone() && !f.isCompletedExceptionally() && f.join().partition().topic().equals(topic)
                    && e.getKey().partition() == index) {
                loaded.remove(e.getKey(), f);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
