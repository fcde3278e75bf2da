package io.tributary.broker.share;

import io.tributary.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes one share-partition's state to the share coordinator, one snapshot at a time and in order: a change made
 * while a write is on its way is carried by the next write, which also answers every caller that asked meanwhile
 * (a group commit: many acknowledgements, one write). A write refused because the stored state was reset
 * (FENCED_STATE_EPOCH) or a newer leader took over (FENCED_LEADER_EPOCH) drops the share-partition through
 * {@code onFenced}; it is read afresh by the next fetch.
 */
public final class ShareStateWriter {

    private static final Logger LOG = Logger.getLogger(ShareStateWriter.class.getName());

    private final SharePartitionKey key;
    private final SharePartition state;
    private final int leaderEpoch;
    private final ShareStatePersister persister;
    private final Runnable onFenced;
    private boolean writing;
    private CompletableFuture<Errors> next;

    ShareStateWriter(SharePartitionKey key, SharePartition state, int leaderEpoch, ShareStatePersister persister,
                     Runnable onFenced) {
        this.key = key;
        this.state = state;
        this.leaderEpoch = leaderEpoch;
        this.persister = persister;
        this.onFenced = onFenced;
    }

    /**
     * Writes the state as it is now (or as it will be when the write in flight ends); completes with NONE once it is
     * stored, else with the store's error.
     */
    public CompletableFuture<Errors> write() {
        CompletableFuture<Errors> answer;
        boolean start;
        synchronized (this) {
            if (next == null) {
                next = new CompletableFuture<>();
            }
            answer = next;
            start = !writing;
            if (start) {
                writing = true;
                next = null;
            }
        }
        if (start) {
            send(answer);
        }
        return answer;
    }

    /** Whether no write is on its way or waiting: the stored state is this share-partition's as it is now. */
    public synchronized boolean idle() {
        return !writing && next == null;
    }

    private void send(CompletableFuture<Errors> answer) {
        ShareState snapshot = state.snapshot(leaderEpoch);
        persister.write(key, snapshot).whenComplete((ok, failure) -> {
            Errors error = failure == null ? Errors.NONE : ShareStateException.errorOf(failure);
            if (error == Errors.FENCED_STATE_EPOCH || error == Errors.FENCED_LEADER_EPOCH) {
                LOG.info("share-partition " + key + " was fenced (" + error + "): it will be read again");
                onFenced.run();
            } else if (error != Errors.NONE) {
                LOG.log(Level.FINE, () -> "writing share-partition " + key + " failed: " + failure);
            }
            CompletableFuture<Errors> waiting;
            synchronized (this) {
                waiting = next;
                next = null;
                writing = waiting != null;
            }
            answer.complete(error);
            if (waiting != null) {
                send(waiting);
            }
        });
    }
}
