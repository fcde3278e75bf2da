package io.tributary.broker.quota;

import io.tributary.cluster.metadata.ClientQuotasImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@code controller_mutation_rate} buckets of one node, one per (user, client id) the quota resolves to, shared
 * by CreateTopics, CreatePartitions and DeleteTopics ({@link MutationQuotaHandler}). A bucket is forgotten after an
 * hour without use, as Kafka's sensors expire.
 */
public final class MutationQuotas {

    public static final String KEY = "controller_mutation_rate";
    private static final long SWEEP_EVERY_MS = 60_000;

    private final QuotaResolver resolver;
    private final QuotaConfig config;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private volatile long nextSweepMs;

    /** @param config {@code controller.quota.window.num} and {@code .size.seconds}: a bucket holds quota × both */
    public MutationQuotas(QuotaConfig config, Supplier<ClientQuotasImage> quotas) {
        this.config = config;
        this.resolver = new QuotaResolver(KEY, quotas);
    }

    /** The bucket of this client, or null when no mutation quota applies to it. */
    TokenBucket bucketFor(String user, String clientId, long nowMs) {
        if (!resolver.anySet()) {
            return null;
        }
        QuotaTable.Resolved quota = resolver.resolve(user, clientId);
        if (quota == null) {
            return null;
        }
        if (nowMs >= nextSweepMs) {
            nextSweepMs = nowMs + SWEEP_EVERY_MS;
            buckets.values().removeIf(b -> b.idleSince(nowMs - ClientQuotaManager.INACTIVE_MS));
        }
        // keyed by the quota too: a changed quota starts a full bucket of the new size
        return buckets.computeIfAbsent(quota.sensor() + '\u0000' + quota.quota(),
                k -> new TokenBucket(quota.quota(), config, nowMs));
    }
}
