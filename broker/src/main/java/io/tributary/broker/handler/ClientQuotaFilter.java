package io.tributary.broker.handler;

import io.tributary.cluster.metadata.ClientQuotaEntity;
import io.tributary.protocol.message.DescribeClientQuotasRequestData.ComponentData;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DescribeClientQuotas filter as Kafka reads it: per entity type, a match type (EXACT a name, DEFAULT the
 * type's default, SPECIFIED any non-default name); non-strict, an entity matches when it has every filtered type
 * (and maybe more); strict, when it has exactly the filtered types.
 */
final class ClientQuotaFilter {
    static final byte EXACT = 0;
    static final byte DEFAULT = 1;
    static final byte SPECIFIED = 2;

    private final Map<String, ComponentData> components;
    private final boolean strict;

    private ClientQuotaFilter(Map<String, ComponentData> components, boolean strict) {
        this.components = components;
        this.strict = strict;
    }

    /** The filter, or an IllegalArgumentException whose message is Kafka's INVALID_REQUEST message. */
    static ClientQuotaFilter of(List<ComponentData> components, boolean strict) {
        Map<String, ComponentData> byType = new HashMap<>();
        for (ComponentData c : components) {
            String type = c.entityType();
            if (!ClientQuotaEntity.USER.equals(type) && !ClientQuotaEntity.CLIENT_ID.equals(type)
                    && !ClientQuotaEntity.IP.equals(type)) {
                throw new IllegalArgumentException("Custom entity type " + type + " not supported");
            }
            if (byType.put(type, c) != null) {
                throw new IllegalArgumentException("Entity type " + type + " cannot appear more than once in the "
                        + "filter.");
            }
            switch (c.matchType()) {
                case EXACT -> {
                    if (c.match() == null) {
                        throw new IllegalArgumentException("Request specified MATCH_TYPE_EXACT, but set match "
                                + "string to null");
                    }
                }
                case DEFAULT, SPECIFIED -> {
                    if (c.match() != null) {
                        throw new IllegalArgumentException("Request specified MATCH_TYPE_DEFAULT or "
                                + "MATCH_TYPE_SPECIFIED, but also specified a match string");
                    }
                }
                default -> throw new IllegalArgumentException("Unknown match type " + c.matchType());
            }
        }
        if (byType.containsKey(ClientQuotaEntity.IP) && byType.size() > 1) {
            throw new IllegalArgumentException("Invalid entity filter component combination, IP filter component "
                    + "should not be used with user or clientId filter component.");
        }
        return new ClientQuotaFilter(byType, strict);
    }

    boolean matches(ClientQuotaEntity entity) {
        Map<String, String> entries = entity.entries();
        if (strict && entries.size() != components.size()) {
            return false;
        }
        for (ComponentData c : components.values()) {
            if (!entries.containsKey(c.entityType())) {
                return false;
            }
            String name = entries.get(c.entityType());
            boolean ok = switch (c.matchType()) {
                case EXACT -> c.match().equals(name);
                case DEFAULT -> name == null;
                default -> name != null;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
