package io.tributary.cluster.controller;

import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclBindingFilter;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.protocol.Errors;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to the controller, each with its response type {@code R}. These mirror the Kafka controller APIs
 * (BrokerRegistration, BrokerHeartbeat, CreateTopics, AlterPartition, …) in plain Java; per-item outcomes are
 * {@link ApiError}s carrying the Kafka error code a Kafka client expects.
 *
 * @param <R> the response type
 */
public sealed interface ControllerCommand<R> {

    /** A broker process (re-)registers; answered with its new broker epoch. */
    record RegisterBroker(int brokerId, UUID incarnationId, List<Endpoint> endpoints, String rack)
            implements ControllerCommand<RegisterBroker.Result> {
        public RegisterBroker {
            Objects.requireNonNull(incarnationId, "incarnationId");
            endpoints = List.copyOf(endpoints);
        }

        /** The outcome: {@code error} is NONE or DUPLICATE_BROKER_REGISTRATION. */
        public record Result(ApiError error, long brokerEpoch) {
        }
    }

    /**
     * A broker's periodic heartbeat: keeps its session alive, asks to be unfenced ({@code wantFence=false})
     * or to shut down cleanly.
     */
    record BrokerHeartbeat(int brokerId, long brokerEpoch, boolean wantFence, boolean wantShutdown)
            implements ControllerCommand<BrokerHeartbeat.Result> {

        /**
         * The outcome: {@code error} is NONE, STALE_BROKER_EPOCH or BROKER_ID_NOT_REGISTERED; the state flags
         * are the broker's state once this heartbeat's records are committed.
         */
        public record Result(ApiError error, boolean fenced, boolean inControlledShutdown,
                             boolean shouldShutdown) {
        }
    }

    /**
     * Fences a broker known to be gone before its session expires (its Kafka listener refuses connections: the
     * process has exited), so its leaderships move at once. Ignored unless {@code brokerEpoch} is its current epoch
     * (a restarted broker registered again meanwhile); answered with whether it was fenced now.
     */
    record FenceBroker(int brokerId, long brokerEpoch) implements ControllerCommand<Boolean> {
    }

    /** Removes a broker's registration (it is first fenced out of every ISR and leadership). */
    record UnregisterBroker(int brokerId) implements ControllerCommand<ApiError> {
    }

    /**
     * Creates topics. {@code numPartitions} and {@code replicationFactor} of -1 mean the cluster defaults;
     * a non-empty {@code assignments} (partition index → replicas) replaces both.
     */
    record NewTopic(String name, int numPartitions, short replicationFactor,
                    Map<Integer, List<Integer>> assignments, Map<String, String> configs) {
        public NewTopic {
            assignments = assignments == null ? Map.of() : Map.copyOf(assignments);
            configs = configs == null ? Map.of() : Map.copyOf(configs);
        }

        public static NewTopic of(String name, int numPartitions, int replicationFactor) {
            return new NewTopic(name, numPartitions, (short) replicationFactor, Map.of(), Map.of());
        }

        public NewTopic withConfigs(Map<String, String> newConfigs) {
            return new NewTopic(name, numPartitions, replicationFactor, assignments, newConfigs);
        }
    }

    /** CreateTopics: every topic succeeds or fails on its own. */
    record CreateTopics(List<NewTopic> topics, boolean validateOnly)
            implements ControllerCommand<Map<String, CreateTopics.TopicResult>> {
        public CreateTopics {
            topics = List.copyOf(topics);
        }

        /** The outcome for one topic; id and counts are set on success. */
        public record TopicResult(ApiError error, UUID topicId, int numPartitions, int replicationFactor) {
        }
    }

    /** DeleteTopics, by name and/or by id; each answered on its own. */
    record DeleteTopics(List<String> names, List<UUID> ids) implements ControllerCommand<DeleteTopics.Result> {
        public DeleteTopics {
            names = names == null ? List.of() : List.copyOf(names);
            ids = ids == null ? List.of() : List.copyOf(ids);
        }

        /** Per-name and per-id outcomes. */
        public record Result(Map<String, ApiError> byName, Map<UUID, ApiError> byId) {
        }
    }

    /** Grow one topic to {@code totalCount} partitions; {@code assignments}, if given, one per new partition. */
    record PartitionIncrease(String topic, int totalCount, List<List<Integer>> assignments) {
        public PartitionIncrease {
            assignments = assignments == null ? List.of() : List.copyOf(assignments);
        }
    }

