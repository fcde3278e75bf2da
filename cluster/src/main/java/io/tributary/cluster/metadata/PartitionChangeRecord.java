package io.tributary.cluster.metadata;

import java.util.List;
import java.util.UUID;

/**
 * A change to an existing partition. Type 6. A null list or a leader of {@link #NO_CHANGE} leaves that field
 * as it was. Applying it always increments the partition epoch, and increments the leader epoch when the
 * leader changes to a different value (including to or from -1).
 *
 * @param topicId          the topic
 * @param partitionId      the partition index
 * @param leader           new leader, -1 for none, or {@link #NO_CHANGE}
 * @param isr              new ISR, or null
 * @param elr              new eligible leader replicas, or null
 * @param replicas         new replica assignment, or null
 * @param addingReplicas   new replicas being added by a reassignment (empty: none), or null
 * @param removingReplicas new replicas being removed by a reassignment (empty: none), or null
 */
public record PartitionChangeRecord(UUID topicId, int partitionId, int leader, List<Integer> isr,
                                    List<Integer> elr, List<Integer> replicas, List<Integer> addingReplicas,
                                    List<Integer> removingReplicas) implements MetadataRecord {
    /** The leader value meaning "leader unchanged". */
    public static final int NO_CHANGE = -2;

    public PartitionChangeRecord {
        isr = isr == null ? null : List.copyOf(isr);
        elr = elr == null ? null : List.copyOf(elr);
        replicas = replicas == null ? null : List.copyOf(replicas);
        addingReplicas = addingReplicas == null ? null : List.copyOf(addingReplicas);
        removingReplicas = removingReplicas == null ? null : List.copyOf(removingReplicas);
    }

    /** A change that leaves any reassignment as it is. */
    public PartitionChangeRecord(UUID topicId, int partitionId, int leader, List<Integer> isr, List<Integer> elr,
                                 List<Integer> replicas) {
        this(topicId, partitionId, leader, isr, elr, replicas, null, null);
    }
}
