package io.tributary.broker.share;

import io.tributary.broker.CoordinatorThread;
import io.tributary.broker.InternalTopic;
import io.tributary.broker.LeadershipListener;
import io.tributary.broker.Partition;
import io.tributary.broker.PartitionCoordinatorLog;
import io.tributary.broker.PartitionManager;
import io.tributary.cluster.MetadataNode;
import io.tributary.protocol.Errors;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link ShareCoordinator} on a {@link CoordinatorThread} of its own ({@code share-coordinator}) and follows
 * leadership of {@code __share_group_state}: leading a partition loads its share-partition states (the log is
 * replayed on that thread, so requests for them queue behind the load), ceasing to lead unloads them.
 *
 * <p>As a {@link ShareStatePersister} it answers only for the keys whose partitions this broker leads (others fail
 * with NOT_COORDINATOR): the Read/Write/Initialize/DeleteShareGroupState handlers call it, and
 * {@link ShareStateClient} calls it when the key's coordinator is this broker. Each answer waits until its record is
 * replicated; every failure is a {@link ShareStateException} (a write that is not replicated in time, or a closed
 * coordinator, fails with COORDINATOR_NOT_AVAILABLE, which callers retry).
 */
public final class ShareCoordinatorService implements ShareStatePersister, LeadershipListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ShareCoordinatorService.class.getName());

    private final InternalTopic stateTopic;
    private final CoordinatorThread<ShareCoordinator> thread;

    /**
     * @param metadata the node's metadata, forwarding commands to the active controller (the topic's creation)
     */
    public ShareCoordinatorService(ShareConfig config, MetadataNode metadata, PartitionManager partitions,
                                   int brokerId, Clock clock) {
        this.stateTopic = ShareStateTopic.of(metadata, config);
        this.thread = new CoordinatorThread<>("share-coordinator", clock);
        ShareCoordinator coordinator = new ShareCoordinator(
                new PartitionCoordinatorLog(ShareStateTopic.NAME, partitions, brokerId),
                key -> stateTopic.partitionFor(key.coordinatorKey()),
                index -> {
                    Partition p = partitions.partition(ShareStateTopic.NAME, index);
                    return p != null && p.isLeader(brokerId);
                });
        thread.bind(coordinator, coordinator::poll);
    }

    /** The internal topic, created on the first FindCoordinator for a share-partition or by the client. */
    public InternalTopic stateTopic() {
        return stateTopic;
    }

    @Override
    public CompletableFuture<ShareState> read(SharePartitionKey key, int leaderEpoch) {
        return call((c, now) -> c.read(key, leaderEpoch, now));
    }

    @Override
    public CompletableFuture<ShareStateSummary> summary(SharePartitionKey key) {
        return call((c, now) -> c.summary(key));
    }

    @Override
    public CompletableFuture<Void> write(SharePartitionKey key, ShareState state) {
        return call((c, now) -> c.write(key, state, now));
    }

    @Override
    public CompletableFuture<Void> initialize(SharePartitionKey key, int stateEpoch, long startOffset) {
        return call((c, now) -> c.initialize(key, stateEpoch, startOffset, now));
    }

    @Override
    public CompletableFuture<Void> delete(SharePartitionKey key) {
        return call((c, now) -> c.delete(key, now));
    }

    private <T> CompletableFuture<T> call(BiFunction<ShareCoordinator, Long, CompletableFuture<T>> op) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        thread.call(op).whenComplete((r, failure) -> {
            if (failure == null) {
                answer.complete(r);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            answer.completeExceptionally(cause instanceof ShareStateException ? cause
                    : new ShareStateException(Errors.COORDINATOR_NOT_AVAILABLE, "the share coordinator could not"
                    + " answer: " + cause.getMessage()));
        });
        return answer;
    }

    @Override
    public void onLeader(Partition partition) {
        if (partition.topic().equals(ShareStateTopic.NAME)) {
            int index = partition.index();
            thread.run((c, now) -> {
                c.load(index);
                return null;
            }).exceptionally(e -> {
                LOG.log(Level.WARNING, "loading " + ShareStateTopic.NAME + "-" + index + " failed", e);
                return null;
            });
        }
    }

    @Override
    public void onNoLongerLeader(String topic, int index) {
        if (topic.equals(ShareStateTopic.NAME)) {
            thread.run((c, now) -> {
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
