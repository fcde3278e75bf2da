package io.tributary.cluster.metadata;

/**
 * A block of producer ids was handed to a broker; the next block starts at {@code nextProducerId}. Type 9.
 *
 * @param brokerId       the broker given the block
 * @param brokerEpoch    its epoch then
 * @param nextProducerId first id not yet handed out
 */
public record ProducerIdsRecord(int brokerId, long brokerEpoch, long nextProducerId) implements MetadataRecord {
}
