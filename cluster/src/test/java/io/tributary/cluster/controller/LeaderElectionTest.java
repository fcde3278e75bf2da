package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterConfigs;
import io.tributary.cluster.controller.ControllerCommand.BrokerHeartbeat;
import io.tributary.cluster.controller.ControllerCommand.ConfigOp;
import io.tributary.cluster.controller.ControllerCommand.ElectLeaders;
import io.tributary.cluster.controller.ControllerCommand.ElectionType;
import io.tributary.cluster.controller.ControllerCommand.IncrementalAlterConfigs;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.controller.ControllerCommand.OpType;
import io.tributary.cluster.metadata.ConfigRecord;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /**
     * Brokers 1 to {@code n}; topics t and u, replicas [1, 2], offline: 2 left the ISR, then 1, the last member, went;
     * 2 is back but out of sync and unclean election is off.
     */
    private void twoOfflinePartitionsWithAnOutOfSyncReplicaBack(int n) {
        brokers(n);
        manualTopic("t", List.of(1, 2));
        manualTopic("u", List.of(1, 2));
        int[] from3 = IntStream.rangeClosed(3, n).toArray();
        fence(2, IntStream.concat(IntStream.of(1), IntStream.of(from3)).toArray());
        fence(1, from3);
        h.heartbeat(2);
        assertThat(h.partition("t", 0).leader()).isEqualTo(PartitionRegistration.NO_LEADER);
        assertThat(h.partition("u", 0).leader()).isEqualTo(PartitionRegistration.NO_LEADER);
    }

    @Test
    void turningUncleanElectionOnForATopicElectsItsOfflinePartitionInTheSameBatch() {
        twoOfflinePartitionsWithAnOutOfSyncReplicaBack(2);
        Map<ConfigResource, List<ConfigOp>> on = Map.of(ConfigResource.topic("t"),
                List.of(new ConfigOp("unclean.leader.election.enable", OpType.SET, "true")));
        long offset = h.image.offset();
        int epoch = h.partition("t", 0).leaderEpoch();
        assertThat(h.run(new IncrementalAlterConfigs(on, true)).get(ConfigResource.topic("t")))
                .isEqualTo(ApiError.NONE);
        assertThat(h.partition("t", 0).leader()).as("validate only").isEqualTo(PartitionRegistration.NO_LEADER);

        assertThat(h.run(new IncrementalAlterConfigs(on, false)).get(ConfigResource.topic("t")))
                .isEqualTo(ApiError.NONE);
        assertThat(h.image.offset()).as("one batch").isEqualTo(offset + 1);
        PartitionRegistration p = h.partition("t", 0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.isr()).containsExactly(2);
        assertThat(p.leaderEpoch()).isEqualTo(epoch + 1);
        assertThat(h.partition("u", 0).leader()).as("u does not allow it").isEqualTo(PartitionRegistration.NO_LEADER);
        assertThat(h.electUncleanLeaders()).as("u still does not").isEmpty();
    }

    @Test
    void turningUncleanElectionOnAsTheClusterDefaultElectsEveryOfflinePartitionWithALiveReplica() {
        twoOfflinePartitionsWithAnOutOfSyncReplicaBack(3);
        manualTopic("solo", List.of(3));
        fence(3, 2);                                       // solo's only replica is gone: nobody can lead it
        var r = h.run(new AlterConfigs(Map.of(ConfigResource.CLUSTER,
                Map.of("unclean.leader.election.enable", "true")), false));
        assertThat(r.get(ConfigResource.CLUSTER)).isEqualTo(ApiError.NONE);
        assertThat(h.partition("t", 0).leader()).isEqualTo(2);
        assertThat(h.partition("u", 0).leader()).isEqualTo(2);
        assertThat(h.partition("solo", 0).leader()).isEqualTo(PartitionRegistration.NO_LEADER);
    }

    @Test
    void periodicUncleanElectionElectsOfflinePartitionsOfTopicsThatAllowIt() {
        twoOfflinePartitionsWithAnOutOfSyncReplicaBack(2);
        assertThat(h.electUncleanLeaders()).as("unclean election off").isEmpty();
        // the topic override committed without an election with it (e.g. by an older controller)
        h.image = new MetadataDelta(h.image).replayAll(List.of(new ConfigRecord(ConfigResource.topic("u"),
                "unclean.leader.election.enable", "true"))).apply(h.image.offset() + 1);
        assertThat(h.electUncleanLeaders()).containsExactly(new TopicPartition("u", 0));
        assertThat(h.partition("u", 0).leader()).isEqualTo(2);
        assertThat(h.partition("u", 0).isr()).containsExactly(2);
        assertThat(h.partition("t", 0).leader()).isEqualTo(PartitionRegistration.NO_LEADER);
        assertThat(h.electUncleanLeaders()).as("nothing left to do").isEmpty();
    }

    @Test
    void uncleanElectionIntervalHasKafkasNameAndDefault() {
        assertThat(ControllerConfig.fromProperties(Map.of()).uncleanElectionIntervalMs()).isEqualTo(300_000);
        assertThat(ControllerConfig.fromProperties(Map.of("unclean.leader.election.interval.ms", "1000"))
                .uncleanElectionIntervalMs()).isEqualTo(1000);
        assertThatThrownBy(() -> ControllerConfig.fromProperties(Map.of("unclean.leader.election.interval.ms", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclean.leader.election.interval.ms");
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
