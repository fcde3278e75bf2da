package io.tributary.streams;

import java.time.Duration;

/**
 * Sessions: a key's records closer than the inactivity gap to one another form one session, whose window spans
 * its first to its last record (both inclusive). A record that bridges two sessions merges them. A session is
 * closed once stream time passes its end plus the grace period.
 */
public record SessionWindows(long inactivityGapMs, long graceMs) {

    public SessionWindows {
        if (inactivityGapMs <= 0 || graceMs < 0) {
            throw new IllegalArgumentException("the gap must be positive and grace not negative");
        }
    }

    public static SessionWindows ofInactivityGapWithNoGrace(Duration gap) {
        return ofInactivityGapAndGrace(gap, Duration.ZERO);
    }

    public static SessionWindows ofInactivityGapAndGrace(Duration gap, Duration grace) {
        return new SessionWindows(gap.toMillis(), grace.toMillis());
    }
}
