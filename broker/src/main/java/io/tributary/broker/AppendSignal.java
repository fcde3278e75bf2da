package io.tributary.broker;

import io.tributary.log.TopicPartition;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes long-polling fetches when one of their partitions gets an append. Each waiter has a future of its own,
 * registered under each partition it reads, woken by an append to one of them or by its own timeout — never by
 * another waiter's timeout, nor by appends elsewhere — and gone from every wait set once it completes. A count of
 * all appends lets a fetch wait "for an append after those I read past": an append that lands while the fetch is
 * reading, before it is registered, ends the wait at once (a spurious re-read at worst, never a missed record).
 */
public final class AppendSignal {

    private final AtomicLong appends = new AtomicLong();
    private final ConcurrentMap<TopicPartition, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    /** The number of appends so far: take it before reading, pass it to {@link #await}. */
    public long appends() {
        return appends.get();
    }

    /**
     * A future completed by the first append to one of {@code partitions} after the {@code seen}-th append (of
     * any partition), or after {@code timeoutNanos}.
     */
    public CompletableFuture<Void> await(Collection<TopicPartition> partitions, long seen, long timeoutNanos) {
        CompletableFuture<Void> wakeUp = new CompletableFuture<>();
        for (TopicPartition tp : partitions) {
            waiting.computeIfAbsent(tp, k -> ConcurrentHashMap.newKeySet()).add(wakeUp);
        }
        wakeUp.whenComplete((r, e) -> partitions.forEach(tp -> waiting.get(tp).remove(wakeUp)));
        if (appends.get() != seen) {
            wakeUp.complete(null);   // something was appended while the fetch was reading
        } else {
            wakeUp.completeOnTimeout(null, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        return wakeUp;
    }

    /** Records an append to {@code partition} and wakes the fetches waiting on it. */
    public void appended(TopicPartition partition) {
        appends.incrementAndGet();
        Set<CompletableFuture<Void>> waiters = waiting.get(partition);
        if (waiters != null) {
            for (CompletableFuture<Void> wakeUp : waiters) {
                wakeUp.complete(null);
            }
        }
    }

    /** How many fetches wait on a partition now (for tests). */
    int waiting(TopicPartition partition) {
        Set<CompletableFuture<Void>> waiters = waiting.get(partition);
        return waiters == null ? 0 : waiters.size();
    }
}
