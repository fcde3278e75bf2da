package io.tributary.broker.quota;

/**
 * A byte rate measured as Kafka's {@code Rate} over a {@code SampledStat} measures it: {@code samples} samples of
 * {@code windowMs} each; a sample older than all of them together counts nothing, and the elapsed time is at least
 * {@code samples - 1} whole windows, so a fresh client is not throttled on its first bytes. Thread-safe (one per
 * throttled principal / client id; contention is per client).
 */
final class RateWindow {
    private final long windowMs;
    private final long[] starts;
    private final double[] totals;
    private int current;
    private long lastRecordMs;

    RateWindow(QuotaConfig config, long nowMs) {
        this.windowMs = config.windowMs();
        this.starts = new long[config.windowNum()];
        this.totals = new double[config.windowNum()];
        java.util.Arrays.fill(starts, nowMs);
        this.lastRecordMs = nowMs;
    }

    /** Adds {@code value} at {@code nowMs}, then answers how long the client must wait to be back under {@code quota}. */
    synchronized long recordAndThrottleMs(double value, double quota, long nowMs) {
        lastRecordMs = nowMs;
        if (nowMs - starts[current] >= windowMs) {
            current = (current + 1) % starts.length;
            starts[current] = nowMs;
            totals[current] = 0;
        }
        totals[current] += value;
        return throttleMs(quota, nowMs);
    }

    /**
     * As {@link #recordAndThrottleMs}, but a throttled value is taken back: it was not delivered (a throttled fetch
     * is answered without its data), so it must not count against the client, as Kafka unrecords it.
     */
    synchronized long recordUnlessThrottledMs(double value, double quota, long nowMs) {
        long ms = recordAndThrottleMs(value, quota, nowMs);
        if (ms > 0) {
            totals[current] -= value;
        }
        return ms;
    }

    /** Whether nothing was recorded since {@code cutoffMs}. */
    synchronized boolean idleSince(long cutoffMs) {
        return lastRecordMs < cutoffMs;
    }

    /**
     * Kafka's throttle time: (rate - quota) / quota × the measured window, the time after which the bytes seen
     * spread over the longer window come down to the quota; at most all samples' length.
     */
    private long throttleMs(double quota, long nowMs) {
        double total = 0;
        long oldest = nowMs;
        for (int i = 0; i < starts.length; i++) {
            if (nowMs - starts[i] >= windowMs * starts.length) {   // obsolete: counts nothing
                starts[i] = nowMs;
                totals[i] = 0;
            }
            total += totals[i];
            oldest = Math.min(oldest, starts[i]);
        }
        long elapsed = nowMs - oldest;
        long fullWindows = elapsed / windowMs;
        if (fullWindows < starts.length - 1) {
            elapsed += (starts.length - 1 - fullWindows) * windowMs;
        }
        double rate = total / (elapsed / 1000.0);
        if (rate <= quota) {
            return 0;
        }
        long throttle = Math.round((rate - quota) / quota * elapsed);
        return Math.min(throttle, windowMs * starts.length);
    }
}
