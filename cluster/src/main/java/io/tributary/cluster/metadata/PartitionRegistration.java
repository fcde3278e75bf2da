package io.tributary.cluster.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * The replication state of one partition.
 *
 * <p>{@code leaderEpoch} grows every time the leader changes; {@code partitionEpoch} grows on every change
 * of any field, so a leader proposing an ISR change proves which version it saw. {@code elr} is the list of
 * eligible leader replicas (KIP-966): replicas removed from an ISR that had shrunk below
 * {@code min.insync.replicas}, which are known to hold every committed record and so may still be elected
 * cleanly when the ISR empties.
 *
 * <p>While a reassignment (KIP-455) is in progress, {@code replicas} is the union of the target replicas (first, in
 * the target's order) and the replicas being removed; {@code addingReplicas} are the target replicas the partition
 * did not have, {@code removingReplicas} the current ones the target leaves out. Both are empty otherwise. The
 * reassignment completes once every target replica is in the ISR: the replicas become the target.
 *
 * @param replicas         assigned replicas, preferred leader first
 * @param isr              in-sync replicas
 * @param elr              eligible leader replicas (not in the ISR)
 * @param leader           leading broker, or {@link #NO_LEADER}
 * @param leaderEpoch      epoch of the current leadership
 * @param partitionEpoch   version of this registration
 * @param addingReplicas   replicas a reassignment in progress adds (a subset of {@code replicas})
 * @param removingReplicas replicas a reassignment in progress removes (a subset of {@code replicas})
 */
public record PartitionRegistration(List<Integer> replicas, List<Integer> isr, List<Integer> elr, int leader,
                                    int leaderEpoch, int partitionEpoch, List<Integer> addingReplicas,
                                    List<Integer> removingReplicas) {
    /** The leader id of a partition that has none (offline). */
    public static final int NO_LEADER = -1;

    public PartitionRegistration {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        elr = List.copyOf(elr);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }

    /** A registration with no reassignment in progress. */
    public PartitionRegistration(List<Integer> replicas, List<Integer> isr, List<Integer> elr, int leader,
                                 int leaderEpoch, int partitionEpoch) {
        this(replicas, isr, elr, leader, leaderEpoch, partitionEpoch, List.of(), List.of());
    }

    /** The first assigned replica: the leader that preferred-leader election aims for. */
    public int preferredLeader() {
        return replicas.get(0);
    }

    public boolean hasLeader() {
        return leader != NO_LEADER;
    }

    /** Whether a reassignment is in progress (replicas being added or removed). */
    public boolean isReassigning() {
        return !addingReplicas.isEmpty() || !removingReplicas.isEmpty();
    }

    /** The replicas the partition will have once its reassignment completes: all of them when none is in progress. */
    public List<Integer> targetReplicas() {
        if (removingReplicas.isEmpty()) {
            return replicas;
        }
        List<Integer> target = new ArrayList<>(replicas);
        target.removeAll(removingReplicas);
        return List.copyOf(target);
    }

    /** The replicas the partition had before its reassignment began: all of them when none is in progress. */
    public List<Integer> originalReplicas() {
        if (addingReplicas.isEmpty()) {
            return replicas;
        }
        List<Integer> original = new ArrayList<>(replicas);
        original.removeAll(addingReplicas);
        return List.copyOf(original);
    }

    /** This registration after a change record; epochs move as {@link PartitionChangeRecord} documents. */
    public PartitionRegistration apply(PartitionChangeRecord change) {
        boolean leaderChanges = change.leader() != PartitionChangeRecord.NO_CHANGE && change.leader() != leader;
        return new PartitionRegistration(
                change.replicas() == null ? replicas : change.replicas(),
                change.isr() == null ? isr : change.isr(),
                change.elr() == null ? elr : change.elr(),
                leaderChanges ? change.leader() : leader,
                leaderChanges ? leaderEpoch + 1 : leaderEpoch,
                partitionEpoch + 1,
                change.addingReplicas() == null ? addingReplicas : change.addingReplicas(),
                change.removingReplicas() == null ? removingReplicas : change.removingReplicas());
    }
}
