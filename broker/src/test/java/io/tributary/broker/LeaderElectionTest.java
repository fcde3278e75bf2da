package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ElectLeadersRequestData;
import io.tributary.protocol.message.ElectLeadersResponseData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leadership going back to the preferred replica among three in-process nodes: a preferred replica that was stopped
 * and started again (a new {@link BrokerServer} on the same {@link BrokerConfig}) rejoins the ISR as a follower; an
 * ElectLeaders request — Admin's, which goes to the active controller, and one sent to another node, which forwards
 * it — makes it the leader again, and a second one answers ELECTION_NOT_NEEDED. With
 * {@code auto.leader.rebalance.enable} the active controller does the same on its own.
 */
class LeaderElectionTest {

    @TempDir
    Path dir;

    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The nodes by role: a preferred replica that is not the active controller, the controller, the third. */
    private record Roles(int preferred, int controller, int third) {
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions preferring a node that is not the active controller
     * (so the quorum keeps its leader while that node restarts), stops that node, waits for its leaderships to move,
     * starts it again and waits until it is back in every ISR.
     */
    private Roles preferredReplicaRestarts(String topic, int partitions) throws Exception {
        Admin admin = cluster.admin();
        int controller = admin.describeCluster().controller().get().id();
        int preferred = controller == 1 ? 2 : 1;
        int third = 6 - controller - preferred;
        Map<Integer, List<Integer>> assignments = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            assignments.put(p, p % 2 == 0 ? List.of(preferred, controller, third) : List.of(preferred, third,
                    controller));
        }
        cluster.createTopic(new NewTopic(topic, assignments));
        assertThat(leaders(topic)).containsOnly(preferred);

        cluster.stop(preferred - 1);
        TestBroker.await("the leaderships moved off node " + preferred, TestCluster.DEADLINE,
                () -> everyPartition(leaders(topic), partitions, l -> l > 0 && l != preferred));
        cluster.start(preferred - 1);
        TestBroker.await("node " + preferred + " is back in every ISR", TestCluster.DEADLINE,
                () -> everyPartition(cluster.partitionInfo(topic), partitions, p -> p.isr().size() == 3));
        return new Roles(preferred, controller, third);
    }

    /** Whether {@code described} has all {@code partitions} (the description did not fail) and each passes. */
    private static <T> boolean everyPartition(List<T> described, int partitions, Predicate<T> condition) {
        return described.size() == partitions && described.stream().allMatch(condition);
    }

    /** Each partition's leader id as Admin describes it (-1: none, or the description failed). */
    private List<Integer> leaders(String topic) {
        return cluster.partitionInfo(topic).stream().map(p -> p.leader() == null ? -1 : p.leader().id()).toList();
    }

    @Test
    void preferredElectionGivesTheRestartedReplicaItsLeadershipBack() throws Exception {
        cluster = TestCluster.start(dir, Map.of("auto.leader.rebalance.enable", "false"));
        Roles roles = preferredReplicaRestarts("elect", 2);
        assertThat(leaders("elect")).as("no election yet").doesNotContain(roles.preferred());
        Admin admin = cluster.admin();
        TopicPartition p0 = new TopicPartition("elect", 0);
        TopicPartition p1 = new TopicPartition("elect", 1);

        // Admin sends ElectLeaders to the active controller
        Map<TopicPartition, Optional<Throwable>> first = admin.electLeaders(ElectionType.PREFERRED, Set.of(p0))
                .partitions().get();
        assertThat(first).containsOnly(Map.entry(p0, Optional.empty()));
        TestBroker.await("node " + roles.preferred() + " leads elect-0", TestCluster.DEADLINE,
                () -> {
                    List<Integer> now = leaders("elect");
                    return now.size() == 2 && now.get(0) == roles.preferred();
                });

        // a node that is not the controller forwards it, and answers once its own metadata shows the new leader
        int active = admin.describeCluster().controller().get().id();
        BrokerServer forwarder = cluster.nodes[(active == roles.third() ? roles.preferred() : roles.third()) - 1];
        try (RawClient client = new RawClient(forwarder.boundAddress())) {
            ElectLeadersResponseData r = (ElectLeadersResponseData) client.send(new ElectLeadersRequestData()
                    .setElectionType((byte) 0).setTopicPartitions(List.of(new ElectLeadersRequestData.TopicPartitions()
                            .setTopic("elect").setPartitions(List.of(1)))), (short) 2);
            assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(r.replicaElectionResults()).singleElement().satisfies(t -> {
                assertThat(t.topic()).isEqualTo("elect");
                assertThat(t.partitionResult()).singleElement().satisfies(p -> {
                    assertThat(p.partitionId()).isEqualTo(1);
                    assertThat(p.errorCode()).isEqualTo(Errors.NONE.code());
                });
            });
            MetadataImage seen = forwarder.partitions().publishedImage();
            assertThat(seen.topic("elect").partition(1).leader()).isEqualTo(roles.preferred());

            // v0 (no election type, no top-level error): the same partition needs no election now
            ElectLeadersResponseData v0 = (ElectLeadersResponseData) client.send(new ElectLeadersRequestData()
                    .setTopicPartitions(List.of(new ElectLeadersRequestData.TopicPartitions().setTopic("elect")
                            .setPartitions(List.of(1)))), (short) 0);
            assertThat(v0.replicaElectionResults().get(0).partitionResult().get(0).errorCode())
                    .isEqualTo(Errors.ELECTION_NOT_NEEDED.code());
        }
        TestBroker.await("Admin sees node " + roles.preferred() + " lead everything", TestCluster.DEADLINE,
                () -> everyPartition(leaders("elect"), 2, l -> l == roles.preferred()));

        // a second election is not needed
        Map<TopicPartition, Optional<Throwable>> second = admin.electLeaders(ElectionType.PREFERRED,
                Set.of(p0, p1)).partitions().get();
        assertThat(second).containsOnlyKeys(p0, p1);
        assertThat(second.values()).allSatisfy(e -> assertThat(e).get().isInstanceOf(
                ElectionNotNeededException.class));
        // all partitions: as Kafka, the ones needing no election are left out
        assertThat(admin.electLeaders(ElectionType.PREFERRED, null).partitions().get()).isEmpty();
        TopicPartition unknown = new TopicPartition("elect", 9);
        assertThat(admin.electLeaders(ElectionType.PREFERRED, Set.of(unknown)).partitions().get().get(unknown))
                .get().isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void theActiveControllerBalancesLeadershipOnItsOwn() throws Exception {
        cluster = TestCluster.start(dir, Map.of("leader.imbalance.check.interval.seconds", "1"));
        Roles roles = preferredReplicaRestarts("auto", 2);
        TestBroker.await("node " + roles.preferred() + " leads again without being asked", TestCluster.DEADLINE,
                () -> everyPartition(leaders("auto"), 2, l -> l == roles.preferred()));
        assertThat(cluster.partitionInfo("auto")).hasSize(2).allSatisfy(p -> assertThat(p.isr()).hasSize(3));
        assertThat(cluster.admin().electLeaders(ElectionType.PREFERRED, null).partitions().get()).isEmpty();
    }
}
