package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.TopicPartition;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The long-poll wake-up: by an append to a partition the fetch reads, or by the waiter's own timeout — never by
 * another waiter's timeout nor by appends to other partitions — once, on the waiter's own executor.
 */
class AppendSignalTest {

    private static final TopicPartition MINE = new TopicPartition("t", 0);
    private static final TopicPartition OTHER = new TopicPartition("t", 1);
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

    private final AppendSignal signal = new AppendSignal();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    /**
     * Returns once the loop has run everything queued on it so far: a wake-up is queued on the loop by the append
     * (or timer) that fires it, so one that was wrongly fired has run by then.
     */
    private void drainLoop() throws Exception {
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<Thread> await(TopicPartition tp, long seen, long timeoutNanos) {
        CompletableFuture<Thread> woken = new CompletableFuture<>();
        signal.await(List.of(tp), seen, timeoutNanos, loop, () -> woken.complete(Thread.currentThread()));
        return woken;
    }

    @Test
    void anotherWaitersTimeoutDoesNotWakeMe() throws Exception {
        CompletableFuture<Thread> quick = await(MINE, signal.appends(), TimeUnit.MILLISECONDS.toNanos(10));
        CompletableFuture<Thread> patient = await(MINE, signal.appends(), LONG_WAIT);
        quick.get(5, TimeUnit.SECONDS);
        drainLoop();
        assertThat(patient).as("the quick waiter's timeout must not end the patient one's wait").isNotDone();
        assertThat(signal.waiting(MINE)).isEqualTo(1);
        signal.appended(MINE);
        patient.get(5, TimeUnit.SECONDS);
        assertThat(signal.waiting(MINE)).isZero();
    }

    @Test
    void anAppendToAnotherPartitionDoesNotWakeMe() throws Exception {
        CompletableFuture<Thread> wakeUp = await(MINE, signal.appends(), LONG_WAIT);
        signal.appended(OTHER);
        drainLoop();
        assertThat(wakeUp).isNotDone();
        signal.appended(MINE);
        wakeUp.get(5, TimeUnit.SECONDS);
    }

    @Test
    void anAppendWhileTheFetchWasReadingIsNotMissed() throws Exception {
        long seen = signal.appends();
        signal.appended(MINE);   // lands between the read and the wait
        await(MINE, seen, LONG_WAIT).get(5, TimeUnit.SECONDS);
        assertThat(signal.waiting(MINE)).isZero();
    }

    @Test
    void aWaiterIsWokenOnceOnItsOwnExecutorEvenIfAppendsAndItsTimeoutRace() throws Exception {
        Thread loopThread = loop.submit(Thread::currentThread).get();
        AtomicInteger wakeUps = new AtomicInteger();
        CompletableFuture<Thread> first = new CompletableFuture<>();
        signal.await(List.of(MINE, OTHER), signal.appends(), TimeUnit.MILLISECONDS.toNanos(20), loop, () -> {
            wakeUps.incrementAndGet();
            first.complete(Thread.currentThread());
        });
        signal.appended(MINE);
        signal.appended(OTHER);
        signal.appended(MINE);
        assertThat(first.get(5, TimeUnit.SECONDS)).isSameAs(loopThread);
        // a task the loop's own timer runs after the waiter's 20 ms timeout would have
        loop.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertThat(wakeUps).hasValue(1);
        assertThat(signal.waiting(MINE)).isZero();
        assertThat(signal.waiting(OTHER)).isZero();
    }
}
