package io.tributary.broker.quota;

import io.tributary.cluster.metadata.ClientQuotasImage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One byte-rate quota ({@code producer_byte_rate} or {@code consumer_byte_rate}) enforced as Kafka's
 * {@code ClientQuotaManager} does: a request's bytes are recorded against the quota resolved for its (user, client id)
 * and the answer is how long the client must wait. With no quota set (the common case) a request costs one read of
 * the current image and nothing is recorded.
 */
public final class ClientQuotaManager {
    /** The quota keys enforced. */
    public static final String PRODUCE = "producer_byte_rate";
    public static final String FETCH = "consumer_byte_rate";

    /** Kafka expires a client's quota sensors after an hour without use; so are these windows forgotten. */
    static final long INACTIVE_MS = 3_600_000;
    private static final long SWEEP_EVERY_MS = 60_000;

    private final QuotaResolver resolver;
    private final QuotaConfig config;
    private final Map<String, RateWindow> usage = new ConcurrentHashMap<>();
    private volatile long nextSweepMs;

    public ClientQuotaManager(String key, QuotaConfig config, Supplier<ClientQuotasImage> quotas) {
        this.resolver = new QuotaResolver(key, quotas);
        this.config = config;
    }

    /** Whether any client quota is set at all (none: nothing to measure, the request path stays as it is). */
    public boolean anySet() {
        return resolver.anySet();
    }

    /** Records {@code bytes} for this client and answers the throttle time in milliseconds (0: within its quota). */
    public long recordAndThrottleMs(String user, String clientId, long bytes, long nowMs) {
        return record(user, clientId, bytes, nowMs, false);
    }

    /**
     * As {@link #recordAndThrottleMs}, except that bytes over the quota are not recorded: a fetch that must be
     * throttled is answered without them.
     */
    public long recordUnlessThrottledMs(String user, String clientId, long bytes, long nowMs) {
        return record(user, clientId, bytes, nowMs, true);
    }

    /**
     * The most bytes one answer to this client may carry, Kafka's {@code getMaxValueInQuotaWindow}: quota ×
     * (windows − 1) × window length, what a client with no recent usage may take and still be within its quota — so a
     * throttled fetch capped to it is delivered once the client has waited. {@link Long#MAX_VALUE} without a quota.
     */
    public long maxBytesPerAnswer(String user, String clientId) {
        QuotaTable.Resolved resolved = resolve(user, clientId);
        if (resolved == null) {
            return Long.MAX_VALUE;
        }
        double max = resolved.quota() * (config.windowNum() - 1) * config.windowSizeSeconds();
        return max >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (long) max);
    }

    /** How many (user, client id) windows are kept (for tests). */
    int trackedClients() {
        return usage.size();
    }

    private QuotaTable.Resolved resolve(String user, String clientId) {
        return resolver.resolve(user, clientId);
    }

    private long record(String user, String clientId, long bytes, long nowMs, boolean unlessThrottled) {
        QuotaTable.Resolved resolved = resolve(user, clientId);
        if (resolved == null) {
            return 0;
        }
        if (nowMs >= nextSweepMs) {
            nextSweepMs = nowMs + SWEEP_EVERY_MS;
            usage.values().removeIf(w -> w.idleSince(nowMs - INACTIVE_MS));   // client ids come and go
        }
        RateWindow window = usage.computeIfAbsent(resolved.sensor(), k -> new RateWindow(config, nowMs));
        return unlessThrottled ? window.recordUnlessThrottledMs(bytes, resolved.quota(), nowMs)
                : window.recordAndThrottleMs(bytes, resolved.quota(), nowMs);
    }
}
