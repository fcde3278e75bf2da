package io.tributary.cluster.metadata;

/**
 * A broker's registration was removed. Type 3.
 *
 * @param brokerId    the broker id
 * @param brokerEpoch the registration removed (ignored if the broker re-registered since)
 */
public record UnregisterBrokerRecord(int brokerId, long brokerEpoch) implements MetadataRecord {
}
