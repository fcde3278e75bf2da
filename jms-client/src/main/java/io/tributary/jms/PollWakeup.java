package io.tributary.jms;

/**
 * Wakes a Kafka client out of a poll that another thread is in — and only then. A client's {@code wakeup()} that
 * finds no blocking call in progress stays pending until the client's next one; when that is the commit of a closing
 * consumer, the commit throws {@code WakeupException} with its acknowledgements already in flight, and a share
 * consumer's {@code close()} after that waits for its next heartbeat (5 s by default) before it leaves the group.
 *
 * <p>A source marks each poll with {@link #pollStarting}/{@link #pollEnded} and checks its own wakeup flag after
 * {@link #pollStarting}: a wakeup either finds the poll here or is seen by that check.
 */
final class PollWakeup {

    /** Wakes the client polling now; null while none polls. */
    private Runnable polling;

    /** The next {@link #wakeup} wakes the client through {@code wakeClient}, until {@link #pollEnded}. */
    synchronized void pollStarting(Runnable wakeClient) {
        polling = wakeClient;
    }

    synchronized void pollEnded() {
        polling = null;
    }

    /** Wakes the client that is polling, if one is. */
    synchronized void wakeup() {
        if (polling != null) {
            polling.run();
        }
    }
}
