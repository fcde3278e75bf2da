package io.tributary.broker.handler;

import static io.tributary.broker.ScriptedMetadataNode.activeController;
import static io.tributary.broker.ScriptedMetadataNode.handle;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.ControllerCommand.AlterPartitionReassignments;
import io.tributary.cluster.controller.ControllerCommand.ListPartitionReassignments;
import io.tributary.cluster.controller.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterPartitionReassignmentsRequestData;
import io.tributary.protocol.message.AlterPartitionReassignmentsResponseData;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.ListPartitionReassignmentsRequestData;
import io.tributary.protocol.message.ListPartitionReassignmentsResponseData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * AlterPartitionReassignments and ListPartitionReassignments as the handlers read and answer them: targets and
 * cancels per partition in the order asked, v0 always allowing a replication factor change, a failed command as the
 * top-level error (and each partition's), ongoing reassignments grouped by topic.
 */
class PartitionReassignmentsHandlerTest {

    private static AlterPartitionReassignmentsRequestData.ReassignableTopic topic(String name,
            AlterPartitionReassignmentsRequestData.ReassignablePartition... partitions) {
        return new AlterPartitionReassignmentsRequestData.ReassignableTopic().setName(name)
                .setPartitions(List.of(partitions));
    }

    private static AlterPartitionReassignmentsRequestData.ReassignablePartition partition(int index,
                                                                                          Integer... replicas) {
        return new AlterPartitionReassignmentsRequestData.ReassignablePartition().setPartitionIndex(index)
                .setReplicas(replicas == null ? null : Arrays.asList(replicas));
    }

    @Test
    void eachPartitionIsSentAndAnsweredInTheOrderAsked() {
        List<ControllerCommand<?>> seen = new ArrayList<>();
        Map<TopicPartition, ApiError> outcomes = Map.of(new TopicPartition("a", 1), ApiError.NONE,
                new TopicPartition("a", 0), ApiError.of(Errors.NO_REASSIGNMENT_IN_PROGRESS),
                new TopicPartition("b", 0), ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT, "no broker 9"));
        AlterPartitionReassignmentsResponseData r = (AlterPartitionReassignmentsResponseData) handle(
                new AlterPartitionReassignmentsHandler(activeController(cmd -> {
                    seen.add(cmd);
                    return CompletableFuture.completedFuture(outcomes);
                })), ApiKey.ALTER_PARTITION_REASSIGNMENTS, (short) 1,
                new AlterPartitionReassignmentsRequestData().setAllowReplicationFactorChange(false).setTopics(List.of(
                        topic("a", partition(1, 2, 3), partition(0, (Integer[]) null)), topic("b", partition(0, 9)))));

        assertThat(seen).singleElement().isInstanceOfSatisfying(AlterPartitionReassignments.class, cmd -> {
            assertThat(cmd.allowReplicationFactorChange()).isFalse();
            assertThat(cmd.partitions()).containsExactly(
                    new ControllerCommand.Reassignment(new TopicPartition("a", 1), List.of(2, 3)),
                    new ControllerCommand.Reassignment(new TopicPartition("a", 0), null),
                    new ControllerCommand.Reassignment(new TopicPartition("b", 0), List.of(9)));
        });
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.allowReplicationFactorChange()).isFalse();
        assertThat(r.responses()).extracting(AlterPartitionReassignmentsResponseData.ReassignableTopicResponse::name)
                .containsExactly("a", "b");
        List<AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse> a = r.responses().get(0)
                .partitions();
        assertThat(a).extracting(AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse::partitionIndex)
                .containsExactly(1, 0);
        assertThat(a.get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(a.get(0).errorMessage()).isNull();
        assertThat(a.get(1).errorCode()).isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS.code());
        assertThat(r.responses().get(1).partitions().get(0).errorMessage()).isEqualTo("no broker 9");

        handle(new AlterPartitionReassignmentsHandler(activeController(cmd -> {
            seen.add(cmd);
            return CompletableFuture.completedFuture(Map.of());
        })), ApiKey.ALTER_PARTITION_REASSIGNMENTS, (short) 0, new AlterPartitionReassignmentsRequestData()
                .setAllowReplicationFactorChange(false).setTopics(List.of(topic("a", partition(0, 1)))));
        assertThat(((AlterPartitionReassignments) seen.get(1)).allowReplicationFactorChange())
                .as("v0 has no such field: changes allowed").isTrue();
    }

    @Test
    void aFailedCommandIsTheTopLevelErrorAndEachPartitions() {
        AlterPartitionReassignmentsResponseData r = (AlterPartitionReassignmentsResponseData) handle(
                new AlterPartitionReassignmentsHandler(activeController(cmd -> CompletableFuture.failedFuture(
                        new TimeoutException("no controller")))), ApiKey.ALTER_PARTITION_REASSIGNMENTS, (short) 1,
                new AlterPartitionReassignmentsRequestData().setTopics(List.of(topic("a", partition(0, 1),
                        partition(1, 2)))));
        assertThat(r.errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
        assertThat(r.responses().get(0).partitions()).hasSize(2).allSatisfy(p ->
                assertThat(p.errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code()));

        ListPartitionReassignmentsResponseData listed = (ListPartitionReassignmentsResponseData) handle(
                new ListPartitionReassignmentsHandler(activeController(cmd -> CompletableFuture.failedFuture(
                        new TimeoutException("no controller")))), ApiKey.LIST_PARTITION_REASSIGNMENTS, (short) 0,
                new ListPartitionReassignmentsRequestData().setTopics(null));
        assertThat(listed.errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
        assertThat(listed.topics()).isEmpty();
    }

    @Test
    void ongoingReassignmentsAreListedByTopic() {
        List<ControllerCommand<?>> seen = new ArrayList<>();
        Map<TopicPartition, ListPartitionReassignments.Ongoing> ongoing = new LinkedHashMap<>();
        ongoing.put(new TopicPartition("a", 0), new ListPartitionReassignments.Ongoing(List.of(2, 3, 1), List.of(3),
                List.of(1)));
        ongoing.put(new TopicPartition("a", 4), new ListPartitionReassignments.Ongoing(List.of(1, 2), List.of(),
                List.of(2)));
        ongoing.put(new TopicPartition("b", 1), new ListPartitionReassignments.Ongoing(List.of(4, 1), List.of(4),
                List.of()));
        MetadataNode controller = activeController(cmd -> {
            seen.add(cmd);
            return CompletableFuture.completedFuture(ongoing);
        });
        ListPartitionReassignmentsResponseData r = (ListPartitionReassignmentsResponseData) handle(
                new ListPartitionReassignmentsHandler(controller), ApiKey.LIST_PARTITION_REASSIGNMENTS, (short) 0,
                new ListPartitionReassignmentsRequestData().setTopics(List.of(
                        new ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics().setName("a")
                                .setPartitionIndexes(List.of(0, 4)),
                        new ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics().setName("b")
                                .setPartitionIndexes(List.of(1)))));

        assertThat(((ListPartitionReassignments) seen.get(0)).partitions()).containsExactly(
                new TopicPartition("a", 0), new TopicPartition("a", 4), new TopicPartition("b", 1));
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.topics()).extracting(ListPartitionReassignmentsResponseData.OngoingTopicReassignment::name)
                .containsExactly("a", "b");
        assertThat(r.topics().get(0).partitions()).hasSize(2);
        ListPartitionReassignmentsResponseData.OngoingPartitionReassignment a0 = r.topics().get(0).partitions().get(0);
        assertThat(a0.replicas()).containsExactly(2, 3, 1);
        assertThat(a0.addingReplicas()).containsExactly(3);
        assertThat(a0.removingReplicas()).containsExactly(1);

        handle(new ListPartitionReassignmentsHandler(controller), ApiKey.LIST_PARTITION_REASSIGNMENTS, (short) 0,
                new ListPartitionReassignmentsRequestData().setTopics(null));
        assertThat(((ListPartitionReassignments) seen.get(1)).partitions()).as("every partition").isNull();
        ListPartitionReassignmentsResponseData none = (ListPartitionReassignmentsResponseData) handle(
                new ListPartitionReassignmentsHandler(controller), ApiKey.LIST_PARTITION_REASSIGNMENTS, (short) 0,
                new ListPartitionReassignmentsRequestData().setTopics(List.of()));
        assertThat(none.topics()).isEmpty();
        assertThat(seen).as("an empty list is answered without the controller").hasSize(2);
    }
}
