package io.tributary.cluster.controller;

import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicImage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the replicas of new partitions, rack-aware and load-balancing, deterministically.
 *
 * <p>For each partition: the leader (first replica) is the usable broker leading the fewest partitions
 * (ties: fewest replicas, then lowest id). Each follower is the broker that, among those not yet chosen,
 * is on a rack this partition does not use yet (while such racks remain), then holds the fewest replicas,
 * then comes soonest after the leader in id order. Loads start from the image and grow with every partition
 * placed, so a batch of topics spreads out as well as one topic does. A broker without a rack counts as a
 * rack of its own.
 */
final class ReplicaPlacer {

    private final Map<Integer, Integer> leaders = new HashMap<>();
    private final Map<Integer, Integer> replicas = new HashMap<>();

    ReplicaPlacer(MetadataImage image) {
        for (TopicImage t : image.topics().values()) {
            for (PartitionRegistration p : t.partitions()) {
                if (p.hasLeader()) {
                    leaders.merge(p.leader(), 1, Integer::sum);
                }
                for (int r : p.replicas()) {
                    replicas.merge(r, 1, Integer::sum);
                }
            }
        }
    }

    /**
     * Replicas for one partition, leader first.
     *
     * @param usable            brokers that may receive replicas, in ascending id order
     * @param replicationFactor replicas wanted; at most {@code usable.size()}
     */
    List<Integer> place(List<BrokerRegistration> usable, int replicationFactor) {
        if (replicationFactor > usable.size()) {
            throw new IllegalArgumentException("replication factor " + replicationFactor + " > "
                    + usable.size() + " brokers");
        }
        BrokerRegistration leader = null;
        for (BrokerRegistration b : usable) {
            if (leader == null || compareLeaderLoad(b, leader) < 0) {
                leader = b;
            }
        }
        List<Integer> chosen = new ArrayList<>(replicationFactor);
        Set<String> racksUsed = new HashSet<>();
        chosen.add(leader.id());
        racksUsed.add(rackOf(leader));
        int leaderIndex = usable.indexOf(leader);
        while (chosen.size() < replicationFactor) {
            boolean freshRackLeft = false;
            for (BrokerRegistration b : usable) {
                if (!chosen.contains(b.id()) && !racksUsed.contains(rackOf(b))) {
                    freshRackLeft = true;
                    break;
                }
            }
            BrokerRegistration best = null;
            int bestDistance = 0;
            for (int step = 1; step < usable.size(); step++) {
                BrokerRegistration b = usable.get((leaderIndex + step) % usable.size());
                if (chosen.contains(b.id()) || (freshRackLeft && racksUsed.contains(rackOf(b)))) {
                    continue;
                }
                if (best == null || replicasOf(b.id()) < replicasOf(best.id())) {
                    best = b;
                    bestDistance = step;
                }
            }
            assert best != null && bestDistance > 0;
            chosen.add(best.id());
            racksUsed.add(rackOf(best));
        }
        leaders.merge(chosen.get(0), 1, Integer::sum);
        for (int r : chosen) {
            replicas.merge(r, 1, Integer::sum);
        }
        return chosen;
    }

    private int compareLeaderLoad(BrokerRegistration a, BrokerRegistration b) {
        int byLeaders = Integer.compare(leaders.getOrDefault(a.id(), 0), leaders.getOrDefault(b.id(), 0));
        if (byLeaders != 0) {
            return byLeaders;
        }
        int byReplicas = Integer.compare(replicasOf(a.id()), replicasOf(b.id()));
        return byReplicas != 0 ? byReplicas : Integer.compare(a.id(), b.id());
    }

    private int replicasOf(int id) {
        return replicas.getOrDefault(id, 0);
    }

    private static String rackOf(BrokerRegistration b) {
        return b.rack() != null ? "rack:" + b.rack() : "broker:" + b.id();
    }
}
