package io.tributary.broker.quota;

/**
 * Kafka's {@code TokenBucket} for {@code controller_mutation_rate} (KIP-599): it holds up to {@code burst} = quota ×
 * samples × sample length tokens, refills at the quota per second, and a recorded mutation takes as many tokens as
 * it has partitions — possibly more than are left, so the bucket goes into deficit and the client waits it out.
 * Thread-safe.
 */
final class TokenBucket {
    private final double quota;
    private final double burst;
    private double tokens;
    private long lastMs;

    TokenBucket(double quota, QuotaConfig config, long nowMs) {
        this.quota = quota;
        this.burst = quota * config.windowNum() * config.windowSizeSeconds();
        this.tokens = burst;
        this.lastMs = nowMs;
    }

    /** Whether the bucket is in deficit now: a strict request's next topic is then refused. */
    synchronized boolean inDeficit(long nowMs) {
        refill(nowMs);
        return tokens < 0;
    }

    /** Takes {@code permits} tokens (a negative number gives them back). */
    synchronized void record(double permits, long nowMs) {
        refill(nowMs);
        tokens = Math.min(burst, tokens - permits);
    }

    /** Whether it was last used before {@code cutoffMs}. */
    synchronized boolean idleSince(long cutoffMs) {
        return lastMs < cutoffMs;
    }

    /** How long until the bucket is out of deficit, in milliseconds (0: it is not in deficit). */
    synchronized long throttleMs(long nowMs) {
        refill(nowMs);
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / quota * 1000);
    }

    private void refill(long nowMs) {
        if (nowMs > lastMs) {
            tokens = Math.min(burst, tokens + quota * (nowMs - lastMs) / 1000.0);
            lastMs = nowMs;
        }
    }
}
