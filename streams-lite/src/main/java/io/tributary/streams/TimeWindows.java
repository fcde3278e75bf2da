package io.tributary.streams;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fixed-size windows aligned to the epoch: tumbling when the advance equals the size, hopping when it is smaller.
 * A record at {@code t} belongs to every window {@code [start, start + size)} with {@code start <= t}. A window
 * closes once stream time reaches its end plus the grace period; records for a closed window are dropped as late.
 */
public record TimeWindows(long sizeMs, long advanceMs, long graceMs) {

    public TimeWindows {
        if (sizeMs <= 0) {
            throw new IllegalArgumentException("window size must be positive");
        }
        if (advanceMs <= 0 || advanceMs > sizeMs) {
            throw new IllegalArgumentException("window advance must be positive and at most the window size");
        }
        if (graceMs < 0) {
            throw new IllegalArgumentException("grace must not be negative");
        }
    }

    public static TimeWindows ofSizeWithNoGrace(Duration size) {
        return ofSizeAndGrace(size, Duration.ZERO);
    }

    public static TimeWindows ofSizeAndGrace(Duration size, Duration grace) {
        return new TimeWindows(size.toMillis(), size.toMillis(), grace.toMillis());
    }

    /** Hopping windows: a new window starts every {@code advance}. */
    public TimeWindows advanceBy(Duration advance) {
        return new TimeWindows(sizeMs, advance.toMillis(), graceMs);
    }

    /** The windows a timestamp falls in, by start; none start before 0. */
    public Map<Long, Window> windowsFor(long timestamp) {
        long first = Math.max(0, timestamp - sizeMs + advanceMs) / advanceMs * advanceMs;
        Map<Long, Window> windows = new LinkedHashMap<>();
        for (long start = first; start <= timestamp; start += advanceMs) {
            windows.put(start, new Window(start, start + sizeMs));
        }
        return windows;
    }
}
