package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AllocateProducerIds;
import io.tributary.cluster.controller.ControllerCommand.AlterConfigs;
import io.tributary.cluster.controller.ControllerCommand.AlterPartition;
import io.tributary.cluster.controller.ControllerCommand.AlterPartitionReassignments;
import io.tributary.cluster.controller.ControllerCommand.BrokerHeartbeat;
import io.tributary.cluster.controller.ControllerCommand.CreateAcls;
import io.tributary.cluster.controller.ControllerCommand.CreatePartitions;
import io.tributary.cluster.controller.ControllerCommand.CreateTopics;
import io.tributary.cluster.controller.ControllerCommand.DeleteAcls;
import io.tributary.cluster.controller.ControllerCommand.DeleteTopics;
import io.tributary.cluster.controller.ControllerCommand.ElectLeaders;
import io.tributary.cluster.controller.ControllerCommand.ElectionType;
import io.tributary.cluster.controller.ControllerCommand.FenceBroker;
import io.tributary.cluster.controller.ControllerCommand.IncrementalAlterConfigs;
import io.tributary.cluster.controller.ControllerCommand.ListPartitionReassignments;
import io.tributary.cluster.controller.ControllerCommand.RegisterBroker;
import io.tributary.cluster.controller.ControllerCommand.UnregisterBroker;
import io.tributary.cluster.metadata.ConfigRecord;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The controller's decisions, as a deterministic function: given the image (everything committed plus
 * everything this controller already appended), a command and the current time, return the records to append
 * and the response. It never changes the image itself — the caller replays the returned records — and keeps
 * only one piece of soft state, the broker sessions, which a new active controller resets ({@link #activate}).
 *
 * <p>Single-threaded: one caller at a time (the controller's event loop, or a test).
 */
public final class ControllerLogic {

    private static final String UNCLEAN_KEY = "unclean.leader.election.enable";

    private final ConfigControl configs;
    private final ReplicationControl replication;
    private final BrokerControl brokers;
    private final TopicControl topics;
    private final ProducerIdControl producerIds;
    private final ReassignmentControl reassignments;
    private final ScramControl scram = new ScramControl();
    private final AclControl acls;
    private final ClientQuotaControl quotas = new ClientQuotaControl();
    private final ControllerConfig.LeaderBalance leaderBalance;
    private final long uncleanElectionIntervalMs;

    /**
     * @param config   static settings
     * @param topicIds source of new topic and ACL ids (random in production, seeded in tests)
     */
    public ControllerLogic(ControllerConfig config, Supplier<UUID> topicIds) {
        this.configs = new ConfigControl(config);
        this.replication = new ReplicationControl(configs);
        this.brokers = new BrokerControl(replication, config.sessionTimeoutMs());
        this.topics = new TopicControl(config, topicIds);
        this.producerIds = new ProducerIdControl(config.producerIdBlockSize());
        this.reassignments = new ReassignmentControl(configs);
        this.acls = new AclControl(topicIds);
        this.leaderBalance = config.leaderBalance();
        this.uncleanElectionIntervalMs = config.uncleanElectionIntervalMs();
    }

    /** This controller became active with {@code image} as the committed state, at {@code nowMs}. */
    public void activate(MetadataImage image, long nowMs) {
        brokers.activate(image, nowMs);
    }

    /** Decides one command. */
    @SuppressWarnings("unchecked")
    public <R> ControllerResult<R> handle(MetadataImage image, ControllerCommand<R> command, long nowMs) {
        Object result;
        if (command instanceof RegisterBroker c) {
            result = brokers.register(image, c, nowMs);
        } else if (command instanceof BrokerHeartbeat c) {
            result = brokers.heartbeat(image, c, nowMs);
        } else if (command instanceof FenceBroker c) {
            result = brokers.fenceGone(image, c);
        } else if (command instanceof UnregisterBroker c) {
            result = brokers.unregister(image, c.brokerId());
        } else if (command instanceof CreateTopics c) {
            result = topics.create(image, c);
        } else if (command instanceof DeleteTopics c) {
            result = topics.delete(image, c);
        } else if (command instanceof CreatePartitions c) {
            result = topics.createPartitions(image, c);
        } else if (command instanceof IncrementalAlterConfigs c) {
            result = withUncleanElections(image, configs.incrementalAlter(image, c));
        } else if (command instanceof AlterConfigs c) {
            result = withUncleanElections(image, configs.alter(image, c));
        } else if (command instanceof AlterPartition c) {
            result = replication.alterPartition(image, c);
        } else if (command instanceof ElectLeaders c) {
            result = replication.electLeaders(image, c);
        } else if (command instanceof AlterPartitionReassignments c) {
            result = reassignments.alter(image, c);
        } else if (command instanceof ListPartitionReassignments c) {
            result = reassignments.list(image, c);
        } else if (command instanceof AllocateProducerIds c) {
            result = producerIds.allocate(image, c);
        } else if (command instanceof ControllerCommand.AlterUserScramCredentials c) {
            result = scram.alter(image, c);
        } else if (command instanceof CreateAcls c) {
            result = acls.create(image, c);
        } else if (command instanceof DeleteAcls c) {
            result = acls.delete(image, c);
        } else if (command instanceof ControllerCommand.AlterClientQuotas c) {
            result = quotas.alter(c);
        } else {
            throw new IllegalArgumentException("unknown command " + command);
        }
        return (ControllerResult<R>) result;
    }

    /**
     * A config change that sets or removes {@code unclean.leader.election.enable} (of a topic or the cluster
     * default) may allow unclean elections that were not before: the partitions it leaves leaderless with an active
     * replica get their leader in the same batch, as {@link #electUncleanLeaders} would at its next run.
     */
    private <R> ControllerResult<R> withUncleanElections(MetadataImage image, ControllerResult<R> configChange) {
        boolean touchesUnclean = configChange.records().stream()
                .anyMatch(r -> r instanceof ConfigRecord c && c.key().equals(UNCLEAN_KEY));
        if (!touchesUnclean) {
            return configChange;
        }
        MetadataImage after = new MetadataDelta(image).replayAll(configChange.records()).apply(image.offset());
        List<MetadataRecord> elections = replication.electUncleanLeaders(after).records();
        if (elections.isEmpty()) {
            return configChange;
        }
        List<MetadataRecord> records = new ArrayList<>(configChange.records());
        records.addAll(elections);
        return ControllerResult.of(records, configChange.response());
    }

    /**
     * Kafka's periodic unclean election ({@code unclean.leader.election.interval.ms}): every partition without a
     * leader whose topic allows unclean election ({@code unclean.leader.election.enable} in force: topic override,
     * cluster dynamic default, static setting) and that has an active replica gets its first active replica as the
     * leader, with an ISR of just it. The response lists those partitions; empty when there are none.
     */
    public ControllerResult<List<TopicPartition>> electUncleanLeaders(MetadataImage image) {
        return replication.electUncleanLeaders(image);
    }

    /** {@code unclean.leader.election.interval.ms}: how often to run {@link #electUncleanLeaders}. */
    public long uncleanElectionIntervalMs() {
        return uncleanElectionIntervalMs;
    }

    /** Fences brokers whose session expired by {@code nowMs}; the response lists them. */
    public ControllerResult<List<Integer>> expireSessions(MetadataImage image, long nowMs) {
        return brokers.expireSessions(image, nowMs);
    }

    /**
     * The automatic leader balancing: a preferred election for the partitions {@code LeaderImbalance} picks (its
     * preferred replica is an active ISR member but not the leader, and that broker's share of such partitions is
     * above {@code leader.imbalance.per.broker.percentage}); the response has each one's outcome, empty when
     * nothing is to move or {@code auto.leader.rebalance.enable} is off.
     */
    public ControllerResult<Map<TopicPartition, ApiError>> balanceLeaders(MetadataImage image) {
        if (!leaderBalance.enabled()) {
            return ControllerResult.noRecords(Map.of());
        }
        List<TopicPartition> partitions = LeaderImbalance.partitionsToElect(image,
                leaderBalance.perBrokerPercentage());
        if (partitions.isEmpty()) {
            return ControllerResult.noRecords(Map.of());
        }
        return replication.electLeaders(image, new ElectLeaders(ElectionType.PREFERRED, partitions));
    }

    /** The settings of {@link #balanceLeaders}, among them how often to run it. */
    public ControllerConfig.LeaderBalance leaderBalance() {
        return leaderBalance;
    }

    /** The earliest time a session could expire: when {@link #expireSessions} next has work. */
    public long nextSessionExpiryMs() {
        return brokers.nextSessionExpiryMs();
    }
}
