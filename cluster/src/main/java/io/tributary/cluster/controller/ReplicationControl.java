package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterPartition;
import io.tributary.cluster.controller.ControllerCommand.ElectLeaders;
import io.tributary.cluster.controller.ControllerCommand.ElectionType;
import io.tributary.cluster.controller.ControllerCommand.IsrChange;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.PartitionChangeRecord;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.Errors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Leadership and ISR of existing partitions: AlterPartition from leaders, ElectLeaders, and the partition
 * changes that follow a broker becoming unavailable (fenced, shutting down, unregistered) or available again.
 * Election rules are those of {@link PartitionChange}.
 */
final class ReplicationControl {

    private final ConfigControl configs;

    ReplicationControl(ConfigControl configs) {
        this.configs = configs;
    }

    /** Whether a broker may lead or be in an ISR according to {@code image}. */
    static IntPredicate activeIn(MetadataImage image) {
        return id -> {
            BrokerRegistration b = image.broker(id);
            return b != null && b.isActive();
        };
    }

    /**
     * Partition changes for {@code broker} leaving service: it leaves every ISR (see
     * {@link PartitionChange#removeFromIsr}) and its leaderships move to other ISR members where possible.
     */
    List<MetadataRecord> removeBroker(MetadataImage image, int broker) {
        IntPredicate active = activeIn(image).and(id -> id != broker);
        List<MetadataRecord> records = new ArrayList<>();
        for (TopicImage topic : image.topics().values()) {
            int minIsr = -1;
            Boolean unclean = null;
            for (int p = 0; p < topic.partitionCount(); p++) {
                PartitionRegistration reg = topic.partition(p);
                if (!reg.isr().contains(broker) && reg.leader() != broker) {
                    continue;
                }
                if (minIsr < 0) {
                    minIsr = configs.minInsyncReplicas(image, topic.name());
                    unclean = configs.uncleanLeaderElection(image, topic.name());
                }
                new PartitionChange(new TopicIdPartition(topic.id(), p), reg, active, minIsr)
                        .uncleanAllowed(unclean)
                        .removeFromIsr(broker)
                        .build()
                        .ifPresent(records::add);
            }
        }
        return records;
    }

    /** Partition changes for {@code broker} becoming active: leaderless partitions it can lead elect it. */
    List<MetadataRecord> brokerAvailable(MetadataImage image, int broker) {
        IntPredicate active = activeIn(image).or(id -> id == broker);
        List<MetadataRecord> records = new ArrayList<>();
        for (TopicImage topic : image.topics().values()) {
            for (int p = 0; p < topic.partitionCount(); p++) {
                PartitionRegistration reg = topic.partition(p);
                if (reg.hasLeader() || !reg.replicas().contains(broker)) {
                    continue;
                }
                new PartitionChange(new TopicIdPartition(topic.id(), p), reg, active,
                        configs.minInsyncReplicas(image, topic.name()))
                        .uncleanAllowed(configs.uncleanLeaderElection(image, topic.name()))
                        .build()
                        .ifPresent(records::add);
            }
        }
        return records;
    }

    /**
     * Unclean elections for every partition without a leader whose topic allows them
     * ({@code unclean.leader.election.enable} in force) and that has an active replica: the first active replica
     * leads with an ISR of itself ({@link PartitionChange} rule 4, after the ISR and ELR ones). The response lists
     * the partitions that got a leader, in topic-name and partition order.
     */
    ControllerResult<List<TopicPartition>> electUncleanLeaders(MetadataImage image) {
        IntPredicate active = activeIn(image);
        List<MetadataRecord> records = new ArrayList<>();
        List<TopicPartition> elected = new ArrayList<>();
        for (TopicImage topic : image.topics().values()) {
            Boolean unclean = null;
            for (int p = 0; p < topic.partitionCount(); p++) {
                PartitionRegistration reg = topic.partition(p);
                if (reg.hasLeader()) {
                    continue;
                }
                if (unclean == null) {
                    unclean = configs.uncleanLeaderElection(image, topic.name());
                }
                if (!unclean) {
                    break;
                }
                Optional<PartitionChangeRecord> record = new PartitionChange(new TopicIdPartition(topic.id(), p), reg,
                        active, configs.minInsyncReplicas(image, topic.name()))
                        .uncleanAllowed(true)
                        .build();
                if (record.isPresent() && record.get().leader() != PartitionChangeRecord.NO_CHANGE
                        && record.get().leader() != PartitionRegistration.NO_LEADER) {
                    records.add(record.get());
                    elected.add(new TopicPartition(topic.name(), p));
                }
            }
        }
        return ControllerResult.of(records, elected);
    }

    ControllerResult<AlterPartition.Result> alterPartition(MetadataImage image, AlterPartition cmd) {
        BrokerRegistration requester = image.broker(cmd.brokerId());
        if (requester == null || requester.epoch() != cmd.brokerEpoch()) {
            return ControllerResult.noRecords(new AlterPartition.Result(Errors.STALE_BROKER_EPOCH, Map.of()));
        }
        IntPredicate active = activeIn(image);
        List<MetadataRecord> records = new ArrayList<>();
        Map<TopicIdPartition, AlterPartition.PartitionResult> results = new LinkedHashMap<>();
        for (IsrChange change : cmd.changes()) {
            TopicIdPartition tp = change.partition();
            TopicImage topic = image.topic(tp.topicId());
            if (topic == null) {
                results.put(tp, new AlterPartition.PartitionResult(ApiError.of(Errors.UNKNOWN_TOPIC_ID), null));
                continue;
            }
            PartitionRegistration reg = topic.partition(tp.partition());
            ApiError error = validate(cmd.brokerId(), reg, change, active);
            if (!error.isSuccess()) {
                results.put(tp, new AlterPartition.PartitionResult(error, null));
                continue;
            }
            Optional<PartitionChangeRecord> record = new PartitionChange(tp, reg, active,
                    configs.minInsyncReplicas(image, topic.name()))
                    .setIsr(change.newIsr())
                    .build();
            PartitionRegistration after = reg;
            if (record.isPresent()) {
                records.add(record.get());
                after = reg.apply(record.get());
            }
            results.put(tp, new AlterPartition.PartitionResult(ApiError.NONE, after));
        }
        return ControllerResult.of(records, new AlterPartition.Result(Errors.NONE, results));
    }

