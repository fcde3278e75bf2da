package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterPartition;
import io.tributary.cluster.controller.ControllerCommand.ElectLeaders;
import io.tributary.cluster.controller.ControllerCommand.ElectionType;
import io.tributary.cluster.controller.ControllerCommand.IsrChange;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The automatic leader balancing ({@code auto.leader.rebalance.enable}): a broker whose share of non-led preferred
 * partitions is above {@code leader.imbalance.per.broker.percentage} gets them back once it is an active ISR member;
 * at or below the percentage, or while it cannot lead, nothing moves.
 */
class LeaderImbalanceTest {

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);

    private static ControllerHarness harness(ControllerConfig.LeaderBalance balance) {
        ControllerHarness harness = new ControllerHarness(ControllerConfig.DEFAULTS.withLeaderBalance(balance));
        for (int b = 1; b <= 3; b++) {
            harness.addBroker(b, null);
        }
        return harness;
    }

    /** Three brokers and a topic of {@code partitions} partitions, every one with replicas [1, 2, 3]. */
    private static void preferringBroker1(ControllerHarness harness, String topic, int partitions) {
        Map<Integer, List<Integer>> assignments = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            assignments.put(p, List.of(1, 2, 3));
        }
        assertThat(harness.createTopic(new NewTopic(topic, -1, (short) -1, assignments, Map.of())).error())
                .isEqualTo(ApiError.NONE);
    }

    /** Broker 1 is fenced (its leaderships move to 2), comes back, and its leaders take it back into every ISR. */
    private static void broker1GoesAndReturns(ControllerHarness harness) {
        harness.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        harness.heartbeatAll(2, 3);
        assertThat(harness.expireSessions()).containsExactly(1);
        harness.heartbeat(1);
        assertThat(harness.image.broker(1).isActive()).isTrue();
        rejoinIsr(harness, 1);
    }

    private static void rejoinIsr(ControllerHarness harness, int broker) {
        for (var topic : harness.image.topics().values()) {
            for (int p = 0; p < topic.partitionCount(); p++) {
                PartitionRegistration reg = topic.partition(p);
                if (reg.isr().contains(broker)) {
                    continue;
                }
                List<Integer> isr = new ArrayList<>(reg.isr());
                isr.add(broker);
                AlterPartition.Result r = harness.run(new AlterPartition(reg.leader(), harness.epochs.get(reg.leader()),
                        List.of(new IsrChange(new TopicIdPartition(topic.id(), p), reg.leaderEpoch(),
                                reg.partitionEpoch(), isr))));
                assertThat(r.error()).isEqualTo(Errors.NONE);
            }
        }
    }

    private static List<Integer> leaders(ControllerHarness harness, String topic) {
        return harness.topic(topic).partitions().stream().map(PartitionRegistration::leader).toList();
    }

    @Test
    void aReturningBrokerGetsItsPreferredLeadershipsBackOnceInSync() {
        for (int b = 1; b <= 3; b++) {
            h.addBroker(b, null);
        }
        h.createTopic("t", 9, 3);
        List<Integer> preferred = h.topic("t").partitions().stream().map(PartitionRegistration::preferredLeader)
                .toList();
        assertThat(leaders(h, "t")).isEqualTo(preferred);

        h.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        h.heartbeatAll(2, 3);
        assertThat(h.expireSessions()).containsExactly(1);
        h.heartbeat(1);
        assertThat(leaders(h, "t")).doesNotContain(1);
        assertThat(h.balanceLeaders()).as("back, but in no ISR yet: it cannot lead").isEmpty();

        rejoinIsr(h, 1);
        Map<TopicPartition, ApiError> moved = h.balanceLeaders();
        assertThat(moved).isNotEmpty().allSatisfy((tp, error) -> assertThat(error).isEqualTo(ApiError.NONE));
        assertThat(moved.keySet()).allSatisfy(tp -> assertThat(preferred.get(tp.partition())).isEqualTo(1));
        assertThat(leaders(h, "t")).isEqualTo(preferred);
        for (PartitionRegistration p : h.topic("t").partitions()) {
            assertThat(p.isr()).hasSize(3);
        }

        assertThat(h.balanceLeaders()).as("balanced: nothing more to do").isEmpty();
    }

    @Test
    void anImbalanceAtThePercentageIsLeftAloneAndAboveItCorrected() {
        ControllerHarness b = harness(ControllerConfig.LeaderBalance.DEFAULTS);   // 10 %
        preferringBroker1(b, "t", 10);
        broker1GoesAndReturns(b);
        assertThat(leaders(b, "t")).containsOnly(2);

        List<TopicPartition> nine = new ArrayList<>();
        for (int p = 0; p < 9; p++) {
            nine.add(new TopicPartition("t", p));
        }
        b.run(new ElectLeaders(ElectionType.PREFERRED, nine));
        assertThat(b.partition("t", 9).leader()).isEqualTo(2);
        assertThat(b.balanceLeaders()).as("1 of 10 (10 percent) is not above 10 percent").isEmpty();
        assertThat(b.partition("t", 9).leader()).isEqualTo(2);

        // broker 1 leaves again briefly: 2 of its partitions stay with another leader after it is back
        b.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        b.heartbeatAll(2, 3);
        b.expireSessions();
        b.heartbeat(1);
        rejoinIsr(b, 1);
        List<TopicPartition> eight = nine.subList(0, 8);
        b.run(new ElectLeaders(ElectionType.PREFERRED, eight));
        assertThat(b.balanceLeaders()).as("2 of 10 (20 percent) is above 10 percent")
                .containsOnlyKeys(new TopicPartition("t", 8), new TopicPartition("t", 9));
        assertThat(leaders(b, "t")).containsOnly(1);
    }

    @Test
    void theRuleIsPerBrokerNotClusterWide() {
        ControllerHarness b = harness(new ControllerConfig.LeaderBalance(true, 1000, 50));
        preferringBroker1(b, "one", 2);
        Map<Integer, List<Integer>> preferring2 = new HashMap<>();
        for (int p = 0; p < 8; p++) {
            preferring2.put(p, List.of(2, 3, 1));
        }
        b.createTopic(new NewTopic("two", -1, (short) -1, preferring2, Map.of()));
        broker1GoesAndReturns(b);
        // cluster-wide 2 of 10 partitions are led by another broker (20 %), but for broker 1 it is 2 of 2
        assertThat(b.balanceLeaders()).containsOnlyKeys(new TopicPartition("one", 0), new TopicPartition("one", 1));
    }

    @Test
    void aPreferredReplicaThatIsFencedOrOutOfTheIsrIsNotElected() {
        ControllerHarness b = harness(new ControllerConfig.LeaderBalance(true, 1000, 0));
        preferringBroker1(b, "t", 2);
        b.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        b.heartbeatAll(2, 3);
        b.expireSessions();
        assertThat(LeaderImbalance.partitionsToElect(b.image, 0)).as("fenced").isEmpty();
        b.heartbeat(1);
        assertThat(LeaderImbalance.partitionsToElect(b.image, 0)).as("active, not in the ISR").isEmpty();
        rejoinIsr(b, 1);
        assertThat(LeaderImbalance.partitionsToElect(b.image, 0))
                .containsExactly(new TopicPartition("t", 0), new TopicPartition("t", 1));
    }

    @Test
    void nothingMovesWhenAutoLeaderRebalanceIsOff() {
        ControllerHarness b = harness(new ControllerConfig.LeaderBalance(false, 1000, 10));
        preferringBroker1(b, "t", 3);
        broker1GoesAndReturns(b);
        assertThat(LeaderImbalance.partitionsToElect(b.image, 10)).hasSize(3);
        assertThat(b.balanceLeaders()).isEmpty();
        assertThat(leaders(b, "t")).containsOnly(2);
    }

    @Test
    void settingsAreReadUnderKafkasNamesWithKafkasDefaults() {
        assertThat(ControllerConfig.fromProperties(Map.of()).leaderBalance())
                .isEqualTo(new ControllerConfig.LeaderBalance(true, 300_000, 10));
        assertThat(ControllerConfig.fromProperties(Map.of("auto.leader.rebalance.enable", "false",
                "leader.imbalance.check.interval.seconds", "1", "leader.imbalance.per.broker.percentage", "25"))
                .leaderBalance()).isEqualTo(new ControllerConfig.LeaderBalance(false, 1000, 25));
        assertThatThrownBy(() -> ControllerConfig.fromProperties(Map.of("leader.imbalance.check.interval.seconds",
                "0"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leader.imbalance.check.interval.seconds");
        assertThatThrownBy(() -> ControllerConfig.fromProperties(Map.of("auto.leader.rebalance.enable", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto.leader.rebalance.enable");
        assertThatThrownBy(() -> ControllerConfig.fromProperties(Map.of("leader.imbalance.per.broker.percentage",
                "ten"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leader.imbalance.per.broker.percentage");
    }
}
