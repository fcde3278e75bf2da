package io.tributary.streams.internal.state;

/**
 * Expiry of a windowed store: the store tracks the largest time written (window start, or session end) and keeps
 * what is newer than that minus the retention period. Expired entries are invisible at once and deleted (with
 * changelog tombstones) by a sweep each time the observed time moves on by half the retention period, so
 * deletion is amortized rather than per write.
 */
final class Retention {

    private final long retentionMs;
    private final long sweepEveryMs;
    private long observedMs = -1;
    private long lastSweepMs = -1;

    Retention(long retentionMs) {
        this.retentionMs = retentionMs;
        this.sweepEveryMs = Math.max(1, retentionMs / 2);
    }

    long retentionMs() {
        return retentionMs;
    }

    /** Notes a written time; true when a sweep is due. */
    boolean observe(long timeMs) {
        observedMs = Math.max(observedMs, timeMs);
        if (lastSweepMs < 0) {
            lastSweepMs = observedMs;
            return false;
        }
        if (observedMs - lastSweepMs >= sweepEveryMs) {
            lastSweepMs = observedMs;
            return true;
        }
        return false;
    }

    /** The oldest time still kept. */
    long minLiveMs() {
        return observedMs < 0 ? Long.MIN_VALUE : observedMs - retentionMs + 1;
    }

    boolean expired(long timeMs) {
        return timeMs < minLiveMs();
    }
}
