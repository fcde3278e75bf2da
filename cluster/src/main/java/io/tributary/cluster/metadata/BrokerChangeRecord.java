package io.tributary.cluster.metadata;

/**
 * A registered broker's fencing or shutdown state changed. Type 2. A null field is left unchanged.
 *
 * @param brokerId             the broker id
 * @param brokerEpoch          the registration this applies to (ignored if the broker re-registered since)
 * @param fenced               new fenced state, or null
 * @param inControlledShutdown new controlled-shutdown state, or null
 */
public record BrokerChangeRecord(int brokerId, long brokerEpoch, Boolean fenced, Boolean inControlledShutdown)
        implements MetadataRecord {
}