    /** Kafka's checks, in Kafka's order, so a leader sees the error code it expects. */
    private static ApiError validate(int brokerId, PartitionRegistration reg, IsrChange change,
                                     IntPredicate active) {
        if (reg == null) {
            return ApiError.of(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (change.leaderEpoch() > reg.leaderEpoch() || change.partitionEpoch() > reg.partitionEpoch()) {
            return ApiError.of(Errors.NOT_CONTROLLER, "the request is newer than this controller's state");
        }
        if (change.leaderEpoch() < reg.leaderEpoch()) {
            return ApiError.of(Errors.FENCED_LEADER_EPOCH,
                    "leader epoch " + change.leaderEpoch() + " is older than " + reg.leaderEpoch());
        }
        if (brokerId != reg.leader()) {
            return ApiError.of(Errors.INVALID_REQUEST, "broker " + brokerId + " is not the leader");
        }
        if (change.partitionEpoch() < reg.partitionEpoch()) {
            return ApiError.of(Errors.INVALID_UPDATE_VERSION,
                    "partition epoch " + change.partitionEpoch() + " is older than " + reg.partitionEpoch());
        }
        Set<Integer> seen = new HashSet<>();
        for (int r : change.newIsr()) {
            if (!reg.replicas().contains(r) || !seen.add(r)) {
                return ApiError.of(Errors.INVALID_REQUEST, "invalid ISR " + change.newIsr());
            }
        }
        if (!change.newIsr().contains(reg.leader())) {
            return ApiError.of(Errors.INVALID_REQUEST, "the ISR must include the leader");
        }
        for (int r : change.newIsr()) {
            if (!active.test(r)) {
                return ApiError.of(Errors.INELIGIBLE_REPLICA, "replica " + r + " is fenced or shutting down");
            }
        }
        return ApiError.NONE;
    }

    ControllerResult<Map<TopicPartition, ApiError>> electLeaders(MetadataImage image, ElectLeaders cmd) {
        IntPredicate active = activeIn(image);
        List<TopicPartition> targets = cmd.partitions();
        boolean all = targets == null;
        if (all) {
            targets = new ArrayList<>();
            for (TopicImage t : image.topics().values()) {
                for (int p = 0; p < t.partitionCount(); p++) {
                    targets.add(new TopicPartition(t.name(), p));
                }
            }
        }
        List<MetadataRecord> records = new ArrayList<>();
        Map<TopicPartition, ApiError> results = new LinkedHashMap<>();
        Set<TopicPartition> done = new HashSet<>();
        for (TopicPartition tp : targets) {
            if (!done.add(tp)) {
                continue;
            }
            TopicImage topic = image.topic(tp.topic());
            PartitionRegistration reg = topic == null ? null : topic.partition(tp.partition());
            if (reg == null) {
                results.put(tp, ApiError.of(Errors.UNKNOWN_TOPIC_OR_PARTITION));
                continue;
            }
            TopicIdPartition id = new TopicIdPartition(topic.id(), tp.partition());
            ApiError error;
            if (cmd.type() == ElectionType.PREFERRED) {
                error = electPreferred(image, topic, id, reg, active, records);
            } else {
                error = electUnclean(image, topic, id, reg, active, records);
            }
            if (!(all && error.error() == Errors.ELECTION_NOT_NEEDED)) {
                results.put(tp, error);
            }
        }
        return ControllerResult.of(records, results);
    }

    private ApiError electPreferred(MetadataImage image, TopicImage topic, TopicIdPartition id,
                                   PartitionRegistration reg, IntPredicate active, List<MetadataRecord> records) {
        int preferred = reg.preferredLeader();
        if (reg.leader() == preferred) {
            return ApiError.of(Errors.ELECTION_NOT_NEEDED);
        }
        if (!reg.isr().contains(preferred) || !active.test(preferred)) {
            return ApiError.of(Errors.PREFERRED_LEADER_NOT_AVAILABLE,
                    "preferred leader " + preferred + " is not an active ISR member");
        }
        new PartitionChange(id, reg, active, configs.minInsyncReplicas(image, topic.name()))
                .preferPreferredLeader()
                .build()
                .ifPresent(records::add);
        return ApiError.NONE;
    }

    private ApiError electUnclean(MetadataImage image, TopicImage topic, TopicIdPartition id,
                                  PartitionRegistration reg, IntPredicate active, List<MetadataRecord> records) {
        if (reg.hasLeader()) {
            return ApiError.of(Errors.ELECTION_NOT_NEEDED);
        }
        Optional<PartitionChangeRecord> record = new PartitionChange(id, reg, active,
                configs.minInsyncReplicas(image, topic.name()))
                .uncleanAllowed(true)
                .build();
        if (record.isEmpty() || record.get().leader() == PartitionChangeRecord.NO_CHANGE
                || record.get().leader() == PartitionRegistration.NO_LEADER) {
            return ApiError.of(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE, "no live replica can lead " + topic.name()
                    + "-" + id.partition());
        }
        records.add(record.get());
        return ApiError.NONE;
    }
}
