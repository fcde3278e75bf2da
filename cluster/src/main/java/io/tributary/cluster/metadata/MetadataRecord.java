package io.tributary.cluster.metadata;

/**
 * One change to the cluster metadata, as written to the metadata log. The image is exactly the result of
 * applying these records in log order ({@link MetadataDelta}); their binary form is documented on
 * {@link MetadataRecordSerde}.
 */
public sealed interface MetadataRecord permits RegisterBrokerRecord, BrokerChangeRecord, UnregisterBrokerRecord,
        TopicRecord, PartitionRecord, PartitionChangeRecord, RemoveTopicRecord, ConfigRecord, ProducerIdsRecord,
        UserScramCredentialRecord, RemoveUserScramCredentialRecord,
        AccessControlEntryRecord, RemoveAccessControlEntryRecord,
        ClientQuotaRecord {
}
