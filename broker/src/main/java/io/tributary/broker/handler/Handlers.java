package io.tributary.broker.handler;

import io.tributary.broker.BrokerConfig;
import io.tributary.broker.BrokerMetrics;
import io.tributary.broker.InterBrokerClient;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.ProducerIdBlocks;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.security.Authorizer;
import io.tributary.broker.share.ShareCoordinatorService;
import io.tributary.broker.share.SharePartitionManager;
import io.tributary.broker.share.ShareSessions;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.broker.txn.TransactionMarkers;
import io.tributary.broker.network.RequestRouter;
import io.tributary.cluster.MetadataNode;
import io.tributary.log.LogManager;
import io.tributary.protocol.message.ApiKey;
import java.util.Optional;
import java.util.Set;

/** The table of served APIs: one handler class per API. */
public final class Handlers {

    /**
     * Kafka's controller APIs, served here so the brokers of a cluster reach the active controller over their Kafka
     * listeners; like a Kafka broker listener, ApiVersions does not list them.
     */
    public static final Set<ApiKey> CONTROLLER_APIS = Set.of(ApiKey.BROKER_REGISTRATION, ApiKey.BROKER_HEARTBEAT,
            ApiKey.ALLOCATE_PRODUCER_IDS, ApiKey.ALTER_PARTITION);

    private Handlers() {
    }

    /**
     * The controller APIs, answered by this node's own quorum member (NOT_CONTROLLER unless it is the active
     * controller; never forwarded on).
     */
    public static void registerControllerApis(RequestRouter router, MetadataNode quorumMember, String clusterId) {
        router.register(ApiKey.BROKER_REGISTRATION, new BrokerRegistrationHandler(quorumMember, clusterId))
                .register(ApiKey.BROKER_HEARTBEAT, new BrokerHeartbeatHandler(quorumMember))
                .register(ApiKey.ALLOCATE_PRODUCER_IDS, new AllocateProducerIdsHandler(quorumMember))
                .register(ApiKey.ALTER_PARTITION, new AlterPartitionHandler(quorumMember));
    }

