package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The long-poll wake-up: by an append, by the waiter's own timeout, never by another waiter's timeout. */
class AppendSignalTest {

    private final AppendSignal signal = new AppendSignal();

    @Test
    void anotherWaitersTimeoutDoesNotWakeMe() throws Exception {
        CompletableFuture<Void> quick = signal.await(signal.appends(), TimeUnit.MILLISECONDS.toNanos(10));
        CompletableFuture<Void> patient = signal.await(signal.appends(), TimeUnit.SECONDS.toNanos(30));
        quick.get(5, TimeUnit.SECONDS);
        Thread.sleep(50);
        assertThat(patient).as("the quick waiter's timeout must not end the patient one's wait").isNotDone();
        assertThat(signal.waiting()).isEqualTo(1);
        signal.appended();
        assertThat(patient).isDone();
        assertThat(signal.waiting()).isZero();
    }

    @Test
    void anAppendWhileTheFetchWasReadingIsNotMissed() {
        long seen = signal.appends();
        signal.appended();   // lands between the read and the wait
        assertThat(signal.await(seen, TimeUnit.SECONDS.toNanos(30))).isDone();
        assertThat(signal.waiting()).isZero();
    }
}
