package io.tributary.jms;

/**
 * A connection's started/stopped state: consumers deliver only while it is started (a new connection is stopped).
 */
final class DeliveryGate {

    private boolean started;

    synchronized void start() {
        started = true;
        notifyAll();
    }

    synchronized void stop() {
        started = false;
    }

    synchronized boolean isStarted() {
        return started;
    }

    /** Waits until started or until {@code deadlineMs} (epoch millis); whether started. */
    synchronized boolean awaitStarted(long deadlineMs) throws InterruptedException {
        while (!started) {
            long left = deadlineMs - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 100));
        }
        return true;
    }
}
