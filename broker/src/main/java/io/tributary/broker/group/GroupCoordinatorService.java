package io.tributary.broker.group;

import io.tributary.broker.LeadershipListener;
import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link GroupCoordinator} on one thread of its own: every request, every load and unload of an offsets
 * partition, and every timeout is an event on that thread, given the clock's time. After each event the
 * coordinator says when its next timeout falls due, and the service sets one wake-up for then.
 *
 * <p>Listens to the partition manager: leading a {@code __consumer_offsets} partition loads its groups (the log
 * is replayed on this thread, so requests for them wait behind the load rather than see a half-built cache);
 * ceasing to lead unloads them.
 */
public final class GroupCoordinatorService implements LeadershipListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupCoordinatorService.class.getName());

    private final GroupCoordinator coordinator;
    private final OffsetsTopic offsetsTopic;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "group-coordinator");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAtMs = Long.MAX_VALUE;

    public GroupCoordinatorService(GroupConfig config, OffsetsTopic offsetsTopic, PartitionManager partitions,
                                   int brokerId, Clock clock) {
        this.offsetsTopic = offsetsTopic;
        this.clock = clock;
        this.coordinator = new GroupCoordinator(config, new PartitionCoordinatorLog(partitions, brokerId),
                offsetsTopic::partitionFor, () -> UUID.randomUUID().toString());
    }

    public OffsetsTopic offsetsTopic() {
        return offsetsTopic;
    }

    /** Runs {@code op} on the coordinator thread with the current time; its answer may itself complete later. */
    public <T> CompletableFuture<T> call(BiFunction<GroupCoordinator, Long, CompletableFuture<T>> op) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                long now = clock.millis();
                try {
                    op.apply(coordinator, now).whenComplete((r, e) -> {
                        if (e != null) {
                            answer.completeExceptionally(e);
                        } else {
                            answer.complete(r);
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "group coordinator event failed", e);
                    answer.completeExceptionally(e);
                }
                rearm(now);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /** Runs {@code op} on the coordinator thread with the current time and answers its value. */
    public <T> CompletableFuture<T> run(BiFunction<GroupCoordinator, Long, T> op) {
        return call((c, now) -> CompletableFuture.completedFuture(op.apply(c, now)));
    }

    private void rearm(long now) {
        long next;
        try {
            next = coordinator.poll(now);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "group coordinator timeouts failed", e);
            next = now + 1000;
        }
        if (next == Long.MAX_VALUE || next >= wakeUpAtMs && wakeUp != null && !wakeUp.isDone()) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAtMs = next;
        wakeUp = thread.schedule(() -> {
            wakeUpAtMs = Long.MAX_VALUE;
            rearm(clock.millis());
        }, Math.max(0, next - now), TimeUnit.MILLISECONDS);
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
        thread.shutdownNow();
    }
}
