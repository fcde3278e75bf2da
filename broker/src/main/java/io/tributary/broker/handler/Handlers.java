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
    public static void registerControllerApis(RequestRouter router, MetadataNode quorumMember, String clusterId,
                                              Optional<Authorizer> authorizer) {
        Access access = new Access(authorizer);   // CLUSTER_ACTION: only brokers (issue 19)
        router.register(ApiKey.BROKER_REGISTRATION, new BrokerRegistrationHandler(quorumMember, clusterId, access))
                .register(ApiKey.BROKER_HEARTBEAT, new BrokerHeartbeatHandler(quorumMember, access))
                .register(ApiKey.ALLOCATE_PRODUCER_IDS, new AllocateProducerIdsHandler(quorumMember, access))
                .register(ApiKey.ALTER_PARTITION, new AlterPartitionHandler(quorumMember, access));
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
                .register(ApiKey.METADATA, new MetadataHandler(metadata, config, access))
                .register(ApiKey.PRODUCE, new ProduceHandler(lookup, partitions, metrics, transactions,
                        elsewhere, access))
                .register(ApiKey.FETCH, new FetchHandler(lookup, partitions, metrics,
                        config.replication().rackAwareReads(), access))
                .register(ApiKey.LIST_OFFSETS, new ListOffsetsHandler(lookup, access))
                .register(ApiKey.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(lookup, access))
                .register(ApiKey.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds, transactions, access))
                .register(ApiKey.CREATE_TOPICS, new CreateTopicsHandler(metadata, access))
                .register(ApiKey.DELETE_TOPICS, new DeleteTopicsHandler(metadata, access))
                .register(ApiKey.CREATE_PARTITIONS, new CreatePartitionsHandler(metadata, access))
                .register(ApiKey.ELECT_LEADERS, new ElectLeadersHandler(metadata, access))
                .register(ApiKey.ALTER_PARTITION_REASSIGNMENTS,
                        new AlterPartitionReassignmentsHandler(metadata, access))
                .register(ApiKey.LIST_PARTITION_REASSIGNMENTS, new ListPartitionReassignmentsHandler(metadata, access))
                .register(ApiKey.DESCRIBE_CLUSTER, new DescribeClusterHandler(metadata, config, access))
                .register(ApiKey.DESCRIBE_CONFIGS, new DescribeConfigsHandler(metadata, config, access))
                .register(ApiKey.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(metadata, access))
                .register(ApiKey.ALTER_CONFIGS, new AlterConfigsHandler(metadata, access))
                .register(ApiKey.ALTER_USER_SCRAM_CREDENTIALS, new AlterUserScramCredentialsHandler(metadata, access))
                .register(ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS,
                        new DescribeUserScramCredentialsHandler(metadata, access))
                .register(ApiKey.ALTER_CLIENT_QUOTAS, new AlterClientQuotasHandler(metadata, access))
                .register(ApiKey.DESCRIBE_CLIENT_QUOTAS, new DescribeClientQuotasHandler(metadata, access))
                .register(ApiKey.DELETE_RECORDS, new DeleteRecordsHandler(lookup, access))
                .register(ApiKey.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(logManager, access))
                .register(ApiKey.FIND_COORDINATOR, new FindCoordinatorHandler(metadata,
                        groups.offsetsTopic().internalTopic(), transactions.stateTopic(), shareCoordinator.stateTopic(),
                        access))
                .register(ApiKey.JOIN_GROUP, new JoinGroupHandler(groups, access))
                .register(ApiKey.SYNC_GROUP, new SyncGroupHandler(groups, access))
                .register(ApiKey.HEARTBEAT, new HeartbeatHandler(groups, access))
                .register(ApiKey.LEAVE_GROUP, new LeaveGroupHandler(groups, access))
                .register(ApiKey.OFFSET_COMMIT, new OffsetCommitHandler(groups, metadata, access))
                .register(ApiKey.OFFSET_FETCH, new OffsetFetchHandler(groups, metadata, access))
                .register(ApiKey.OFFSET_DELETE, new OffsetDeleteHandler(groups, access))
                .register(ApiKey.LIST_GROUPS, new ListGroupsHandler(groups, access))
                .register(ApiKey.DESCRIBE_GROUPS, new DescribeGroupsHandler(groups, access))
                .register(ApiKey.DELETE_GROUPS, new DeleteGroupsHandler(groups, metadata, shareAdmin, access))
                .register(ApiKey.CONSUMER_GROUP_HEARTBEAT, new ConsumerGroupHeartbeatHandler(groups, metadata, access))
                .register(ApiKey.CONSUMER_GROUP_DESCRIBE, new ConsumerGroupDescribeHandler(groups, metadata, access))
                .register(ApiKey.SHARE_GROUP_HEARTBEAT, new ShareGroupHeartbeatHandler(groups, metadata, access))
                .register(ApiKey.SHARE_GROUP_DESCRIBE, new ShareGroupDescribeHandler(groups, metadata, access))
                .register(ApiKey.DESCRIBE_SHARE_GROUP_OFFSETS, new DescribeShareGroupOffsetsHandler(groups, metadata,
                        partitions, otherBrokers, config.nodeId(), shareAdmin, access))
                .register(ApiKey.ALTER_SHARE_GROUP_OFFSETS, new AlterShareGroupOffsetsHandler(groups, metadata,
                        shareAdmin, access))
                .register(ApiKey.DELETE_SHARE_GROUP_OFFSETS, new DeleteShareGroupOffsetsHandler(groups, metadata,
                        shareAdmin, access))
                .register(ApiKey.ADD_PARTITIONS_TO_TXN, new AddPartitionsToTxnHandler(transactions, metadata, access))
                .register(ApiKey.ADD_OFFSETS_TO_TXN, new AddOffsetsToTxnHandler(transactions, groups.offsetsTopic(),
                        access))
                .register(ApiKey.END_TXN, new EndTxnHandler(transactions, access))
                .register(ApiKey.TXN_OFFSET_COMMIT, new TxnOffsetCommitHandler(groups, metadata,
                        new TransactionOffsetsCheck(transactions, elsewhere), access))
                .register(ApiKey.DESCRIBE_PRODUCERS, new DescribeProducersHandler(lookup, access))
                .register(ApiKey.DESCRIBE_TRANSACTIONS, new DescribeTransactionsHandler(transactions, access))
                .register(ApiKey.LIST_TRANSACTIONS, new ListTransactionsHandler(transactions, access))
                .register(ApiKey.SHARE_FETCH, new ShareFetchHandler(lookup, partitions, shareLeaders, shareSessions,
                        metrics, access))
                .register(ApiKey.SHARE_ACKNOWLEDGE, new ShareAcknowledgeHandler(lookup, shareLeaders, shareSessions,
                        access))
                .register(ApiKey.INITIALIZE_SHARE_GROUP_STATE, new InitializeShareGroupStateHandler(shareCoordinator,
                        access))
                .register(ApiKey.READ_SHARE_GROUP_STATE, new ReadShareGroupStateHandler(shareCoordinator, access))
                .register(ApiKey.WRITE_SHARE_GROUP_STATE, new WriteShareGroupStateHandler(shareCoordinator, access))
                .register(ApiKey.DELETE_SHARE_GROUP_STATE, new DeleteShareGroupStateHandler(shareCoordinator, access))
                .register(ApiKey.READ_SHARE_GROUP_STATE_SUMMARY, new ReadShareGroupStateSummaryHandler(shareCoordinator,
                        access))
                .register(ApiKey.WRITE_TXN_MARKERS, new WriteTxnMarkersHandler(markers, metadata,
                        java.time.Clock.systemUTC(), access));
        registerAclApis(router, metadata, access);
        throttleByQuotas(router, metadata, config);
    }

    /**
     * Produce and Fetch as registered above, each with its byte-rate quota; CreateTopics, CreatePartitions and
     * DeleteTopics with the controller mutation quota (issue 19).
     */
    private static void throttleByQuotas(RequestRouter router, MetadataNode metadata, BrokerConfig config) {
        io.tributary.broker.quota.QuotaConfig quotas = config.quotas();
        java.time.Clock clock = java.time.Clock.systemUTC();
        router.register(ApiKey.PRODUCE, new io.tributary.broker.quota.ThrottledHandler(router.handler(ApiKey.PRODUCE),
                new io.tributary.broker.quota.ClientQuotaManager(io.tributary.broker.quota.ClientQuotaManager.PRODUCE,
                        quotas, () -> metadata.image().clientQuotas()), clock));
        router.register(ApiKey.FETCH, new io.tributary.broker.quota.ThrottledHandler(router.handler(ApiKey.FETCH),
                new io.tributary.broker.quota.ClientQuotaManager(io.tributary.broker.quota.ClientQuotaManager.FETCH,
                        quotas, () -> metadata.image().clientQuotas()), clock));
        io.tributary.broker.quota.MutationQuotas mutations = new io.tributary.broker.quota.MutationQuotas(
                io.tributary.broker.quota.QuotaConfig.controllerFrom(config.properties()),
                () -> metadata.image().clientQuotas());
        for (ApiKey api : java.util.List.of(ApiKey.CREATE_TOPICS, ApiKey.CREATE_PARTITIONS, ApiKey.DELETE_TOPICS)) {
            router.register(api, new io.tributary.broker.quota.MutationQuotaHandler(router.handler(api), mutations,
                    metadata::image, () -> config.controller().numPartitions(), clock));
        }
    }

    /** CreateAcls, DescribeAcls, DeleteAcls: SECURITY_DISABLED unless an authorizer is configured, as in Kafka. */
    private static void registerAclApis(RequestRouter router, MetadataNode metadata, Access access) {
        router.register(ApiKey.CREATE_ACLS, new CreateAclsHandler(metadata, access))
                .register(ApiKey.DESCRIBE_ACLS, new DescribeAclsHandler(metadata, access))
                .register(ApiKey.DELETE_ACLS, new DeleteAclsHandler(metadata, access));
    }
}
