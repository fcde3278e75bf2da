package io.tributary.cluster.controller;

import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicImage;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaPlacementTest {

    @Test
    void leadersAndReplicasAreSpreadEvenlyAcrossBrokers() {
        ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);
        for (int b = 1; b <= 4; b++) {
            h.addBroker(b, null);
        }
        for (int t = 0; t < 10; t++) {
            h.createTopic("t" + t, 6, 3);
        }
        Map<Integer, Integer> leaders = new HashMap<>();
        Map<Integer, Integer> replicas = new HashMap<>();
        for (TopicImage t : h.image.topics().values()) {
            for (PartitionRegistration p : t.partitions()) {
                leaders.merge(p.leader(), 1, Integer::sum);
                p.replicas().forEach(r -> replicas.merge(r, 1, Integer::sum));
            }
        }
        assertThat(leaders.values()).containsOnly(15);
        assertThat(replicas.values()).containsOnly(45);
    }

    @Test
    void replicasOfAPartitionGoToDistinctRacksWhileRacksRemain() {
        ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);
        h.addBroker(1, "a");
        h.addBroker(2, "a");
        h.addBroker(3, "b");
        h.addBroker(4, "b");
        h.addBroker(5, "c");
        h.addBroker(6, "c");
        h.createTopic("t", 30, 3);
        Map<Integer, String> rackOf = Map.of(1, "a", 2, "a", 3, "b", 4, "b", 5, "c", 6, "c");
        Map<Integer, Integer> leaders = new HashMap<>();
        for (PartitionRegistration p : h.topic("t").partitions()) {
            Set<String> racks = new HashSet<>();
            p.replicas().forEach(r -> racks.add(rackOf.get(r)));
            assertThat(racks).as("racks of %s", p.replicas()).hasSize(3);
            leaders.merge(p.leader(), 1, Integer::sum);
        }
        assertThat(leaders.values()).containsOnly(5);
    }

    @Test
    void placementIsDeterministic() {
        ControllerHarness a = new ControllerHarness(ControllerConfig.DEFAULTS);
        ControllerHarness b = new ControllerHarness(ControllerConfig.DEFAULTS);
        for (ControllerHarness h : new ControllerHarness[] {a, b}) {
            for (int id = 1; id <= 5; id++) {
                h.addBroker(id, id % 2 == 0 ? "even" : "odd");
            }
            h.createTopic("x", 17, 3);
            h.createTopic("y", 5, 2);
        }
        assertThat(a.image.sameContent(b.image)).isTrue();
    }
}
