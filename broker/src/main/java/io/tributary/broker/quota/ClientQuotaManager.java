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

    private final String key;
    private final QuotaConfig config;
    private final Supplier<ClientQuotasImage> quotas;
    private final Map<String, RateWindow> usage = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(ClientQuotasImage.EMPTY, null);

    /** The table built for one image: rebuilt when the image's quotas are a different object. */
    private record Snapshot(ClientQuotasImage image, QuotaTable table) {
    }

    public ClientQuotaManager(String key, QuotaConfig config, Supplier<ClientQuotasImage> quotas) {
        this.key = key;
        this.config = config;
        this.quotas = quotas;
    }

    /** Whether any client quota is set at all (none: nothing to measure, the request path stays as it is). */
    public boolean anySet() {
        return !quotas.get().isEmpty();
    }

    /** Records {@code bytes} for this client and answers the throttle time in milliseconds (0: within its quota). */
    public long recordAndThrottleMs(String user, String clientId, long bytes, long nowMs) {
        ClientQuotasImage image = quotas.get();
        if (image.isEmpty()) {
            return 0;
        }
        Snapshot s = snapshot;
        if (s.image != image) {
            s = new Snapshot(image, new QuotaTable(image, key));
            snapshot = s;
        }
        if (s.table.isEmpty()) {
            return 0;
        }
        QuotaTable.Resolved resolved = s.table.resolve(user, clientId == null ? "" : clientId);
        if (resolved == null) {
            return 0;
        }
        RateWindow window = usage.computeIfAbsent(resolved.sensor(), k -> new RateWindow(config, nowMs));
        return window.recordAndThrottleMs(bytes, resolved.quota(), nowMs);
    }
}