    /** CreatePartitions: per-topic outcomes. */
    record CreatePartitions(List<PartitionIncrease> topics, boolean validateOnly)
            implements ControllerCommand<Map<String, ApiError>> {
        public CreatePartitions {
            topics = List.copyOf(topics);
        }
    }

    /** The operation of one IncrementalAlterConfigs entry, with Kafka's codes. */
    enum OpType {
        SET, DELETE, APPEND, SUBTRACT
    }

    /** One IncrementalAlterConfigs entry. */
    record ConfigOp(String key, OpType op, String value) {
    }

    /** IncrementalAlterConfigs: per-resource outcomes; a resource's ops apply all or none. */
    record IncrementalAlterConfigs(Map<ConfigResource, List<ConfigOp>> changes, boolean validateOnly)
            implements ControllerCommand<Map<ConfigResource, ApiError>> {
        public IncrementalAlterConfigs {
            changes = Map.copyOf(changes);
        }
    }

    /** AlterConfigs (legacy): each resource's dynamic configs are replaced by the given set. */
    record AlterConfigs(Map<ConfigResource, Map<String, String>> configs, boolean validateOnly)
            implements ControllerCommand<Map<ConfigResource, ApiError>> {
        public AlterConfigs {
            configs = Map.copyOf(configs);
        }
    }

    /** One partition's proposed ISR, with the epochs the leader last saw. */
    record IsrChange(TopicIdPartition partition, int leaderEpoch, int partitionEpoch, List<Integer> newIsr) {
        public IsrChange {
            newIsr = List.copyOf(newIsr);
        }
    }

    /** AlterPartition from a partition leader: ISR shrink or expand. */
    record AlterPartition(int brokerId, long brokerEpoch, List<IsrChange> changes)
            implements ControllerCommand<AlterPartition.Result> {
        public AlterPartition {
            changes = List.copyOf(changes);
        }

        /** One partition's outcome: on success, its registration after the change. */
        public record PartitionResult(ApiError error, PartitionRegistration registration) {
        }

        /** Top-level error (e.g. STALE_BROKER_EPOCH) and per-partition outcomes. */
        public record Result(Errors error, Map<TopicIdPartition, PartitionResult> partitions) {
        }
    }

    /** Which election ElectLeaders runs, with Kafka's codes (0 preferred, 1 unclean). */
    enum ElectionType {
        PREFERRED, UNCLEAN
    }

    /** ElectLeaders: {@code partitions} null means every partition. */
    record ElectLeaders(ElectionType type, List<TopicPartition> partitions)
            implements ControllerCommand<Map<TopicPartition, ApiError>> {
        public ElectLeaders {
            partitions = partitions == null ? null : List.copyOf(partitions);
        }
    }

    /** One partition of AlterPartitionReassignments: its target replicas, or null to cancel its reassignment. */
    record Reassignment(TopicPartition partition, List<Integer> targetReplicas) {
        public Reassignment {
            Objects.requireNonNull(partition, "partition");
            targetReplicas = targetReplicas == null ? null : List.copyOf(targetReplicas);
        }
    }

