package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.BrokerHeartbeat;
import io.tributary.cluster.controller.ControllerCommand.ConfigOp;
import io.tributary.cluster.controller.ControllerCommand.ElectLeaders;
import io.tributary.cluster.controller.ControllerCommand.ElectionType;
import io.tributary.cluster.controller.ControllerCommand.IncrementalAlterConfigs;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.controller.ControllerCommand.OpType;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fencing, controlled shutdown, unclean and preferred election: who leads afterwards, and with what ISR. */
class LeaderElectionTest {

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);

    private void brokers(int n) {
        for (int b = 1; b <= n; b++) {
            h.addBroker(b, null);
        }
    }

    /** Fences {@code broker} by letting its session expire while the others heartbeat. */
    private void fence(int broker, int... others) {
        h.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        h.heartbeatAll(others);
        assertThat(h.expireSessions()).containsExactly(broker);
    }

    private void manualTopic(String name, List<Integer> replicas) {
        assertThat(h.createTopic(new NewTopic(name, -1, (short) -1, Map.of(0, replicas), Map.of())).error())
                .isEqualTo(ApiError.NONE);
    }

    @Test
    void fencedLeaderIsReplacedByTheNextInSyncReplicaWithABumpedLeaderEpoch() {
        brokers(3);
        manualTopic("t", List.of(1, 2, 3));
        fence(1, 2, 3);
        PartitionRegistration p = h.partition("t", 0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.isr()).containsExactly(2, 3);
        assertThat(p.leaderEpoch()).isEqualTo(1);
        assertThat(p.partitionEpoch()).isEqualTo(1);
    }

    @Test
    void fencedFollowerOnlyLeavesTheIsrAndTheLeaderEpochStays() {
        brokers(3);
        manualTopic("t", List.of(1, 2, 3));
        fence(3, 1, 2);
        PartitionRegistration p = h.partition("t", 0);
        assertThat(p.leader()).isEqualTo(1);
        assertThat(p.isr()).containsExactly(1, 2);
        assertThat(p.leaderEpoch()).isZero();
        assertThat(p.partitionEpoch()).isEqualTo(1);
    }

    @Test
    void lastIsrMemberFencedLeavesThePartitionOfflineWhenUncleanElectionIsOff() {
        brokers(2);
        manualTopic("t", List.of(1, 2));
        fence(2, 1);                       // ISR [1]
        fence(1);                          // the only in-sync replica goes away
        PartitionRegistration p = h.partition("t", 0);
        assertThat(p.leader()).isEqualTo(PartitionRegistration.NO_LEADER);
        assertThat(p.isr()).containsExactly(1);

        // broker 2 comes back: it is not in sync, so it may not lead
        h.heartbeat(2);
        assertThat(h.image.broker(2).fenced()).isFalse();
        assertThat(h.partition("t", 0).leader()).isEqualTo(PartitionRegistration.NO_LEADER);

        // broker 1, the last in-sync replica, comes back and leads again
        h.heartbeat(1);
        assertThat(h.partition("t", 0).leader()).isEqualTo(1);
    }

    @Test
    void uncleanElectionEnabledLetsAnOutOfSyncReplicaLeadAlone() {
        ControllerHarness u = new ControllerHarness(ControllerConfig.DEFAULTS.withUncleanLeaderElection(true));
        u.addBroker(1, null);
        u.addBroker(2, null);
        u.createTopic(new NewTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()));
        u.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        u.heartbeat(1);
        u.expireSessions();                // 2 fenced, ISR [1]
        u.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        u.expireSessions();                // 1 fenced too: offline
        assertThat(u.partition("t", 0).leader()).isEqualTo(PartitionRegistration.NO_LEADER);

        u.heartbeat(2);                    // out-of-sync 2 returns: unclean election lets it lead
        PartitionRegistration p = u.partition("t", 0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.isr()).containsExactly(2);
    }

    @Test
    void topicLevelUncleanOverrideWinsOverTheClusterDefault() {
        brokers(2);
        manualTopic("t", List.of(1, 2));
        var alter = h.run(new IncrementalAlterConfigs(Map.of(ConfigResource.topic("t"),
                List.of(new ConfigOp("unclean.leader.election.enable", OpType.SET, "true"))), false));
        assertThat(alter.get(ConfigResource.topic("t"))).isEqualTo(ApiError.NONE);
        fence(2, 1);
        fence(1);
        h.heartbeat(2);
        assertThat(h.partition("t", 0).leader()).isEqualTo(2);
    }

    @Test
    void uncleanElectLeadersRequestRevivesAnOfflinePartitionOnlyWhenAReplicaIsAlive() {
        brokers(2);
        manualTopic("t", List.of(1, 2));
        fence(2, 1);
        fence(1);
        TopicPartition tp = new TopicPartition("t", 0);
        var none = h.run(new ElectLeaders(ElectionType.UNCLEAN, List.of(tp)));
        assertThat(none.get(tp).error()).isEqualTo(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);

        h.run(new BrokerHeartbeat(2, h.epochs.get(2), false, false));
        var elected = h.run(new ElectLeaders(ElectionType.UNCLEAN, List.of(tp)));
        assertThat(elected.get(tp)).isEqualTo(ApiError.NONE);
        assertThat(h.partition("t", 0).leader()).isEqualTo(2);

        var again = h.run(new ElectLeaders(ElectionType.UNCLEAN, List.of(tp)));
        assertThat(again.get(tp).error()).isEqualTo(Errors.ELECTION_NOT_NEEDED);
    }

    @Test
    void isrShrinkBelowMinIsrKeepsTheRemovedReplicaEligibleToLead() {
        ControllerHarness m = new ControllerHarness(ControllerConfig.DEFAULTS.withMinInsyncReplicas(2));
        for (int b = 1; b <= 3; b++) {
            m.addBroker(b, null);
        }
        m.createTopic(new NewTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2, 3)), Map.of()));
        m.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        m.heartbeatAll(1, 3);
        m.expireSessions();                                  // 2 leaves; ISR [1,3] still meets min ISR
        assertThat(m.partition("t", 0).elr()).isEmpty();
        m.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        m.heartbeatAll(1);
        m.expireSessions();                                  // 3 leaves; ISR [1] < 2: 3 goes to the ELR
        assertThat(m.partition("t", 0).isr()).containsExactly(1);
        assertThat(m.partition("t", 0).elr()).containsExactly(3);
        m.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        m.expireSessions();                                  // 1 leaves too: offline, ISR stays [1]
        assertThat(m.partition("t", 0).leader()).isEqualTo(PartitionRegistration.NO_LEADER);

        m.heartbeat(3);                                      // 3 returns: clean election from the ELR
        PartitionRegistration p = m.partition("t", 0);
        assertThat(p.leader()).isEqualTo(3);
        assertThat(p.isr()).containsExactly(3);
        assertThat(p.elr()).containsExactly(1);
    }

    @Test
    void controlledShutdownMovesLeadershipAwayThenTellsTheBrokerToStop() {
        brokers(3);
        h.createTopic("t", 6, 3);
        long led = h.topic("t").partitions().stream().filter(p -> p.leader() == 1).count();
        assertThat(led).isPositive();

        BrokerHeartbeat.Result r = h.run(new BrokerHeartbeat(1, h.epochs.get(1), false, true));
        assertThat(r.shouldShutdown()).isTrue();
        for (PartitionRegistration p : h.topic("t").partitions()) {
            assertThat(p.leader()).isNotEqualTo(1).isNotEqualTo(PartitionRegistration.NO_LEADER);
            assertThat(p.isr()).doesNotContain(1).hasSize(2);
        }
        assertThat(h.image.broker(1).fenced()).isTrue();
    }

    @Test
    void controlledShutdownOfTheOnlyReplicaLeavesItsPartitionOffline() {
        brokers(2);
        manualTopic("solo", List.of(1));
        BrokerHeartbeat.Result r = h.run(new BrokerHeartbeat(1, h.epochs.get(1), false, true));
        assertThat(r.shouldShutdown()).isTrue();
        assertThat(h.partition("solo", 0).leader()).isEqualTo(PartitionRegistration.NO_LEADER);
        assertThat(h.partition("solo", 0).isr()).containsExactly(1);
    }

    @Test
    void preferredElectionReturnsLeadershipToTheFirstReplica() {
        brokers(3);
        manualTopic("t", List.of(1, 2, 3));
        fence(1, 2, 3);
        assertThat(h.partition("t", 0).leader()).isEqualTo(2);
        TopicPartition tp = new TopicPartition("t", 0);

        // 1 is back but not in the ISR yet: preferred leader not available
        h.heartbeat(1);
        assertThat(h.run(new ElectLeaders(ElectionType.PREFERRED, List.of(tp))).get(tp).error())
                .isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE);

        // the leader adds 1 back to the ISR; now the preferred election moves leadership to 1
        PartitionRegistration p = h.partition("t", 0);
        var alter = h.run(new ControllerCommand.AlterPartition(2, h.epochs.get(2), List.of(
                new ControllerCommand.IsrChange(new io.tributary.cluster.metadata.TopicIdPartition(
                        h.topic("t").id(), 0), p.leaderEpoch(), p.partitionEpoch(), List.of(2, 3, 1)))));
        assertThat(alter.error()).isEqualTo(Errors.NONE);
        assertThat(h.run(new ElectLeaders(ElectionType.PREFERRED, List.of(tp))).get(tp)).isEqualTo(ApiError.NONE);
        assertThat(h.partition("t", 0).leader()).isEqualTo(1);
        assertThat(h.run(new ElectLeaders(ElectionType.PREFERRED, List.of(tp))).get(tp).error())
                .isEqualTo(Errors.ELECTION_NOT_NEEDED);
        var unknown = new TopicPartition("t", 7);
        assertThat(h.run(new ElectLeaders(ElectionType.PREFERRED, List.of(unknown))).get(unknown).error())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void fencingABrokerMovesEveryOneOfItsLeadershipsInOneBatch() {
        brokers(3);
        for (int t = 0; t < 5; t++) {
            h.createTopic("t" + t, 9, 3);
        }
        fence(2, 1, 3);
        for (var topic : h.image.topics().values()) {
            for (PartitionRegistration p : topic.partitions()) {
                assertThat(p.leader()).isIn(1, 3);
                assertThat(p.isr()).doesNotContain(2);
            }
        }
    }
}
