package io.tributary.broker;

import io.tributary.log.TopicPartition;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes long-polling fetches when one of their partitions gets an append. Each waiter is registered under each
 * partition it reads and woken once — by an append to one of them or by its own timeout, never by another waiter's
 * timeout nor by appends elsewhere — on the executor it gave (its connection's event loop, which also keeps the
 * timer: no thread of its own is woken per wait), and is gone from every wait set once woken. A count of all appends
 * lets a fetch wait "for an append after those I read past": an append that lands while the fetch is reading,
 * before it is registered, ends the wait at once (a spurious re-read at worst, never a missed record).
 */
public final class AppendSignal {

    private final AtomicLong appends = new AtomicLong();
    private final ConcurrentMap<TopicPartition, Set<Waiter>> waiting = new ConcurrentHashMap<>();

    /** The number of appends so far: take it before reading, pass it to {@link #await}. */
    public long appends() {
        return appends.get();
    }

    /**
     * Runs {@code wakeUp} on {@code loop}, once: after the first append to one of {@code partitions} since the
     * {@code seen}-th append (of any partition), or after {@code timeoutNanos}.
     */
    public void await(Collection<TopicPartition> partitions, long seen, long timeoutNanos,
                      ScheduledExecutorService loop, Runnable wakeUp) {
        Waiter waiter = new Waiter(partitions, loop, wakeUp);
        for (TopicPartition tp : partitions) {
            waiting.computeIfAbsent(tp, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        }
        if (appends.get() != seen) {
            waiter.fire();   // something was appended while the fetch was reading
        } else {
            waiter.timeout = loop.schedule(waiter::fire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Records an append to {@code partition} and wakes the fetches waiting on it. */
    public void appended(TopicPartition partition) {
        appends.incrementAndGet();
        Set<Waiter> waiters = waiting.get(partition);
        if (waiters != null) {
            for (Waiter waiter : waiters) {
                waiter.fire();
            }
        }
    }

    /** How many fetches wait on a partition now (for tests). */
    int waiting(TopicPartition partition) {
        Set<Waiter> waiters = waiting.get(partition);
        return waiters == null ? 0 : waiters.size();
    }

    /** One waiting fetch. */
    private final class Waiter {
        private final AtomicBoolean fired = new AtomicBoolean();
        private final Collection<TopicPartition> partitions;
        private final ScheduledExecutorService loop;
        private final Runnable wakeUp;
        /** Its timer, once set (an append may fire it first; the late timer then finds it fired). */
        volatile ScheduledFuture<?> timeout;

        Waiter(Collection<TopicPartition> partitions, ScheduledExecutorService loop, Runnable wakeUp) {
            this.partitions = partitions;
            this.loop = loop;
            this.wakeUp = wakeUp;
        }

        void fire() {
            if (!fired.compareAndSet(false, true)) {
                return;
            }
            for (TopicPartition tp : partitions) {
                waiting.get(tp).remove(this);
            }
            loop.execute(() -> {
                ScheduledFuture<?> timer = timeout;
                if (timer != null) {
                    timer.cancel(false);   // on its own loop: no cross-thread removal
                }
                wakeUp.run();
            });
        }
    }
}
