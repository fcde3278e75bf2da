package io.tributary.broker;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongUnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a single-threaded coordinator (groups, transactions) on a thread of its own: every request, load, unload
 * and timeout is an event on that thread, given the clock's time. After each event the coordinator's
 * {@code poll(now)} says when its next timeout falls due, and one wake-up is set for then. A request's answer waits
 * until what its event wrote is replicated ({@link CoordinatorWrites}).
 *
 * @param <C> the coordinator
 */
public final class CoordinatorThread<C> implements Executor, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CoordinatorThread.class.getName());

    private final String name;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private C coordinator;
    private LongUnaryOperator poll;
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAtMs = Long.MAX_VALUE;

    public CoordinatorThread(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Sets the coordinator (built with this thread as its executor) and its poll: now → next deadline. */
    public void bind(C coordinator, LongUnaryOperator poll) {
        this.coordinator = coordinator;
        this.poll = poll;
    }

    /** Runs {@code op} on the thread with the current time; its answer may itself complete later. */
    public <T> CompletableFuture<T> call(BiFunction<C, Long, CompletableFuture<T>> op) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        boolean queued = submit(() -> {
            CoordinatorWrites.begin();
            try {
                CompletableFuture<T> result = op.apply(coordinator, clock.millis());
                result.thenCombine(CoordinatorWrites.end(), (r, replicated) -> r).whenComplete((r, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete(r);
                    }
                });
            } catch (RuntimeException e) {
                CoordinatorWrites.end();
                LOG.log(Level.SEVERE, name + " event failed", e);
                answer.completeExceptionally(e);
            }
        });
        if (!queued) {
            answer.completeExceptionally(new RejectedExecutionException(name + " is closed"));
        }
        return answer;
    }

    /** Runs {@code op} on the thread with the current time and answers its value. */
    public <T> CompletableFuture<T> run(BiFunction<C, Long, T> op) {
        return call((c, now) -> CompletableFuture.completedFuture(op.apply(c, now)));
    }

    /** Runs a task on the thread (continuations of the coordinator's own asynchronous steps), then re-polls. */
    @Override
    public void execute(Runnable task) {
        if (!submit(task)) {
            LOG.fine(() -> name + " is closed; a task was dropped");
        }
    }

    private boolean submit(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, name + " task failed", e);
                }
                rearm(clock.millis());
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void rearm(long now) {
        long next;
        try {
            next = poll.applyAsLong(now);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, name + " timeouts failed", e);
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
    public void close() {
        thread.shutdownNow();
    }
}
