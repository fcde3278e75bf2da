package io.tributary.connect.worker;

import io.tributary.connect.storage.StatusStore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The life of one task on its own thread: start, run until stopped, and report each state (RUNNING, PAUSED,
 * FAILED with its trace, UNASSIGNED once stopped) to the status store.
 */
abstract class TaskRunner implements Runnable {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());

    final String connector;
    final int taskId;
    private final StatusStore statuses;
    private final String workerId;
    private final CountDownLatch finished = new CountDownLatch(1);
    volatile boolean stopping;
    volatile TargetState target;
    private volatile boolean failed;

    TaskRunner(String connector, int taskId, StatusStore statuses, String workerId, TargetState target) {
        this.connector = connector;
        this.taskId = taskId;
        this.statuses = statuses;
        this.workerId = workerId;
        this.target = target;
    }

    String name() {
        return connector + "-" + taskId;
    }

    @Override
    public final void run() {
        Thread.currentThread().setName("task-thread-" + name());
        try {
            execute();
        } catch (Throwable t) {
            if (!stopping) {
                failed = true;
                LOG.log(Level.SEVERE, name() + " failed; it will not recover until manually restarted", t);
                report("FAILED", ErrorHandler.trace(t));
            }
        } finally {
            try {
                close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name() + " did not close cleanly", e);
            }
            if (!failed) {
                report("UNASSIGNED", null);
            }
            finished.countDown();
        }
    }

    /** Starts the task and runs it until {@link #stopping}; a throw fails the task. */
    abstract void execute() throws Exception;

    /** Releases the task's clients; runs on the task's thread after {@link #execute}. */
    abstract void close();

    /** Wakes a task blocked in a poll so it sees {@link #stopping}. */
    abstract void wakeup();

    void report(String state, String trace) {
        statuses.putTask(connector, taskId, new StatusStore.State(state, workerId, trace));
    }

    final void transition(TargetState state) {
        target = state;
        wakeup();
        synchronized (this) {
            notifyAll();
        }
    }

    /** Blocks while paused; reports PAUSED then RUNNING around the pause. Returns false when stopping. */
    final boolean awaitUnpaused() throws InterruptedException {
        if (target != TargetState.PAUSED) {
            return !stopping;
        }
        onPause();
        report("PAUSED", null);
        synchronized (this) {
            while (target == TargetState.PAUSED && !stopping) {
                wait(1000);
            }
        }
        if (!stopping) {
            onResume();
            report("RUNNING", null);
        }
        return !stopping;
    }

    void onPause() {
    }

    void onResume() {
    }

    final void stop() {
        stopping = true;
        wakeup();
        synchronized (this) {
            notifyAll();
        }
    }

    final boolean awaitStop(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