    public static void registerAll(RequestRouter router, ApiVersionsHandler apiVersions, MetadataNode metadata,
                                   PartitionManager partitions, LogManager logManager, ProducerIdBlocks producerIds,
                                   BrokerConfig config, BrokerMetrics metrics,
                                   GroupCoordinatorService groups, TransactionCoordinatorService transactions,
                                   TransactionMarkers markers, InterBrokerClient otherBrokers,
                                   ShareCoordinatorService shareCoordinator, ShareStatePersister shareStates,
                                   SharePartitionManager shareLeaders, ShareSessions shareSessions,
                                   Optional<Authorizer> authorizer) {
        Access access = new Access(authorizer);   // handlers ask it before they serve (issue 19)
        SharePartitionStates shareAdmin = new SharePartitionStates(shareStates);
        PartitionLookup lookup = new PartitionLookup(metadata, partitions, config.nodeId());
        RemoteTransactionCheck elsewhere = new RemoteTransactionCheck(transactions, partitions, otherBrokers);
        router.register(ApiKey.API_VERSIONS, apiVersions)
                .register(ApiKey.SASL_HANDSHAKE, new SaslHandshakeHandler())
                .register(ApiKey.SASL_AUTHENTICATE, new SaslAuthenticateHandler())
                .register(ApiKey.METADATA, new MetadataHandler(metadata, config))
                .register(ApiKey.PRODUCE, new ProduceHandler(lookup, partitions, metrics, transactions,
                        elsewhere))
                .register(ApiKey.FETCH, new FetchHandler(lookup, partitions, metrics,
                        config.replication().rackAwareReads()))
                .register(ApiKey.LIST_OFFSETS, new ListOffsetsHandler(lookup))
                .register(ApiKey.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(lookup))
                .register(ApiKey.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds, transactions))
                .register(ApiKey.CREATE_TOPICS, new CreateTopicsHandler(metadata))
                .register(ApiKey.DELETE_TOPICS, new DeleteTopicsHandler(metadata))
                .register(ApiKey.CREATE_PARTITIONS, new CreatePartitionsHandler(metadata))
                .register(ApiKey.ELECT_LEADERS, new ElectLeadersHandler(metadata))
                .register(ApiKey.ALTER_PARTITION_REASSIGNMENTS, new AlterPartitionReassignmentsHandler(metadata))
                .register(ApiKey.LIST_PARTITION_REASSIGNMENTS, new ListPartitionReassignmentsHandler(metadata))
                .register(ApiKey.DESCRIBE_CLUSTER, new DescribeClusterHandler(metadata, config))
                .register(ApiKey.DESCRIBE_CONFIGS, new DescribeConfigsHandler(metadata, config))
                .register(ApiKey.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(metadata))
                .register(ApiKey.ALTER_CONFIGS, new AlterConfigsHandler(metadata))
                .register(ApiKey.ALTER_USER_SCRAM_CREDENTIALS, new AlterUserScramCredentialsHandler(metadata))
                .register(ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS, new DescribeUserScramCredentialsHandler(metadata))
                .register(ApiKey.ALTER_CLIENT_QUOTAS, new AlterClientQuotasHandler(metadata))
                .register(ApiKey.DESCRIBE_CLIENT_QUOTAS, new DescribeClientQuotasHandler(metadata))
                .register(ApiKey.DELETE_RECORDS, new DeleteRecordsHandler(lookup))
                .register(ApiKey.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(logManager))
                .register(ApiKey.FIND_COORDINATOR, new FindCoordinatorHandler(metadata,
                        groups.offsetsTopic().internalTopic(), transactions.stateTopic(), shareCoordinator.stateTopic()))
                .register(ApiKey.JOIN_GROUP, new JoinGroupHandler(groups))
                .register(ApiKey.SYNC_GROUP, new SyncGroupHandler(groups))
                .register(ApiKey.HEARTBEAT, new HeartbeatHandler(groups))
                .register(ApiKey.LEAVE_GROUP, new LeaveGroupHandler(groups))
                .register(ApiKey.OFFSET_COMMIT, new OffsetCommitHandler(groups, metadata))
                .register(ApiKey.OFFSET_FETCH, new OffsetFetchHandler(groups, metadata))
                .register(ApiKey.OFFSET_DELETE, new OffsetDeleteHandler(groups))
                .register(ApiKey.LIST_GROUPS, new ListGroupsHandler(groups))
                .register(ApiKey.DESCRIBE_GROUPS, new DescribeGroupsHandler(groups))
                .register(ApiKey.DELETE_GROUPS, new DeleteGroupsHandler(groups, metadata, shareAdmin))
                .register(ApiKey.CONSUMER_GROUP_HEARTBEAT, new ConsumerGroupHeartbeatHandler(groups, metadata))
                .register(ApiKey.CONSUMER_GROUP_DESCRIBE, new ConsumerGroupDescribeHandler(groups, metadata))
                .register(ApiKey.SHARE_GROUP_HEARTBEAT, new ShareGroupHeartbeatHandler(groups, metadata))
                .register(ApiKey.SHARE_GROUP_DESCRIBE, new ShareGroupDescribeHandler(groups, metadata))
                .register(ApiKey.DESCRIBE_SHARE_GROUP_OFFSETS, new DescribeShareGroupOffsetsHandler(groups, metadata,
                        partitions, otherBrokers, config.nodeId(), shareAdmin))
                .register(ApiKey.ALTER_SHARE_GROUP_OFFSETS, new AlterShareGroupOffsetsHandler(groups, metadata,
                        shareAdmin))
                .register(ApiKey.DELETE_SHARE_GROUP_OFFSETS, new DeleteShareGroupOffsetsHandler(groups, metadata,
                        shareAdmin))
                .register(ApiKey.ADD_PARTITIONS_TO_TXN, new AddPartitionsToTxnHandler(transactions, metadata))
                .register(ApiKey.ADD_OFFSETS_TO_TXN, new AddOffsetsToTxnHandler(transactions, groups.offsetsTopic()))
                .register(ApiKey.END_TXN, new EndTxnHandler(transactions))
                .register(ApiKey.TXN_OFFSET_COMMIT, new TxnOffsetCommitHandler(groups, metadata,
                        new TransactionOffsetsCheck(transactions, elsewhere)))
                .register(ApiKey.DESCRIBE_PRODUCERS, new DescribeProducersHandler(lookup))
                .register(ApiKey.DESCRIBE_TRANSACTIONS, new DescribeTransactionsHandler(transactions))
                .register(ApiKey.LIST_TRANSACTIONS, new ListTransactionsHandler(transactions))
                .register(ApiKey.SHARE_FETCH, new ShareFetchHandler(lookup, partitions, shareLeaders, shareSessions,
                        metrics))
                .register(ApiKey.SHARE_ACKNOWLEDGE, new ShareAcknowledgeHandler(lookup, shareLeaders, shareSessions))
                .register(ApiKey.INITIALIZE_SHARE_GROUP_STATE, new InitializeShareGroupStateHandler(shareCoordinator))
                .register(ApiKey.READ_SHARE_GROUP_STATE, new ReadShareGroupStateHandler(shareCoordinator))
                .register(ApiKey.WRITE_SHARE_GROUP_STATE, new WriteShareGroupStateHandler(shareCoordinator))
                .register(ApiKey.DELETE_SHARE_GROUP_STATE, new DeleteShareGroupStateHandler(shareCoordinator))
                .register(ApiKey.READ_SHARE_GROUP_STATE_SUMMARY, new ReadShareGroupStateSummaryHandler(shareCoordinator))
                .register(ApiKey.WRITE_TXN_MARKERS, new WriteTxnMarkersHandler(markers, metadata,
                        java.time.Clock.systemUTC()));
        registerAclApis(router, metadata, authorizer.isPresent());
        throttleByQuotas(router, metadata, config);
    }

    /** Produce and Fetch as registered above, each with its byte-rate quota (issue 19). */
    private static void throttleByQuotas(RequestRouter router, MetadataNode metadata, BrokerConfig config) {
        io.tributary.broker.quota.QuotaConfig quotas = config.quotas();
        java.time.Clock clock = java.time.Clock.systemUTC();
        router.register(ApiKey.PRODUCE, new io.tributary.broker.quota.ThrottledHandler(router.handler(ApiKey.PRODUCE),
                new io.tributary.broker.quota.ClientQuotaManager(io.tributary.broker.quota.ClientQuotaManager.PRODUCE,
                        quotas, () -> metadata.image().clientQuotas()), clock));
        router.register(ApiKey.FETCH, new io.tributary.broker.quota.ThrottledHandler(router.handler(ApiKey.FETCH),
                new io.tributary.broker.quota.ClientQuotaManager(io.tributary.broker.quota.ClientQuotaManager.FETCH,
                        quotas, () -> metadata.image().clientQuotas()), clock));
    }

    /** CreateAcls, DescribeAcls, DeleteAcls: SECURITY_DISABLED unless an authorizer is configured, as in Kafka. */
    private static void registerAclApis(RequestRouter router, MetadataNode metadata, boolean authorizerConfigured) {
        router.register(ApiKey.CREATE_ACLS, new CreateAclsHandler(metadata, authorizerConfigured))
                .register(ApiKey.DESCRIBE_ACLS, new DescribeAclsHandler(metadata, authorizerConfigured))
                .register(ApiKey.DELETE_ACLS, new DeleteAclsHandler(metadata, authorizerConfigured));
    }
}
