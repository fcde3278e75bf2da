package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterPartitionReassignments;
import io.tributary.cluster.controller.ControllerCommand.ListPartitionReassignments;
import io.tributary.cluster.controller.ControllerCommand.Reassignment;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.Errors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Partition reassignments (KIP-455): AlterPartitionReassignments and ListPartitionReassignments.
 *
 * <p>Reassigning a partition from replicas R to target T makes its replicas T followed by R − T, with
 * {@code addingReplicas} T − R and {@code removingReplicas} R − T (in one {@code PartitionChangeRecord}). The adding
 * replicas start following and, once caught up, are let into the ISR by the leader (AlterPartition); the change that
 * shows every target replica in the ISR completes the reassignment ({@link PartitionChange}): replicas T, ISR ∩ T, and
 * a new leader from T if the old one was removed. A target already in the ISR completes at once. A new target for a
 * partition being reassigned replaces the old one (computed from the original replicas, R = replicas − adding; ISR
 * members among the new replicas stay in the ISR). Cancelling (a null target) reverts to R: the adding replicas leave
 * the replicas and the ISR (and the leadership, if one of them led).
 *
 * <p>Errors, as Kafka gives them: UNKNOWN_TOPIC_OR_PARTITION; INVALID_REPLICA_ASSIGNMENT for an empty target, a
 * broker named twice, a broker id that is not registered, or a change that would leave no ISR member (unless the
 * topic allows unclean elections); INVALID_REPLICATION_FACTOR for a target of another size when the request does not
 * allow replication factor changes; NO_REASSIGNMENT_IN_PROGRESS for cancelling none.
 */
final class ReassignmentControl {

    private final ConfigControl configs;

    ReassignmentControl(ConfigControl configs) {
        this.configs = configs;
    }

    ControllerResult<Map<TopicPartition, ApiError>> alter(MetadataImage image, AlterPartitionReassignments cmd) {
        List<MetadataRecord> records = new ArrayList<>();
        Map<TopicPartition, ApiError> results = new LinkedHashMap<>();
        MetadataImage working = image;
        for (Reassignment r : cmd.partitions()) {
            List<MetadataRecord> these = new ArrayList<>();
            ApiError error = reassign(working, r, cmd.allowReplicationFactorChange(), these);
            results.put(r.partition(), error);
            if (!these.isEmpty()) {
                records.addAll(these);
                // a partition named twice: its second entry sees the first's outcome
                working = new MetadataDelta(working).replayAll(these).apply(working.offset());
            }
        }
        return ControllerResult.of(records, results);
    }

    private ApiError reassign(MetadataImage image, Reassignment r, boolean allowReplicationFactorChange,
                              List<MetadataRecord> records) {
        TopicImage topic = image.topic(r.partition().topic());
        PartitionRegistration reg = topic == null ? null : topic.partition(r.partition().partition());
        if (reg == null) {
            return ApiError.of(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        TopicIdPartition id = new TopicIdPartition(topic.id(), r.partition().partition());
        List<Integer> original = reg.originalReplicas();
        List<Integer> target = r.targetReplicas();
        if (target == null) {
            if (!reg.isReassigning()) {
                return ApiError.of(Errors.NO_REASSIGNMENT_IN_PROGRESS);
            }
            return change(image, topic, id, reg, original, List.of(), List.of(), records);
        }
        ApiError invalid = validateTarget(image, target);
        if (invalid != null) {
            return invalid;
        }
        if (!allowReplicationFactorChange && target.size() != original.size()) {
            return ApiError.of(Errors.INVALID_REPLICATION_FACTOR, "The replication factor of " + r.partition()
                    + " would change from " + original.size() + " to " + target.size()
                    + ", which the request does not allow.");
        }
        List<Integer> adding = new ArrayList<>(target);
        adding.removeAll(original);
        List<Integer> removing = new ArrayList<>(original);
        removing.removeAll(target);
        List<Integer> replicas = new ArrayList<>(target);
        replicas.addAll(removing);
        return change(image, topic, id, reg, replicas, adding, removing, records);
    }

    /** Null if every target replica is a distinct registered broker and there is at least one. */
    private static ApiError validateTarget(MetadataImage image, List<Integer> target) {
        if (target.isEmpty()) {
            return ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT,
                    "The manual partition assignment includes an empty replica list.");
        }
        Set<Integer> seen = new HashSet<>();
        for (int b : target) {
            if (!seen.add(b)) {
                return ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "The manual partition assignment includes broker " + b + " more than once.");
            }
            if (image.broker(b) == null) {
                return ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "The manual partition assignment includes broker " + b + ", but no such broker is "
                                + "registered.");
            }
        }
        return null;
    }

    private ApiError change(MetadataImage image, TopicImage topic, TopicIdPartition id, PartitionRegistration reg,
                            List<Integer> replicas, List<Integer> adding, List<Integer> removing,
                            List<MetadataRecord> records) {
        boolean unclean = configs.uncleanLeaderElection(image, topic.name());
        if (reg.isr().stream().noneMatch(replicas::contains) && !unclean) {
            return ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT, "Unable to change the replicas of "
                    + topic.name() + "-" + id.partition() + " to " + replicas + ": no member of its ISR " + reg.isr()
                    + " would be left, which would need an unclean leader election.");
        }
        IntPredicate active = ReplicationControl.activeIn(image);
        new PartitionChange(id, reg, active, configs.minInsyncReplicas(image, topic.name()))
                .uncleanAllowed(unclean)
                .setReassignment(replicas, adding, removing)
                .build()
                .ifPresent(records::add);
        return ApiError.NONE;
    }

    ControllerResult<Map<TopicPartition, ListPartitionReassignments.Ongoing>> list(MetadataImage image,
                                                                                 ListPartitionReassignments cmd) {
        Map<TopicPartition, ListPartitionReassignments.Ongoing> ongoing = new LinkedHashMap<>();
        if (cmd.partitions() == null) {
            for (TopicImage t : image.topics().values()) {
                for (int p = 0; p < t.partitionCount(); p++) {
                    addIfReassigning(ongoing, new TopicPartition(t.name(), p), t.partition(p));
                }
            }
        } else {
            for (TopicPartition tp : cmd.partitions()) {
                TopicImage t = image.topic(tp.topic());
                addIfReassigning(ongoing, tp, t == null ? null : t.partition(tp.partition()));
            }
        }
        return ControllerResult.noRecords(ongoing);
    }

    private static void addIfReassigning(Map<TopicPartition, ListPartitionReassignments.Ongoing> out,
                                         TopicPartition tp, PartitionRegistration reg) {
        if (reg != null && reg.isReassigning()) {
            out.put(tp, new ListPartitionReassignments.Ongoing(reg.replicas(), reg.addingReplicas(),
                    reg.removingReplicas()));
        }
    }
}
