package io.tributary.streams;

import java.time.Duration;

/**
 * How far apart in time two records of a stream–stream join may be: a left record at {@code t} joins right
 * records in {@code [t - before, t + after]}. Symmetric unless {@link #before}/{@link #after} change one side.
 */
public record JoinWindows(long beforeMs, long afterMs, long graceMs) {

    public JoinWindows {
        if (beforeMs + afterMs < 0 || graceMs < 0) {
            throw new IllegalArgumentException("the window must not be empty and grace not negative");
        }
    }

    public static JoinWindows ofTimeDifferenceWithNoGrace(Duration difference) {
        return ofTimeDifferenceAndGrace(difference, Duration.ZERO);
    }

    public static JoinWindows ofTimeDifferenceAndGrace(Duration difference, Duration grace) {
        return new JoinWindows(difference.toMillis(), difference.toMillis(), grace.toMillis());
    }

    /** How far before a left record a right record may be. */
    public JoinWindows before(Duration before) {
        return new JoinWindows(before.toMillis(), afterMs, graceMs);
    }

    /** How far after a left record a right record may be. */
    public JoinWindows after(Duration after) {
        return new JoinWindows(beforeMs, after.toMillis(), graceMs);
    }

    /** The span of the window, {@code before + after}. */
    public long sizeMs() {
        return beforeMs + afterMs;
    }
}
