package io.tributary.cluster.metadata;

import java.util.List;
import java.util.UUID;

/**
 * A broker (re-)registered: replaces any earlier registration of the same id. Type 1.
 *
 * @param brokerId      the broker id
 * @param incarnationId the broker process's incarnation
 * @param brokerEpoch   the epoch assigned to this registration
 * @param endpoints     advertised listeners
 * @param rack          the rack, or null
 * @param fenced        whether the broker starts fenced (a new registration always does)
 */
public record RegisterBrokerRecord(int brokerId, UUID incarnationId, long brokerEpoch, List<Endpoint> endpoints,
                                   String rack, boolean fenced) implements MetadataRecord {
    public RegisterBrokerRecord {
        endpoints = List.copyOf(endpoints);
    }
}
