package io.tributary.cluster.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The client quotas of the metadata image: per {@link ClientQuotaEntity}, its quota values by key, as
 * {@link ClientQuotaRecord}s left them. Immutable; entities iterate in {@link ClientQuotaEntity} order. An entity
 * whose last quota is removed disappears.
 */
public final class ClientQuotasImage {

    /** No quotas. */
    public static final ClientQuotasImage EMPTY = new ClientQuotasImage(new TreeMap<>());

    private final SortedMap<ClientQuotaEntity, Map<String, Double>> entities;

    private ClientQuotasImage(SortedMap<ClientQuotaEntity, Map<String, Double>> entities) {
        this.entities = Collections.unmodifiableSortedMap(entities);
    }

    /** Every entity with at least one quota, with its quotas by key. */
    public SortedMap<ClientQuotaEntity, Map<String, Double>> entities() {
        return entities;
    }

    /** The quotas of one entity by key; empty when it has none. */
    public Map<String, Double> quotas(ClientQuotaEntity entity) {
        return entities.getOrDefault(entity, Map.of());
    }

    public boolean isEmpty() {
        return entities.isEmpty();
    }

    /** Applies {@link ClientQuotaRecord}s in log order, copying the base once per delta. */
    static final class Builder {
        private final ClientQuotasImage base;
        private TreeMap<ClientQuotaEntity, Map<String, Double>> entities;

        Builder(ClientQuotasImage base) {
            this.base = base;
        }

        void replay(ClientQuotaRecord r) {
            if (entities == null) {
                entities = new TreeMap<>(base.entities);
            }
            TreeMap<String, Double> mine = new TreeMap<>(entities.getOrDefault(r.entity(), Map.of()));
            if (r.remove()) {
                mine.remove(r.key()); // removing an absent quota is a no-op, as in Kafka
            } else {
                mine.put(r.key(), r.value());
            }
            if (mine.isEmpty()) {
                entities.remove(r.entity());
            } else {
                entities.put(r.entity(), Collections.unmodifiableSortedMap(mine));
            }
        }

        boolean changed() {
            return entities != null;
        }

        ClientQuotasImage build() {
            return entities == null ? base : new ClientQuotasImage(entities);
        }
    }

    /** Records that rebuild these quotas from {@link #EMPTY}: one per (entity, key). */
    List<MetadataRecord> toRecords() {
        List<MetadataRecord> records = new ArrayList<>();
        entities.forEach((entity, quotas) -> quotas.forEach((key, value) ->
                records.add(new ClientQuotaRecord(entity, key, value, false))));
        return records;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientQuotasImage other && entities.equals(other.entities);
    }

    @Override
    public int hashCode() {
        return entities.hashCode();
    }

    @Override
    public String toString() {
        return "ClientQuotasImage(" + entities + ")";
    }
}
