package io.tributary.broker.group;

import io.tributary.broker.CoordinatorThread;
import io.tributary.broker.LeadershipListener;
import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.share.ShareConfig;
import io.tributary.broker.share.ShareGroupSettings;
import java.util.function.Function;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link GroupCoordinator} on a {@link CoordinatorThread} of its own: every request, every load and unload of an offsets
 * partition, and every timeout is an event on that thread, given the clock's time. After each event the
 * coordinator says when its next timeout falls due, and the service sets one wake-up for then.
 *
 * <p>Listens to the partition manager: leading a {@code __consumer_offsets} partition loads its groups (the log
 * is replayed on this thread, so requests for them wait behind the load rather than see a half-built cache);
 * ceasing to lead unloads them.
 */
public final class GroupCoordinatorService implements LeadershipListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupCoordinatorService.class.getName());

    private final OffsetsTopic offsetsTopic;
    private final CoordinatorThread<GroupCoordinator> thread;

    public GroupCoordinatorService(GroupConfig config, OffsetsTopic offsetsTopic, PartitionManager partitions,
                                   int brokerId, Clock clock) {
        this(config, ShareConfig.defaults(), g -> ShareGroupSettings.defaults(ShareConfig.defaults()), offsetsTopic,
                partitions, brokerId, clock);
    }

    /** @param shareSettings each share group's settings in force (group configs over {@code shareConfig}) */
    public GroupCoordinatorService(GroupConfig config, ShareConfig shareConfig,
                                   Function<String, ShareGroupSettings> shareSettings, OffsetsTopic offsetsTopic,
                                   PartitionManager partitions, int brokerId, Clock clock) {
        this.offsetsTopic = offsetsTopic;
        this.thread = new CoordinatorThread<>("group-coordinator", clock);
        GroupCoordinator coordinator = new GroupCoordinator(config, shareConfig, shareSettings,
                new PartitionCoordinatorLog(partitions, brokerId), offsetsTopic::partitionFor,
                () -> UUID.randomUUID().toString());
        thread.bind(coordinator, coordinator::poll);
    }

    public OffsetsTopic offsetsTopic() {
        return offsetsTopic;
    }

    /** Runs {@code op} on the coordinator thread with the current time; its answer may itself complete later. */
    public <T> CompletableFuture<T> call(BiFunction<GroupCoordinator, Long, CompletableFuture<T>> op) {
        return thread.call(op);
    }

    /** Runs {@code op} on the coordinator thread with the current time and answers its value. */
    public <T> CompletableFuture<T> run(BiFunction<GroupCoordinator, Long, T> op) {
        return call((c, now) -> CompletableFuture.completedFuture(op.apply(c, now)));
    }

    /**
     * Applies a transaction's end to the group offsets it wrote in offsets partition {@code offsetsPartition}: the
     * marker writer calls this after appending the COMMIT ({@code committed}) or ABORT control batch of producer
     * {@code producerId} to that partition, and should wait for the answer before it treats the marker as written,
     * so that the producer's next transaction cannot write offsets this marker would then wrongly end.
     */
    public CompletableFuture<Void> completeTransaction(int offsetsPartition, long producerId, boolean committed) {
        return run((c, now) -> {
            c.completeTransaction(offsetsPartition, producerId, committed);
            return null;
        });
    }

    @Override
    public void onLeader(Partition partition) {
        if (partition.topic().equals(OffsetsTopic.NAME)) {
            int index = partition.index();
            run((c, now) -> {
                c.load(index);
                return null;
            }).exceptionally(e -> {
                LOG.log(Level.WARNING, "loading " + OffsetsTopic.NAME + "-" + index + " failed", e);
                return null;
            });
        }
    }

    @Override
    public void onNoLongerLeader(String topic, int index) {
        if (topic.equals(OffsetsTopic.NAME)) {
            run((c, now) -> {
                c.unload(index);
                return null;
            });
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
