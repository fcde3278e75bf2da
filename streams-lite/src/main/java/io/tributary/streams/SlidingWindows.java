package io.tributary.streams;

import java.time.Duration;

/**
 * Windows of a fixed length that slide with the records, as Kafka Streams' sliding windows: two records fall in one
 * window when their timestamps differ by at most the time difference. Windows contain both ends, {@code [start,
 * start + timeDifference]}, and exist only where records are: each record's own window ends at it, and the window
 * starting just after it exists once a later record falls in it.
 */
public record SlidingWindows(long timeDifferenceMs, long graceMs) {

    public SlidingWindows {
        if (timeDifferenceMs < 0 || graceMs < 0) {
            throw new IllegalArgumentException("time difference and grace must not be negative");
        }
    }

    public static SlidingWindows ofTimeDifferenceWithNoGrace(Duration timeDifference) {
        return ofTimeDifferenceAndGrace(timeDifference, Duration.ZERO);
    }

    public static SlidingWindows ofTimeDifferenceAndGrace(Duration timeDifference, Duration grace) {
        return new SlidingWindows(timeDifference.toMillis(), grace.toMillis());
    }
}