    /**
     * AlterPartitionReassignments (KIP-455): start, change or cancel each partition's reassignment, each answered on
     * its own. {@code allowReplicationFactorChange} false (KIP-860) refuses a target of another size than the
     * partition's replicas (before any reassignment in progress).
     */
    record AlterPartitionReassignments(List<Reassignment> partitions, boolean allowReplicationFactorChange)
            implements ControllerCommand<Map<TopicPartition, ApiError>> {
        public AlterPartitionReassignments {
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * ListPartitionReassignments: the reassignments in progress among {@code partitions} (null: every partition);
     * partitions that do not exist or are not being reassigned are left out, as in Kafka.
     */
    record ListPartitionReassignments(List<TopicPartition> partitions)
            implements ControllerCommand<Map<TopicPartition, ListPartitionReassignments.Ongoing>> {
        public ListPartitionReassignments {
            partitions = partitions == null ? null : List.copyOf(partitions);
        }

        /** One reassignment in progress: every replica now, and those being added and removed. */
        public record Ongoing(List<Integer> replicas, List<Integer> addingReplicas, List<Integer> removingReplicas) {
            public Ongoing {
                replicas = List.copyOf(replicas);
                addingReplicas = List.copyOf(addingReplicas);
                removingReplicas = List.copyOf(removingReplicas);
            }
        }
    }

    /** AllocateProducerIds: a block of ids for a broker's transaction coordinator / InitProducerId. */
    record AllocateProducerIds(int brokerId, long brokerEpoch)
            implements ControllerCommand<AllocateProducerIds.Result> {

        /** The block {@code [firstId, firstId + count)}, or an error. */
        public record Result(ApiError error, long firstId, int count) {
        }
    }

    // --- SCRAM credentials (KIP-554) ---

    /**
     * One AlterUserScramCredentials upsertion as the client sends it: the salt and the salted password
     * (Hi(password, salt, iterations)) it computed, never the password. {@code mechanism} is Kafka's type id as sent
     * (an unknown one is refused by the controller). {@link #toString()} shows no bytes.
     */
    record ScramUpsertion(String user, byte mechanism, int iterations, byte[] salt, byte[] saltedPassword) {
        public ScramUpsertion {
            Objects.requireNonNull(user, "user");
            salt = Objects.requireNonNull(salt, "salt").clone();
            saltedPassword = Objects.requireNonNull(saltedPassword, "saltedPassword").clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public byte[] saltedPassword() {
            return saltedPassword.clone();
        }

        @Override
        public String toString() {
            return "ScramUpsertion(user=" + user + ", mechanism=" + mechanism + ", iterations=" + iterations
                    + ", salt=[hidden], saltedPassword=[hidden])";
        }
    }

    /** One AlterUserScramCredentials deletion: a user's credential for one mechanism (Kafka's type id). */
    record ScramDeletion(String user, byte mechanism) {
        public ScramDeletion {
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * AlterUserScramCredentials: answered per user, in the order users first appear (deletions first); a user named
     * twice (in any mix of deletions and upsertions) is DUPLICATE_RESOURCE and none of its changes apply.
     */
    record AlterUserScramCredentials(List<ScramDeletion> deletions, List<ScramUpsertion> upsertions)
            implements ControllerCommand<Map<String, ApiError>> {
        public AlterUserScramCredentials {
            deletions = deletions == null ? List.of() : List.copyOf(deletions);
            upsertions = upsertions == null ? List.of() : List.copyOf(upsertions);
        }
    }

    // ---- ACLs (issue 19) ----

    /**
     * CreateAcls: each binding is checked as Kafka checks it and stored under a new id; one outcome per binding, in
     * order (INVALID_REQUEST with a message for a binding that cannot be stored). A binding already held succeeds
     * without a change.
     */
    record CreateAcls(List<AclBinding> acls) implements ControllerCommand<List<ApiError>> {
        public CreateAcls {
            acls = List.copyOf(acls);
        }
    }

    /**
     * DeleteAcls: every ACL selected by a filter is deleted; one result per filter, in order, naming the ACLs it
     * selected (an ACL selected by several filters is deleted once and named under each).
     */
    record DeleteAcls(List<AclBindingFilter> filters) implements ControllerCommand<List<DeleteAcls.FilterResult>> {
        public DeleteAcls {
            filters = List.copyOf(filters);
        }

        /** One filter's outcome: an error (INVALID_REQUEST for an UNKNOWN value), or the ACLs deleted. */
        public record FilterResult(ApiError error, List<AclBinding> deleted) {
            public FilterResult {
                deleted = List.copyOf(deleted);
            }
        }
    }

    // ---- client quotas (issue 19) ----

    /** One (entity type, name) of an AlterClientQuotas entity as sent; a null name is the type's default. */
    record QuotaEntityComponent(String type, String name) {
    }

    /** Set {@code key} to {@code value}, or remove it when {@code remove}. */
    record QuotaOp(String key, double value, boolean remove) {
    }

    /** One AlterClientQuotas entry: an entity as sent (components in request order) and its ops. */
    record QuotaAlteration(List<QuotaEntityComponent> entity, List<QuotaOp> ops) {
        public QuotaAlteration {
            entity = List.copyOf(entity);
            ops = List.copyOf(ops);
        }
    }

    /**
     * AlterClientQuotas: one result per entry, in order; an entry applies whole or not at all. With
     * {@code validateOnly} nothing is written.
     */
    record AlterClientQuotas(List<QuotaAlteration> entries, boolean validateOnly)
            implements ControllerCommand<List<ApiError>> {
        public AlterClientQuotas {
            entries = List.copyOf(entries);
        }
    }
}
