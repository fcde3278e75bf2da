package io.tributary.cluster.controller;

import io.tributary.cluster.metadata.PartitionChangeRecord;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Computes one partition's next leader, ISR and ELR, and the {@link PartitionChangeRecord} that gets it there
 * (or none when nothing changes). The election rules, in order:
 * <ol>
 *   <li>The current leader stays if it is still in the (target) ISR and active — unless a preferred election
 *       asks for the first replica and that replica is in the ISR and active.</li>
 *   <li>Otherwise the first replica, in assignment order, that is in the ISR and active leads.</li>
 *   <li>Otherwise the first active eligible leader replica (ELR) leads; the ISR becomes just it.</li>
 *   <li>Otherwise, if unclean election is allowed, the first active replica leads with an ISR of just itself
 *       (committed records may be lost: that is what "unclean" means).</li>
 *   <li>Otherwise the partition is offline: leader -1.</li>
 * </ol>
 * Removing a broker from the ISR ({@link #removeFromIsr}) never empties the ISR: if it was the last member it
 * stays, as the one replica known to hold every committed record, and the partition waits for it (or for an
 * unclean election). A removal that leaves the ISR smaller than {@code min.insync.replicas} moves the removed
 * broker to the ELR (KIP-966), so it may still be elected cleanly later.
 *
 * <p>Reassignments (KIP-455): {@link #setReassignment} sets new replicas with the ones being added and removed. Every
 * change built here completes a reassignment in progress once the (target) ISR holds every target replica (the
 * replicas but the removing ones): the replicas become the target, the ISR and ELR keep only target replicas, and a
 * leader being removed hands over to the first target replica in the ISR (rule 2) — in the same record, so an ISR
 * expansion or a broker change that completes a reassignment is one decision.
 */
final class PartitionChange {

    private final TopicIdPartition tp;
    private final PartitionRegistration current;
    private final IntPredicate active;
    private final int minIsr;
    private boolean uncleanAllowed;
    private boolean preferPreferred;
    private List<Integer> targetIsr;
    private List<Integer> targetElr;
    private List<Integer> targetReplicas;
    private List<Integer> targetAdding;
    private List<Integer> targetRemoving;

    /**
     * @param tp      the partition
     * @param current its registration now
     * @param active  whether a broker may lead or be in the ISR (unfenced, not shutting down)
     * @param minIsr  the topic's effective {@code min.insync.replicas}
     */
    PartitionChange(TopicIdPartition tp, PartitionRegistration current, IntPredicate active, int minIsr) {
        this.tp = tp;
        this.current = current;
        this.active = active;
        this.minIsr = minIsr;
        this.targetIsr = current.isr();
        this.targetElr = current.elr();
        this.targetReplicas = current.replicas();
        this.targetAdding = current.addingReplicas();
        this.targetRemoving = current.removingReplicas();
    }

    PartitionChange uncleanAllowed(boolean allowed) {
        this.uncleanAllowed = allowed;
        return this;
    }

    /** Elect the preferred (first) replica when it is an active ISR member. */
    PartitionChange preferPreferredLeader() {
        this.preferPreferred = true;
        return this;
    }

    /** Take {@code broker} out of the ISR (fenced, shutting down, unregistered); see the class rules. */
    PartitionChange removeFromIsr(int broker) {
        if (!targetIsr.contains(broker)) {
            return this;
        }
        List<Integer> isr = without(targetIsr, broker);
        if (isr.isEmpty()) {
            return this;
        }
        targetIsr = isr;
        if (isr.size() < minIsr && !targetElr.contains(broker)) {
            targetElr = with(targetElr, broker);
        }
        return this;
    }

    /** Set the ISR a leader proposed; ELR members that rejoin leave the ELR, a full ISR clears it. */
    PartitionChange setIsr(List<Integer> isr) {
        targetIsr = List.copyOf(isr);
        if (isr.size() >= minIsr) {
            targetElr = List.of();
        } else {
            List<Integer> elr = new ArrayList<>(targetElr);
            elr.removeAll(isr);
            targetElr = elr;
        }
        return this;
    }

    /**
     * Sets new replicas (a reassignment begun, changed or reverted) with those being added and removed (both empty:
     * none in progress); the ISR and ELR keep only members among the new replicas. The caller makes sure the ISR
     * keeps a member.
     */
    PartitionChange setReassignment(List<Integer> replicas, List<Integer> adding, List<Integer> removing) {
        targetReplicas = List.copyOf(replicas);
        targetAdding = List.copyOf(adding);
        targetRemoving = List.copyOf(removing);
        targetIsr = retain(targetIsr, targetReplicas);
        targetElr = retain(targetElr, targetReplicas);
        return this;
    }

    /** A reassignment in progress whose target replicas are all in the target ISR becomes the assignment. */
    private void completeReassignment() {
        if (targetAdding.isEmpty() && targetRemoving.isEmpty()) {
            return;
        }
        List<Integer> target = new ArrayList<>(targetReplicas);
        target.removeAll(targetRemoving);
        if (target.isEmpty() || !targetIsr.containsAll(target)) {
            return;
        }
        if (!target.contains(current.leader()) && target.stream().noneMatch(active::test)) {
            return;   // completing would leave the partition without a leader: wait
        }
        targetReplicas = List.copyOf(target);
        targetIsr = retain(targetIsr, target);
        targetElr = retain(targetElr, target);
        targetAdding = List.of();
        targetRemoving = List.of();
    }

    /** The change record, or empty when nothing changes. */
    Optional<PartitionChangeRecord> build() {
        completeReassignment();
        int leader = electLeader();
        List<Integer> isr = targetIsr;
        List<Integer> elr = targetElr;
        if (leader != PartitionRegistration.NO_LEADER && !isr.contains(leader)) {
            List<Integer> newElr = new ArrayList<>(elr);
            newElr.remove(Integer.valueOf(leader));
            if (!elr.contains(leader)) {
                newElr.clear(); // unclean election: nobody else is known to match the new leader's log
            } else {
                for (int r : isr) {
                    if (!newElr.contains(r)) {
                        newElr.add(r);
                    }
                }
            }
            isr = List.of(leader);
            elr = newElr;
        }
        boolean leaderChanged = leader != current.leader();
        boolean isrChanged = !isr.equals(current.isr());
        boolean elrChanged = !elr.equals(current.elr());
        boolean replicasChanged = !targetReplicas.equals(current.replicas());
        boolean addingChanged = !targetAdding.equals(current.addingReplicas());
        boolean removingChanged = !targetRemoving.equals(current.removingReplicas());
        if (!leaderChanged && !isrChanged && !elrChanged && !replicasChanged && !addingChanged && !removingChanged) {
            return Optional.empty();
        }
        return Optional.of(new PartitionChangeRecord(tp.topicId(), tp.partition(),
                leaderChanged ? leader : PartitionChangeRecord.NO_CHANGE,
                isrChanged ? isr : null, elrChanged ? elr : null, replicasChanged ? targetReplicas : null,
                addingChanged ? targetAdding : null, removingChanged ? targetRemoving : null));
    }

    private int electLeader() {
        if (preferPreferred) {
            int preferred = targetReplicas.get(0);
            if (targetIsr.contains(preferred) && active.test(preferred)) {
                return preferred;
            }
        }
        if (current.hasLeader() && targetIsr.contains(current.leader()) && active.test(current.leader())) {
            return current.leader();
        }
        for (int r : targetReplicas) {
            if (targetIsr.contains(r) && active.test(r)) {
                return r;
            }
        }
        for (int r : targetReplicas) {
            if (targetElr.contains(r) && active.test(r)) {
                return r;
            }
        }
        if (uncleanAllowed) {
            for (int r : targetReplicas) {
                if (active.test(r)) {
                    return r;
                }
            }
        }
        return PartitionRegistration.NO_LEADER;
    }

    private static List<Integer> retain(List<Integer> list, List<Integer> allowed) {
        List<Integer> copy = new ArrayList<>(list);
        copy.retainAll(allowed);
        return copy.size() == list.size() ? list : List.copyOf(copy);
    }

    private static List<Integer> without(List<Integer> list, int value) {
        List<Integer> copy = new ArrayList<>(list);
        copy.remove(Integer.valueOf(value));
        return copy;
    }

    private static List<Integer> with(List<Integer> list, int value) {
        List<Integer> copy = new ArrayList<>(list);
        copy.add(value);
        return copy;
    }
}
