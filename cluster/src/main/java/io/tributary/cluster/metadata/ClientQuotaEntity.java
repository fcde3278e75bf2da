package io.tributary.cluster.metadata;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Whom a client quota applies to, as Kafka names it: entity type ({@value #USER}, {@value #CLIENT_ID},
 * {@value #IP}) to name, a null name meaning that type's default ({@code <default>}). Entries iterate by type, so
 * equal entities compare, hash and encode the same.
 */
public record ClientQuotaEntity(SortedMap<String, String> entries) implements Comparable<ClientQuotaEntity> {
    public static final String USER = "user";
    public static final String CLIENT_ID = "client-id";
    public static final String IP = "ip";

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    public ClientQuotaEntity {
        Objects.requireNonNull(entries, "entries");
        TreeMap<String, String> copy = new TreeMap<>();
        entries.forEach((type, name) -> copy.put(Objects.requireNonNull(type, "entity type"), name));
        entries = Collections.unmodifiableSortedMap(copy);
    }

    /** An entity from (type, name) pairs; a null name is the type's default. */
    public static ClientQuotaEntity of(Map<String, String> entries) {
        return new ClientQuotaEntity(new TreeMap<>(entries));
    }

    @Override
    public int compareTo(ClientQuotaEntity o) {
        // deterministic snapshot order: by type list, then names (default first)
        int c = String.join(",", entries.keySet()).compareTo(String.join(",", o.entries.keySet()));
        if (c != 0) {
            return c;
        }
        for (String type : entries.keySet()) {
            c = NULLS_FIRST.compare(entries.get(type), o.entries.get(type));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
