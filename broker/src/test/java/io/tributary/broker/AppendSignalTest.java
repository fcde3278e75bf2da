package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.TopicPartition;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The long-poll wake-up: by an append to a partition the fetch reads, or by the waiter's own timeout — never by
 * another waiter's timeout nor by appends to other partitions.
 */
class AppendSignalTest {

    private static final TopicPartition MINE = new TopicPartition("t", 0);
    private static final TopicPartition OTHER = new TopicPartition("t", 1);
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

    private final AppendSignal signal = new AppendSignal();

    @Test
    void anotherWaitersTimeoutDoesNotWakeMe() throws Exception {
        CompletableFuture<Void> quick = signal.await(List.of(MINE), signal.appends(),
                TimeUnit.MILLISECONDS.toNanos(10));
        CompletableFuture<Void> patient = signal.await(List.of(MINE), signal.appends(), LONG_WAIT);
        quick.get(5, TimeUnit.SECONDS);
        Thread.sleep(50);
        assertThat(patient).as("the quick waiter's timeout must not end the patient one's wait").isNotDone();
        assertThat(signal.waiting(MINE)).isEqualTo(1);
        signal.appended(MINE);
        assertThat(patient).isDone();
        assertThat(signal.waiting(MINE)).isZero();
    }

    @Test
    void anAppendToAnotherPartitionDoesNotWakeMe() {
        CompletableFuture<Void> wakeUp = signal.await(List.of(MINE), signal.appends(), LONG_WAIT);
        signal.appended(OTHER);
        assertThat(wakeUp).isNotDone();
        signal.appended(MINE);
        assertThat(wakeUp).isDone();
    }

    @Test
    void anAppendWhileTheFetchWasReadingIsNotMissed() {
        long seen = signal.appends();
        signal.appended(MINE);   // lands between the read and the wait
        assertThat(signal.await(List.of(MINE), seen, LONG_WAIT)).isDone();
        assertThat(signal.waiting(MINE)).isZero();
    }
}
