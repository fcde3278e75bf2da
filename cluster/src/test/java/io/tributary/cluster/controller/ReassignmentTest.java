package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterPartition;
import io.tributary.cluster.controller.ControllerCommand.AlterPartitionReassignments;
import io.tributary.cluster.controller.ControllerCommand.FenceBroker;
import io.tributary.cluster.controller.ControllerCommand.IsrChange;
import io.tributary.cluster.controller.ControllerCommand.ListPartitionReassignments;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.controller.ControllerCommand.Reassignment;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** AlterPartitionReassignments / ListPartitionReassignments (KIP-455) and the completion of a reassignment. */
class ReassignmentTest {

    private static final TopicPartition T0 = new TopicPartition("t", 0);

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);

    @BeforeEach
    void fourBrokersAndATopicOnBrokers1And2() {
        for (int b = 1; b <= 4; b++) {
            h.addBroker(b, null);
        }
        assertThat(h.createTopic(new NewTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2), 1, List.of(2, 1)),
                Map.of())).error()).isEqualTo(ApiError.NONE);
        assertThat(h.createTopic(new NewTopic("u", -1, (short) -1, Map.of(0, List.of(1, 2, 3)), Map.of())).error())
                .isEqualTo(ApiError.NONE);
    }

    private ApiError reassign(TopicPartition tp, Integer... target) {
        return h.run(new AlterPartitionReassignments(List.of(new Reassignment(tp,
                target == null ? null : Arrays.asList(target))), true)).get(tp);
    }

    private ApiError cancel(TopicPartition tp) {
        return h.run(new AlterPartitionReassignments(List.of(new Reassignment(tp, null)), true)).get(tp);
    }

    private Map<TopicPartition, ListPartitionReassignments.Ongoing> listAll() {
        return h.run(new ListPartitionReassignments(null));
    }

    /** The leader of partition 0 proposes {@code isr}, from the registration it has. */
    private AlterPartition.PartitionResult alterIsr(List<Integer> isr) {
        PartitionRegistration now = h.partition("t", 0);
        TopicIdPartition tp = new TopicIdPartition(h.topic("t").id(), 0);
        AlterPartition.Result r = h.run(new AlterPartition(now.leader(), h.epochs.get(now.leader()),
                List.of(new IsrChange(tp, now.leaderEpoch(), now.partitionEpoch(), isr))));
        assertThat(r.error()).isEqualTo(Errors.NONE);
        return r.partitions().get(tp);
    }

    @Test
    void addedReplicaJoiningTheIsrCompletesTheReassignmentAndMovesAwayARemovedLeader() {
        assertThat(reassign(T0, 2, 3)).isEqualTo(ApiError.NONE);
        PartitionRegistration started = h.partition("t", 0);
        assertThat(started.replicas()).containsExactly(2, 3, 1);
        assertThat(started.addingReplicas()).containsExactly(3);
        assertThat(started.removingReplicas()).containsExactly(1);
        assertThat(started.isr()).containsExactly(1, 2);
        assertThat(started.leader()).isEqualTo(1);
        assertThat(started.leaderEpoch()).isZero();
        assertThat(listAll()).containsExactly(Map.entry(T0, new ListPartitionReassignments.Ongoing(
                List.of(2, 3, 1), List.of(3), List.of(1))));

        // the leader lets the caught-up replica 3 into the ISR: every target replica is in sync, so it completes
        AlterPartition.PartitionResult joined = alterIsr(List.of(1, 2, 3));
        assertThat(joined.error()).isEqualTo(ApiError.NONE);
        PartitionRegistration done = h.partition("t", 0);
        assertThat(done).isEqualTo(joined.registration());
        assertThat(done.replicas()).containsExactly(2, 3);
        assertThat(done.isr()).containsExactly(2, 3);
        assertThat(done.leader()).isEqualTo(2);
        assertThat(done.leaderEpoch()).isEqualTo(1);
        assertThat(done.isReassigning()).isFalse();
        assertThat(listAll()).isEmpty();
    }

    @Test
    void reassignmentWhoseTargetIsAlreadyInSyncCompletesAtOnce() {
        TopicPartition u0 = new TopicPartition("u", 0);
        assertThat(reassign(u0, 2, 1)).isEqualTo(ApiError.NONE);
        PartitionRegistration p = h.partition("u", 0);
        assertThat(p.replicas()).containsExactly(2, 1);
        assertThat(p.isr()).containsExactly(1, 2);
        assertThat(p.leader()).isEqualTo(1);          // still in the target: keeps leading
        assertThat(p.leaderEpoch()).isZero();
        assertThat(p.isReassigning()).isFalse();
        // the same target again changes nothing
        int epoch = p.partitionEpoch();
        assertThat(reassign(u0, 2, 1)).isEqualTo(ApiError.NONE);
        assertThat(h.partition("u", 0).partitionEpoch()).isEqualTo(epoch);
    }

    @Test
    void cancellingRevertsToTheOriginalReplicasAndDropsAddedOnesFromTheIsr() {
        assertThat(reassign(T0, 3, 4)).isEqualTo(ApiError.NONE);
        assertThat(h.partition("t", 0).replicas()).containsExactly(3, 4, 1, 2);
        alterIsr(List.of(1, 2, 3));                                  // 3 caught up, 4 not yet
        assertThat(h.partition("t", 0).isReassigning()).isTrue();

        assertThat(cancel(T0)).isEqualTo(ApiError.NONE);
        PartitionRegistration reverted = h.partition("t", 0);
        assertThat(reverted.replicas()).containsExactly(1, 2);
        assertThat(reverted.isr()).containsExactly(1, 2);
        assertThat(reverted.leader()).isEqualTo(1);
        assertThat(reverted.isReassigning()).isFalse();
        assertThat(listAll()).isEmpty();
        assertThat(cancel(T0).error()).isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS);
    }

    @Test
    void aNewTargetReplacesTheReassignmentInProgress() {
        reassign(T0, 2, 3);
        assertThat(reassign(T0, 2, 4)).isEqualTo(ApiError.NONE);
        PartitionRegistration p = h.partition("t", 0);
        assertThat(p.replicas()).containsExactly(2, 4, 1);
        assertThat(p.addingReplicas()).containsExactly(4);
        assertThat(p.removingReplicas()).containsExactly(1);
        // a partition named twice in one request: the second entry sees the first's outcome
        Map<TopicPartition, ApiError> twice = h.run(new AlterPartitionReassignments(List.of(
                new Reassignment(T0, null), new Reassignment(T0, List.of(1, 3))), true));
        assertThat(twice.get(T0)).isEqualTo(ApiError.NONE);
        assertThat(h.partition("t", 0).replicas()).containsExactly(1, 3, 2);
        assertThat(h.partition("t", 0).addingReplicas()).containsExactly(3);
    }

    @Test
    void fencedRemovedLeaderHandsOverToATargetReplicaAndTheReassignmentStillCompletes() {
        reassign(T0, 2, 3);
        assertThat(h.run(new FenceBroker(1, h.epochs.get(1)))).isTrue();
        PartitionRegistration p = h.partition("t", 0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.isr()).containsExactly(2);
        assertThat(p.isReassigning()).isTrue();                  // 3 is not in sync yet

        alterIsr(List.of(2, 3));
        PartitionRegistration done = h.partition("t", 0);
        assertThat(done.replicas()).containsExactly(2, 3);
        assertThat(done.isr()).containsExactly(2, 3);
        assertThat(done.leader()).isEqualTo(2);
        assertThat(done.elr()).doesNotContain(1);
        assertThat(done.isReassigning()).isFalse();
    }

    @Test
    void badTargetsGetKafkasErrors() {
        assertThat(reassign(new TopicPartition("nope", 0), 1).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(reassign(new TopicPartition("t", 7), 1).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(cancel(new TopicPartition("t", 7)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(reassign(T0).error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(reassign(T0, 2, 2).error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(reassign(T0, 2, 9).error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(cancel(T0).error()).isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS);
        Map<TopicPartition, ApiError> noRfChange = h.run(new AlterPartitionReassignments(
                List.of(new Reassignment(T0, List.of(2, 3, 4))), false));
        assertThat(noRfChange.get(T0).error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(h.partition("t", 0).replicas()).containsExactly(1, 2);
        assertThat(h.partition("t", 0).partitionEpoch()).isZero();
    }

    @Test
    void listNamesOnlyPartitionsBeingReassigned() {
        reassign(T0, 3, 4);
        TopicPartition t1 = new TopicPartition("t", 1);
        Map<TopicPartition, ListPartitionReassignments.Ongoing> some = h.run(new ListPartitionReassignments(
                List.of(T0, t1, new TopicPartition("nope", 0), new TopicPartition("t", 9))));
        assertThat(some).containsOnlyKeys(T0);
        assertThat(some.get(T0).addingReplicas()).containsExactly(3, 4);
        assertThat(some.get(T0).removingReplicas()).containsExactly(1, 2);
    }
}
