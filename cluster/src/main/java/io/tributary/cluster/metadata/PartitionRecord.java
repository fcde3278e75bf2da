package io.tributary.cluster.metadata;

import java.util.List;
import java.util.UUID;

/**
 * A partition's full registration (a new partition, or one written into a snapshot). Type 5.
 *
 * @param topicId          the topic
 * @param partitionId      the partition index
 * @param replicas         assigned replicas, preferred first
 * @param isr              in-sync replicas
 * @param elr              eligible leader replicas
 * @param leader           leader id or -1
 * @param leaderEpoch      leader epoch
 * @param partitionEpoch   partition epoch
 * @param addingReplicas   replicas an ongoing reassignment adds (empty: none)
 * @param removingReplicas replicas an ongoing reassignment removes (empty: none)
 */
public record PartitionRecord(UUID topicId, int partitionId, List<Integer> replicas, List<Integer> isr,
                              List<Integer> elr, int leader, int leaderEpoch, int partitionEpoch,
                              List<Integer> addingReplicas, List<Integer> removingReplicas)
        implements MetadataRecord {
    public PartitionRecord {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        elr = List.copyOf(elr);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }

    /** A partition with no reassignment in progress. */
    public PartitionRecord(UUID topicId, int partitionId, List<Integer> replicas, List<Integer> isr,
                           List<Integer> elr, int leader, int leaderEpoch, int partitionEpoch) {
        this(topicId, partitionId, replicas, isr, elr, leader, leaderEpoch, partitionEpoch, List.of(), List.of());
    }

    public PartitionRegistration registration() {
        return new PartitionRegistration(replicas, isr, elr, leader, leaderEpoch, partitionEpoch, addingReplicas,
                removingReplicas);
    }

    public static PartitionRecord of(UUID topicId, int partitionId, PartitionRegistration p) {
        return new PartitionRecord(topicId, partitionId, p.replicas(), p.isr(), p.elr(), p.leader(),
                p.leaderEpoch(), p.partitionEpoch(), p.addingReplicas(), p.removingReplicas());
    }
}
