package io.tributary.broker;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes long-polling fetches when anything is appended on this broker. Each waiter has a future of its own, woken
 * by the next append or by its own timeout — never by another waiter's timeout — and gone from the wait set as
 * soon as it completes. The append count lets a fetch wait "for an append after the one I read up to", so an
 * append that lands while the fetch is reading is never missed.
 */
public final class AppendSignal {

    private final AtomicLong appends = new AtomicLong();
    private final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();

    /** The number of appends so far: take it before reading, pass it to {@link #await}. */
    public long appends() {
        return appends.get();
    }

    /** A future completed by the first append after the {@code seen}-th, or after {@code timeoutNanos}. */
    public CompletableFuture<Void> await(long seen, long timeoutNanos) {
        CompletableFuture<Void> wakeUp = new CompletableFuture<>();
        waiting.add(wakeUp);
        wakeUp.whenComplete((r, e) -> waiting.remove(wakeUp));
        if (appends.get() != seen) {
            wakeUp.complete(null);   // an append came while the fetch was reading
        } else {
            wakeUp.completeOnTimeout(null, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        return wakeUp;
    }

    /** Records an append and wakes every waiting fetch. */
    public void appended() {
        appends.incrementAndGet();
        for (CompletableFuture<Void> wakeUp : waiting) {
            wakeUp.complete(null);
        }
    }

    /** How many fetches wait now (for tests). */
    int waiting() {
        return waiting.size();
    }
}
