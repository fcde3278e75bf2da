package io.tributary.cluster.metadata;

import java.util.Objects;

/**
 * One quota of one entity set to {@code value}, or removed (as Kafka's {@code ClientQuotaRecord}). Type 14.
 */
public record ClientQuotaRecord(ClientQuotaEntity entity, String key, double value, boolean remove)
        implements MetadataRecord {
    public ClientQuotaRecord {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(key, "key");
    }
}
