package io.tributary.compat;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline — the one way the compat tests wait (never a bare sleep). */
public final class Await {

    /** A condition that may need I/O to check. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** A value that may not be there yet (empty), found with I/O. */
    @FunctionalInterface
    interface Probe<T> {
        Optional<T> find() throws Exception;
    }

    private static final long POLL_MS = 50;

    private Await() {
    }

    /** Waits until the condition holds, failing after the timeout with {@code what} and {@code state}. */
    public static void until(String what, Duration timeout, Check condition, Supplier<String> state)
            throws Exception {
        value(what, timeout, () -> condition.holds() ? Optional.of(Boolean.TRUE) : Optional.empty(), state);
    }

    public static void until(String what, Duration timeout, Check condition) throws Exception {
        until(what, timeout, condition, () -> "");
    }

    /** Waits until the probe finds a value and answers it, failing after the timeout as {@link #until} does. */
    static <T> T value(String what, Duration timeout, Probe<T> probe, Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.find();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + "\n" + state.get());
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Whether the condition comes to hold within the timeout (for callers that report it themselves). */
    static boolean within(Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL_MS);
        }
        return true;
    }
}
