package io.tributary.broker.quota;

import io.tributary.cluster.metadata.ClientQuotasImage;
import java.util.function.Supplier;

/**
 * The quota of one key ({@code producer_byte_rate}, {@code controller_mutation_rate}, ...) that applies to a
 * request's (user, client id) in the current metadata image, by Kafka's precedence ({@link QuotaTable}, rebuilt only
 * when the image's quotas change). With no quota set it costs one read of the image.
 */
final class QuotaResolver {

    /** The table built for one image: rebuilt when the image's quotas are a different object. */
    private record Snapshot(ClientQuotasImage image, QuotaTable table) {
    }

    private final String key;
    private final Supplier<ClientQuotasImage> quotas;
    private volatile Snapshot snapshot = new Snapshot(ClientQuotasImage.EMPTY, null);

    QuotaResolver(String key, Supplier<ClientQuotasImage> quotas) {
        this.key = key;
        this.quotas = quotas;
    }

    /** Whether any client quota is set at all. */
    boolean anySet() {
        return !quotas.get().isEmpty();
    }

    /** The quota and its usage key for this client, or null when none applies. */
    QuotaTable.Resolved resolve(String user, String clientId) {
        ClientQuotasImage image = quotas.get();
        if (image.isEmpty()) {
            return null;
        }
        Snapshot s = snapshot;
        if (s.image != image) {
            s = new Snapshot(image, new QuotaTable(image, key));
            snapshot = s;
        }
        if (s.table.isEmpty()) {
            return null;
        }
        return s.table.resolve(user, clientId == null ? "" : clientId);
    }
}
