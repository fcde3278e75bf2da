package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterPartition;
import io.tributary.cluster.controller.ControllerCommand.IsrChange;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** ISR changes proposed by partition leaders, and the error codes Kafka gives for bad proposals. */
class AlterPartitionTest {

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);
    private TopicIdPartition tp;

    @BeforeEach
    void topicLedByBroker1() {
        for (int b = 1; b <= 3; b++) {
            h.addBroker(b, null);
        }
        h.createTopic(new NewTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2, 3)), Map.of()));
        tp = new TopicIdPartition(h.topic("t").id(), 0);
    }

    private AlterPartition.PartitionResult alter(int broker, int leaderEpoch, int partitionEpoch,
                                                 List<Integer> isr) {
        AlterPartition.Result r = h.run(new AlterPartition(broker, h.epochs.get(broker),
                List.of(new IsrChange(tp, leaderEpoch, partitionEpoch, isr))));
        assertThat(r.error()).isEqualTo(Errors.NONE);
        return r.partitions().get(tp);
    }

    @Test
    void leaderShrinksAndExpandsTheIsrAndEachChangeBumpsThePartitionEpoch() {
        var shrunk = alter(1, 0, 0, List.of(1, 2));
        assertThat(shrunk.error()).isEqualTo(ApiError.NONE);
        assertThat(shrunk.registration().isr()).containsExactly(1, 2);
        assertThat(shrunk.registration().partitionEpoch()).isEqualTo(1);
        assertThat(shrunk.registration().leaderEpoch()).isZero();

        var expanded = alter(1, 0, 1, List.of(1, 2, 3));
        assertThat(expanded.registration().isr()).containsExactly(1, 2, 3);
        assertThat(expanded.registration().partitionEpoch()).isEqualTo(2);
        assertThat(h.partition("t", 0)).isEqualTo(expanded.registration());
    }

    @Test
    void staleOrFuturePartitionEpochIsRefusedAsKafkaDoes() {
        alter(1, 0, 0, List.of(1, 2));
        assertThat(alter(1, 0, 0, List.of(1)).error().error()).isEqualTo(Errors.INVALID_UPDATE_VERSION);
        assertThat(alter(1, 0, 9, List.of(1)).error().error()).isEqualTo(Errors.NOT_CONTROLLER);
    }

    @Test
    void oldLeaderEpochIsFencedLeaderEpoch() {
        h.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        h.heartbeatAll(2, 3);
        h.expireSessions();                  // 1 fenced: 2 leads at epoch 1
        h.heartbeat(1);                      // 1 unfenced again, no longer leader
        PartitionRegistration now = h.partition("t", 0);
        assertThat(alter(1, 0, now.partitionEpoch(), List.of(1, 2, 3)).error().error())
                .isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(alter(1, now.leaderEpoch(), now.partitionEpoch(), List.of(1, 2, 3)).error().error())
                .isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void isrMustHoldOnlyReplicasAndTheLeaderAndOnlyActiveBrokers() {
        assertThat(alter(1, 0, 0, List.of(1, 4)).error().error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(alter(1, 0, 0, List.of(2, 3)).error().error()).isEqualTo(Errors.INVALID_REQUEST);
        h.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        h.heartbeatAll(1, 2);
        h.expireSessions();                  // 3 fenced; ISR [1,2], partition epoch 1
        assertThat(alter(1, 0, 1, List.of(1, 2, 3)).error().error()).isEqualTo(Errors.INELIGIBLE_REPLICA);
    }

    @Test
    void requestWithAStaleBrokerEpochIsRefusedWhole() {
        AlterPartition.Result r = h.run(new AlterPartition(1, h.epochs.get(1) + 100,
                List.of(new IsrChange(tp, 0, 0, List.of(1)))));
        assertThat(r.error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
        assertThat(h.partition("t", 0).isr()).containsExactly(1, 2, 3);
    }

    @Test
    void unknownTopicIdIsUnknownTopicId() {
        TopicIdPartition missing = new TopicIdPartition(new UUID(3, 3), 0);
        AlterPartition.Result r = h.run(new AlterPartition(1, h.epochs.get(1),
                List.of(new IsrChange(missing, 0, 0, List.of(1)))));
        assertThat(r.partitions().get(missing).error().error()).isEqualTo(Errors.UNKNOWN_TOPIC_ID);
    }
}
