package io.tributary.cluster.metadata;

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
 * @param replicas       assigned replicas, preferred leader first
 * @param isr            in-sync replicas
 * @param elr            eligible leader replicas (not in the ISR)
 * @param leader         leading broker, or {@link #NO_LEADER}
 * @param leaderEpoch    epoch of the current leadership
 * @param partitionEpoch version of this registration
 */
public record PartitionRegistration(List<Integer> replicas, List<Integer> isr, List<Integer> elr, int leader,
                                    int leaderEpoch, int partitionEpoch) {
    /** The leader id of a partition that has none (offline). */
    public static final int NO_LEADER = -1;

    public PartitionRegistration {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        elr = List.copyOf(elr);
    }

    /** The first assigned replica: the leader that preferred-leader election aims for. */
    public int preferredLeader() {
        return replicas.get(0);
    }

    public boolean hasLeader() {
        return leader != NO_LEADER;
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
                partitionEpoch + 1);
    }
}
