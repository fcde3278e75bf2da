package io.tributary.cluster.raft;

import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.ControllerConfig;
import io.tributary.cluster.controller.ControllerLogic;
import io.tributary.cluster.controller.ControllerResult;
import io.tributary.cluster.controller.TopicPartition;
import io.tributary.cluster.metadata.MetadataBatch;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The active controller's single thread. While this node leads the quorum it keeps a working image (the
 * committed image at activation plus every batch it has appended since), runs each command through
 * {@link ControllerLogic} against it, appends the resulting records as one batch, and answers once Raft
 * has committed them. Session expiry, leader balancing and the periodic unclean election run on the same thread,
 * so every decision is serialized.
 *
 * <p>A command with no records is answered after every earlier append commits, so a caller never learns
 * of a state that is not yet committed. On losing leadership (or any failed append) the loop goes inactive
 * and answers {@link NotControllerException} until Ratis makes this node leader again.
 */
final class ControllerEventLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerEventLoop.class);

    /** Appends one encoded batch to the Raft log; completes when committed and applied locally. */
    interface Appender {
        CompletableFuture<Void> append(byte[] batch);
    }

    private final int nodeId;
    private final ControllerLogic logic;
    private final Clock clock;
    private final Appender appender;
    private final Supplier<OptionalInt> leaderHint;
    private final ScheduledExecutorService executor;

    // Confined to the executor thread:
    private boolean active;
    private long term;
    private MetadataImage working;
    private CompletableFuture<Void> lastAppend = CompletableFuture.completedFuture(null);

    ControllerEventLoop(int nodeId, ControllerLogic logic, Clock clock, Appender appender,
                        Supplier<OptionalInt> leaderHint, long sessionCheckIntervalMs) {
        this.nodeId = nodeId;
        this.logic = logic;
        this.clock = clock;
        this.appender = appender;
        this.leaderHint = leaderHint;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::expireSessions, sessionCheckIntervalMs, sessionCheckIntervalMs,
                TimeUnit.MILLISECONDS);
        ControllerConfig.LeaderBalance balance = logic.leaderBalance();
        if (balance.enabled()) {
            executor.scheduleWithFixedDelay(this::balanceLeaders, balance.checkIntervalMs(),
                    balance.checkIntervalMs(), TimeUnit.MILLISECONDS);
        }
        long uncleanInterval = logic.uncleanElectionIntervalMs();
        executor.scheduleWithFixedDelay(this::electUncleanLeaders, uncleanInterval, uncleanInterval,
                TimeUnit.MILLISECONDS);
    }

    /** This node leads {@code term}; {@code committed} holds every entry before the term's first one. */
    void activate(MetadataImage committed, long newTerm) {
        run(() -> {
            active = true;
            term = newTerm;
            working = committed;
            lastAppend = CompletableFuture.completedFuture(null);
            logic.activate(committed, clock.millis());
            LOG.info("node {}: active controller for term {} at metadata offset {}", nodeId, newTerm,
                    committed.offset());
        });
    }

    void deactivate() {
        run(() -> {
            if (active) {
                LOG.info("node {}: no longer the active controller (term {})", nodeId, term);
            }
            active = false;
            working = null;
        });
    }

    /** Runs {@code task} on the controller thread; after {@link #close()} there is nothing left to do. */
    private void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.debug("node {}: controller closed, dropping a task", nodeId);
        }
    }

    boolean isActive() {
        try {
            return executor.submit(() -> active).get();
        } catch (Exception e) {
            return false;
        }
    }

    <R> CompletableFuture<R> submit(ControllerCommand<R> command) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        try {
            executor.execute(() -> handle(command, answer));
        } catch (RuntimeException e) {
            answer.completeExceptionally(notController("the controller is shut down"));
        }
        return answer;
    }

    private <R> void handle(ControllerCommand<R> command, CompletableFuture<R> answer) {
        if (!active) {
            answer.completeExceptionally(notController("node " + nodeId + " is not the active controller"));
            return;
        }
        ControllerResult<R> result;
        try {
            result = logic.handle(working, command, clock.millis());
        } catch (RuntimeException e) {
            LOG.error("node {}: controller failed on {}", nodeId, command, e);
            answer.completeExceptionally(e);
            return;
        }
        append(result.records()).whenComplete((ignored, error) -> {
            if (error != null) {
                answer.completeExceptionally(error instanceof NotControllerException ? error
                        : notController("the command did not commit: " + error));
            } else {
                answer.complete(result.response());
            }
        });
    }

    private void expireSessions() {
        if (!active) {
            return;
        }
        try {
            ControllerResult<List<Integer>> result = logic.expireSessions(working, clock.millis());
            if (!result.response().isEmpty()) {
                LOG.info("node {}: fencing brokers {} whose sessions expired", nodeId, result.response());
                append(result.records());
            }
        } catch (RuntimeException e) {
            LOG.error("node {}: session expiry failed", nodeId, e);
        }
    }

    /** {@code auto.leader.rebalance.enable}: preferred elections where a broker's leader imbalance is too high. */
    private void balanceLeaders() {
        if (!active) {
            return;
        }
        try {
            ControllerResult<Map<TopicPartition, ApiError>> result = logic.balanceLeaders(working);
            if (!result.records().isEmpty()) {
                LOG.info("node {}: moving the leadership of {} partitions back to their preferred replicas "
                        + "(leader imbalance): {}", nodeId, result.response().size(),
                        result.response().keySet().stream().limit(10).toList());
                append(result.records());
            }
        } catch (RuntimeException e) {
            LOG.error("node {}: leader balancing failed", nodeId, e);
        }
    }

    /** {@code unclean.leader.election.interval.ms}: unclean elections for leaderless partitions that allow them. */
    private void electUncleanLeaders() {
        if (!active) {
            return;
        }
        try {
            ControllerResult<List<TopicPartition>> result = logic.electUncleanLeaders(working);
            if (!result.records().isEmpty()) {
                LOG.warn("node {}: unclean leader election for {} leaderless partitions (committed records "
                        + "their new leader lacks are lost): {}", nodeId, result.response().size(),
                        result.response().stream().limit(10).toList());
                append(result.records());
            }
        } catch (RuntimeException e) {
            LOG.error("node {}: unclean leader election failed", nodeId, e);
        }
    }

    /** Appends records (if any) after the earlier appends; on the executor thread. */
    private CompletableFuture<Void> append(List<MetadataRecord> records) {
        if (records.isEmpty()) {
            return lastAppend.handle((v, e) -> null);
        }
        working = new MetadataDelta(working).replayAll(records).apply(working.offset());
        long appendTerm = term;
        CompletableFuture<Void> committed = appender.append(new MetadataBatch(appendTerm, records).encode());
        committed.whenComplete((v, error) -> {
            if (error != null) {
                run(() -> {
                    if (active && term == appendTerm) {
                        LOG.warn("node {}: append failed in term {} ({}); resigning until the next election",
                                nodeId, appendTerm, error.toString());
                        active = false;
                        working = null;
                    }
                });
            }
        });
        lastAppend = committed;
        return committed;
    }

    private NotControllerException notController(String message) {
        return new NotControllerException(message, leaderHint.get());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
