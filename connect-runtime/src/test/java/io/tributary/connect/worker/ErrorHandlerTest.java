package io.tributary.connect.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

/** errors.tolerance and errors.retry.timeout as Kafka Connect applies them to one record's operation. */
class ErrorHandlerTest {

    private static ErrorHandler handler(Map<String, String> settings) {
        Map<String, String> props = new HashMap<>(Map.of("name", "c", "connector.class", "X"));
        props.putAll(settings);
        return new ErrorHandler(new ConnectorConfig(props, false), "c-0", null);
    }

    @Test
    void successReturnsTheResultAndCountsNothing() {
        ErrorHandler h = handler(Map.of());

        assertThat(h.execute(ErrorStage.TRANSFORMATION, String.class, null, () -> "done")).isEqualTo("done");
        assertThat(h.errors()).isZero();
        assertThat(h.skipped()).isZero();
    }

    @Test
    void toleranceNoneFailsTheTaskOnTheFirstError() {
        ErrorHandler h = handler(Map.of("errors.tolerance", "none"));
        DataException cause = new DataException("bad record");
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> h.execute(ErrorStage.VALUE_CONVERTER, String.class, null, () -> {
            attempts.incrementAndGet();
            throw cause;
        }))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessage("Tolerance exceeded in error handler")
                .hasCause(cause);
        assertThat(attempts.get()).as("a non-retriable error is not retried").isEqualTo(1);
        assertThat(h.errors()).isEqualTo(1);
        assertThat(h.skipped()).isZero();
    }

    @Test
    void theDefaultToleranceIsNone() {
        ErrorHandler h = handler(Map.of());

        assertThatThrownBy(() -> h.execute(ErrorStage.TRANSFORMATION, null, null, () -> {
            throw new IllegalStateException("boom");
        })).isExactlyInstanceOf(ConnectException.class).hasMessage("Tolerance exceeded in error handler");
    }

    @Test
    void toleranceAllSkipsTheRecordAndCountsIt() {
        ErrorHandler h = handler(Map.of("errors.tolerance", "all", "errors.log.enable", "true"));
        IllegalStateException cause = new IllegalStateException("boom");

        assertThatThrownBy(() -> h.execute(ErrorStage.TRANSFORMATION, String.class, null, () -> {
            throw cause;
        })).isExactlyInstanceOf(ErrorHandler.Skipped.class).hasCause(cause).hasMessage("boom");
        assertThatThrownBy(() -> h.execute(ErrorStage.KEY_CONVERTER, String.class, null, () -> {
            throw new DataException("again");
        })).isExactlyInstanceOf(ErrorHandler.Skipped.class);

        assertThat(h.errors()).isEqualTo(2);
        assertThat(h.skipped()).isEqualTo(2);
        // The task goes on: the next record is handled normally.
        assertThat(h.execute(ErrorStage.TRANSFORMATION, String.class, null, () -> 7)).isEqualTo(7);
        assertThat(h.errors()).isEqualTo(2);
    }

    @Test
    void withoutARetryTimeoutARetriableErrorIsNotRetried() {
        ErrorHandler h = handler(Map.of("errors.tolerance", "all"));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> h.execute(ErrorStage.TASK_POLL, null, null, () -> {
            attempts.incrementAndGet();
            throw new RetriableException("not yet");
        })).isExactlyInstanceOf(ErrorHandler.Skipped.class);
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void aRetriableErrorIsRetriedUntilTheRetryTimeout() {
        ErrorHandler h = handler(Map.of("errors.retry.timeout", "300", "errors.retry.delay.max.ms", "20"));
        AtomicInteger attempts = new AtomicInteger();
        RetriableException cause = new RetriableException("broker busy");

        long start = System.nanoTime();
        assertThatThrownBy(() -> h.execute(ErrorStage.KAFKA_PRODUCE, null, null, () -> {
            attempts.incrementAndGet();
            throw cause;
        })).isExactlyInstanceOf(ConnectException.class).hasMessage("Tolerance exceeded in error handler")
                .hasCause(cause);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        // Pauses of at most 20 ms over 300 ms: many attempts, and it gives up around the timeout, not long after.
        assertThat(attempts.get()).isGreaterThan(5);
        assertThat(elapsedMs).isBetween(250L, 1_000L);
        assertThat(h.errors()).as("one failed operation, however many attempts").isEqualTo(1);
    }

    @Test
    void aRetriedOperationThatRecoversReturnsItsResult() {
        ErrorHandler h = handler(Map.of("errors.retry.timeout", "5000", "errors.retry.delay.max.ms", "10"));
        AtomicInteger attempts = new AtomicInteger();

        String result = h.execute(ErrorStage.TASK_PUT, null, null, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new RetriableException("not yet");
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(h.errors()).isZero();
    }

    @Test
    void retriesExhaustedUnderToleranceAllSkip() {
        ErrorHandler h = handler(Map.of("errors.tolerance", "all", "errors.retry.timeout", "100",
                "errors.retry.delay.max.ms", "10"));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> h.execute(ErrorStage.TASK_PUT, null, null, () -> {
            attempts.incrementAndGet();
            throw new RetriableException("still busy");
        })).isExactlyInstanceOf(ErrorHandler.Skipped.class);
        assertThat(attempts.get()).isGreaterThan(1);
        assertThat(h.skipped()).isEqualTo(1);
    }

    @Test
    void aRetryTimeoutShorterThanTheFirstPauseStillRetriesUpToIt() {
        // Kafka Connect retries a failed operation for errors.retry.timeout: its pause is cut short at the deadline
        // and the operation tried once more there. The first pause (300 ms) is longer than this timeout.
        ErrorHandler h = handler(Map.of("errors.retry.timeout", "200"));
        AtomicInteger attempts = new AtomicInteger();

        long start = System.nanoTime();
        assertThatThrownBy(() -> h.execute(ErrorStage.KAFKA_PRODUCE, null, null, () -> {
            attempts.incrementAndGet();
            throw new RetriableException("broker busy");
        })).isExactlyInstanceOf(ConnectException.class);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(attempts.get()).as("attempts within a 200 ms retry timeout").isGreaterThan(1);
        assertThat(elapsedMs).isBetween(180L, 1_000L);
    }

    @Test
    void stopEndsInfiniteRetries() throws Exception {
        ErrorHandler h = handler(Map.of("errors.retry.timeout", "-1", "errors.retry.delay.max.ms", "20"));
        AtomicInteger attempts = new AtomicInteger();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            h.stop();
        });
        stopper.start();

        long start = System.nanoTime();
        assertThatThrownBy(() -> h.execute(ErrorStage.TASK_POLL, null, null, () -> {
            attempts.incrementAndGet();
            throw new RetriableException("forever");
        })).isExactlyInstanceOf(ConnectException.class);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        stopper.join();

        assertThat(attempts.get()).isGreaterThan(1);
        assertThat(elapsedMs).isBetween(140L, 2_000L);
    }

    @Test
    void aSinkTasksReportedRecordFollowsTheTolerance() {
        ErrorHandler none = handler(Map.of());
        assertThatThrownBy(() -> none.report(null, new DataException("x")))
                .isExactlyInstanceOf(ConnectException.class).hasMessage("Tolerance exceeded in error handler");
        assertThat(none.errors()).isEqualTo(1);

        ErrorHandler all = handler(Map.of("errors.tolerance", "all"));
        all.report(null, new DataException("x"));
        assertThat(all.errors()).isEqualTo(1);
        assertThat(all.skipped()).isEqualTo(1);
    }
}
