package io.tributary.broker;

import io.tributary.broker.config.TopicConfigResolver;
import io.tributary.cluster.MetadataListener;
import io.tributary.cluster.metadata.LocalReplicaChanges;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.log.Log;
import io.tributary.log.LogConfig;
import io.tributary.log.LogManager;
import io.tributary.log.TopicPartition;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The partitions this broker hosts, kept in step with the metadata image: when a committed change says "this
 * broker now leads (or follows) p" the partition's log is opened or created (also for a replica a reassignment adds
 * here, which then follows the leader from its log start); when it says "p is gone" (topic deleted, or this replica
 * reassigned away) the log is deleted; when a topic or broker config changes, each hosted log gets the settings now in force. Changes are
 * applied in log order on one thread of its own (the quorum's apply thread must not wait on disk). Also the wake-up signal for long-polling fetches: every append raises {@link #appendSignal()}.
 */
public final class PartitionManager implements MetadataListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PartitionManager.class.getName());

    private final int brokerId;
    private final LogManager logManager;
    private final TopicConfigResolver topicConfigs;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metadata-applier");
        t.setDaemon(true);
        return t;
    });
    private volatile MetadataImage published = MetadataImage.EMPTY;
    private final List<LeadershipListener> leadershipListeners = new CopyOnWriteArrayList<>();
    private final AppendSignal appendSignal = new AppendSignal();
    private volatile Partition.IsrChanges isrChanges = (p, basis, isr) -> CompletableFuture.completedFuture(null);
    private volatile FollowerFetching fetching = FollowerFetching.NONE;
    private volatile java.util.function.BiConsumer<Integer, Integer> isrChangeObserver = (before, after) -> { };

    /** Who copies the partitions this broker follows from their leaders. */
    public interface FollowerFetching {
        FollowerFetching NONE = new FollowerFetching() {
            @Override
            public void follow(Partition partition, int leaderId, int leaderEpoch) {
            }

            @Override
            public void unfollow(Partition partition) {
            }
        };

        /** Fetch {@code partition} from {@code leaderId} (which leads it in {@code leaderEpoch}) from now on. */
        void follow(Partition partition, int leaderId, int leaderEpoch);

        /** Stop fetching {@code partition} (this broker leads it now, or no longer hosts it, or it has no leader). */
        void unfollow(Partition partition);
    }

    PartitionManager(int brokerId, LogManager logManager, TopicConfigResolver topicConfigs) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.topicConfigs = topicConfigs;
    }

    /**
     * Turns replication on (before the first image is applied): ISR changes go to {@code isrChanges}, followed
     * partitions to {@code fetching}, and every {@code lagMs / 2} each led partition drops the followers that have
     * not caught up for {@code lagMs}.
     */
    public void startReplication(Partition.IsrChanges isrChanges, FollowerFetching fetching,
                                 java.util.concurrent.ScheduledExecutorService scheduler, long lagMs) {
        this.isrChanges = isrChanges;
        this.fetching = fetching;
        long period = Math.max(1, lagMs / 2);
        scheduler.scheduleWithFixedDelay(() -> {
            long now = System.currentTimeMillis();
            for (Partition p : partitions.values()) {
                try {
                    p.shrinkIsrIfLagging(now, lagMs);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "ISR check of " + p.topic() + "-" + p.index() + " failed", e);
                }
            }
        }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public Partition partition(String topic, int index) {
        return partitions.get(new TopicPartition(topic, index));
    }

    /** Adds a listener told whenever this broker starts or stops leading a hosted partition. */
    public void addLeadershipListener(LeadershipListener listener) {
        leadershipListeners.add(listener);
    }

    public int count() {
        return partitions.size();
    }

    /** How many partitions this broker leads that pass {@code test}. */
    public int countLed(java.util.function.Predicate<Partition> test) {
        int n = 0;
        for (Partition p : partitions.values()) {
            if (p.isLeader(brokerId) && test.test(p)) {
                n++;
            }
        }
        return n;
    }

    /** Tells {@code listener} (ISR size before, after) about every committed ISR change of a partition led here. */
    void onIsrChange(java.util.function.BiConsumer<Integer, Integer> listener) {
        this.isrChangeObserver = listener;
    }

    /** The wake-up signal of long-polling fetches: every append on this broker raises it. */
    public AppendSignal appendSignal() {
        return appendSignal;
    }

    /** After a leader append: moves the high watermark if it can, and wakes the fetches waiting on the partition. */
    public void appended(Partition partition) {
        partition.appendedAsLeader();
        CoordinatorWrites.record(partition, partition.log().logEndOffset());
        appendSignal.appended(new TopicPartition(partition.topic(), partition.index()));
    }

    /** Wakes the fetches waiting on a partition whose high watermark moved. */
    public void highWatermarkMoved(Partition partition) {
        appendSignal.appended(new TopicPartition(partition.topic(), partition.index()));
    }

    @Override
    public void onMetadataUpdate(MetadataDelta delta, MetadataImage image) {
        LocalReplicaChanges changes = delta.localChanges(brokerId);
        boolean configsChanged = !delta.base().allConfigs().equals(image.allConfigs());
        try {
            applier.execute(() -> {
                apply(changes, image);
                if (configsChanged) {
                    applyConfigs(image);
                }
                publish(image);
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // this node is stopping: the quorum may still deliver a change or two; there is nothing to apply it to
        }
    }

    /** Gives every hosted log the settings now in force for its topic (a topic or broker config changed). */
    private void applyConfigs(MetadataImage image) {
        Map<String, LogConfig> byTopic = new HashMap<>();
        for (Partition p : partitions.values()) {
            try {
                LogConfig wanted = byTopic.computeIfAbsent(p.topic(), t -> topicConfigs.logConfig(image, t));
                if (!wanted.equals(p.log().config())) {
                    p.log().updateConfig(wanted);
                }
                p.minInsyncReplicas(topicConfigs.minInsyncReplicas(image, p.topic()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not apply the configs of " + p.topic(), e);
            }
        }
    }

    /** Brings the hosted partitions in line with an image (at startup, before any delta). */
    public void reconcile(MetadataImage image) {
        CompletableFuture.runAsync(() -> {
            for (TopicImage topic : image.topics().values()) {
                for (int i = 0; i < topic.partitionCount(); i++) {
                    PartitionRegistration r = topic.partition(i);
                    if (r.replicas().contains(brokerId)) {
                        host(topic, i, r, image);
                    }
                }
            }
            publish(image);
        }, applier).join();
    }

    /**
     * The latest image whose changes this broker has applied (its logs opened, its configs set). Requests are
     * answered from it rather than from the quorum's newest image, so a client is never told this broker leads a
     * partition before it can serve it — as a Kafka broker publishes its metadata cache after its replica changes.
     */
    public MetadataImage publishedImage() {
        return published;
    }

    /** A condition on the published image someone waits for. */
    private record Waiter(java.util.function.Predicate<MetadataImage> condition, CompletableFuture<Void> done) {
    }

    private final java.util.List<Waiter> waiters = new java.util.concurrent.CopyOnWriteArrayList<>();

    private void publish(MetadataImage image) {
        published = image;
        for (Waiter w : waiters) {
            if (w.condition().test(image)) {
                waiters.remove(w);
                w.done().complete(null);
            }
        }
    }

    /**
     * Completes once the published image satisfies {@code condition} (at once if it already does), so that a
     * client told "topic created" is then answered about that topic by this broker.
     */
    public CompletableFuture<Void> awaitPublished(java.util.function.Predicate<MetadataImage> condition,
                                                  long timeoutMs) {
        Waiter w = new Waiter(condition, new CompletableFuture<>());
        waiters.add(w);
        if (condition.test(published)) {
            waiters.remove(w);
            w.done().complete(null);
        }
        return w.done().completeOnTimeout(null, timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> waiters.remove(w));
    }

    private void apply(LocalReplicaChanges changes, MetadataImage image) {
        try {
            for (TopicIdPartition tp : changes.deleted()) {
                partitions.entrySet().removeIf(e -> {
                    if (e.getValue().topicId().equals(tp.topicId()) && e.getKey().partition() == tp.partition()) {
                        if (e.getValue().isLeader(brokerId)) {
                            noLongerLeader(e.getKey());
                        }
                        fetching.unfollow(e.getValue());
                        e.getValue().removed();   // waiting acks=all writes fail; no append after the delete
                        try {
                            logManager.delete(e.getKey());
                        } catch (IOException ex) {
                            LOG.log(Level.WARNING, "could not delete the log of " + e.getKey(), ex);
                        }
                        return true;
                    }
                    return false;
                });
            }
            applyHosted(changes.leaders(), image);
            applyHosted(changes.followers(), image);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "applying metadata changes failed", e);
        }
    }

    private void applyHosted(Map<TopicIdPartition, PartitionRegistration> hosted, MetadataImage image) {
        hosted.forEach((tp, registration) -> {
            TopicImage topic = image.topic(tp.topicId());
            if (topic != null) {
                host(topic, tp.partition(), registration, image);
            }
        });
    }

    private void host(TopicImage topic, int index, PartitionRegistration registration, MetadataImage image) {
        TopicPartition tp = new TopicPartition(topic.name(), index);
        Partition existing = partitions.get(tp);
        if (existing != null && existing.topicId().equals(topic.id())) {
            boolean wasLeader = existing.isLeader(brokerId);
            existing.update(registration, System.currentTimeMillis());
            followOrLead(existing);
            if (!wasLeader && existing.isLeader(brokerId)) {
                leadershipListeners.forEach(l -> l.onLeader(existing));
            } else if (wasLeader && !existing.isLeader(brokerId)) {
                noLongerLeader(tp);
            }
            return;
        }
        Log log = logManager.getOrCreate(tp, topicConfigs.logConfig(image, topic.name()));
        Partition partition = new Partition(topic.name(), index, topic.id(), log, registration, brokerId,
                topicConfigs.minInsyncReplicas(image, topic.name()),
                new Partition.IsrChanges() {
                    @Override
                    public CompletableFuture<PartitionRegistration> propose(Partition p, PartitionRegistration basis,
                                                                            List<Integer> isr) {
                        return isrChanges.propose(p, basis, isr);
                    }

                    @Override
                    public void committed(int sizeBefore, int sizeAfter) {
                        isrChangeObserver.accept(sizeBefore, sizeAfter);
                    }
                });
        partitions.put(tp, partition);
        followOrLead(partition);
        if (partition.isLeader(brokerId)) {
            leadershipListeners.forEach(l -> l.onLeader(partition));
        }
    }

    /** Points the follower fetching at the partition's leader, or stops it when this broker leads or none does. */
    private void followOrLead(Partition partition) {
        PartitionRegistration r = partition.registration();
        if (r.leader() == brokerId || !r.hasLeader()) {
            fetching.unfollow(partition);
        } else {
            fetching.follow(partition, r.leader(), r.leaderEpoch());
        }
    }

    private void noLongerLeader(TopicPartition tp) {
        leadershipListeners.forEach(l -> l.onNoLongerLeader(tp.topic(), tp.partition()));
    }

    @Override
    public void close() {
        applier.shutdown();
    }
}
