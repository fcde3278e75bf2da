package io.tributary.broker.quota;

import io.tributary.cluster.metadata.ClientQuotaEntity;
import io.tributary.cluster.metadata.ClientQuotasImage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One quota key's values from one {@link ClientQuotasImage}, arranged for Kafka's precedence: for (user, client id)
 * the first of /users/&lt;user&gt;/clients/&lt;client&gt;, /users/&lt;user&gt;/clients/&lt;default&gt;,
 * /users/&lt;user&gt;, /users/&lt;default&gt;/clients/&lt;client&gt;, /users/&lt;default&gt;/clients/&lt;default&gt;,
 * /users/&lt;default&gt;, /clients/&lt;client&gt;, /clients/&lt;default&gt; that is set. Immutable.
 */
final class QuotaTable {
    private static final String ABSENT = "\u0001absent";
    private static final String DEFAULT = "\u0001default";

    /** (user part, client part) → value; a part is ABSENT, DEFAULT or the name prefixed by "=". */
    private final Map<String, Double> values = new HashMap<>();

    QuotaTable(ClientQuotasImage image, String key) {
        image.entities().forEach((entity, quotas) -> {
            Double value = quotas.get(key);
            Map<String, String> e = entity.entries();
            if (value != null && !e.containsKey(ClientQuotaEntity.IP)) {
                values.put(part(e, ClientQuotaEntity.USER) + '\u0000' + part(e, ClientQuotaEntity.CLIENT_ID), value);
            }
        });
    }

    private static String part(Map<String, String> entity, String type) {
        if (!entity.containsKey(type)) {
            return ABSENT;
        }
        String name = entity.get(type);
        return name == null ? DEFAULT : "=" + name;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** The quota that applies and whose usage it measures, or null when none is set. */
    Resolved resolve(String user, String clientId) {
        String u = "=" + user;
        String c = "=" + clientId;
        for (String[] candidate : List.of(new String[] {u, c}, new String[] {u, DEFAULT}, new String[] {u, ABSENT},
                new String[] {DEFAULT, c}, new String[] {DEFAULT, DEFAULT}, new String[] {DEFAULT, ABSENT},
                new String[] {ABSENT, c}, new String[] {ABSENT, DEFAULT})) {
            Double value = values.get(candidate[0] + '\u0000' + candidate[1]);
            if (value != null) {
                // as Kafka's metric tags: a default stands for each name, an absent type for everyone
                String sensor = (candidate[0].equals(ABSENT) ? "" : user) + '\u0000'
                        + (candidate[1].equals(ABSENT) ? "" : clientId);
                return new Resolved(value, sensor);
            }
        }
        return null;
    }

    /** A quota and the key of the usage it is measured against. */
    record Resolved(double quota, String sensor) {
    }
}
