package io.tributary.jms;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The bounds on acknowledgements a queue consumer lets wait in AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE, and a
 * connection's timer that sends them when the application stops receiving.
 *
 * <p>An ACCEPT waits to ride on the share member's next fetch (ShareFetch carries acknowledgements), which costs no
 * round trip of its own; it is sent on its own (ShareAcknowledge) once {@link #MAX_MESSAGES} wait on one member or
 * the oldest has waited {@link #MAX_DELAY_MS}. 100 ms is short against the acquisition lock (30 s by default: an
 * acknowledgement that waited until the lock expired would get the message delivered again) and is the most a crash
 * can leave unsent; at 10 records per fetch a draining consumer's fetches carry every acknowledgement long before.
 */
final class AcknowledgementTimer implements AutoCloseable {

    /** The most settled records one share member keeps unsent. */
    static final int MAX_MESSAGES = 100;
    /** The longest a settled record stays unsent. */
    static final long MAX_DELAY_MS = 100;

    private final String name;
    private ScheduledThreadPoolExecutor timer;
    private boolean closed;

    AcknowledgementTimer(String name) {
        this.name = name;
    }

    /** Runs {@code task} on the timer thread after {@code delayMs}; not at all once closed. */
    synchronized void schedule(Runnable task, long delayMs) {
        if (closed) {
            return;
        }
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        try {
            timer.schedule(task, Math.max(delayMs, 0), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: the consumers' close sends what waits
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
