package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.ScriptedMetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand.ElectLeaders;
import io.tributary.cluster.controller.ControllerCommand.ElectionType;
import io.tributary.cluster.controller.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.ElectLeadersRequestData;
import io.tributary.protocol.message.ElectLeadersResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * ElectLeaders as the handler reads and answers it: the election type by version, partitions grouped by topic in
 * the order asked, every partition of the cluster when none are named, a failed command as the top-level error
 * and each partition's.
 */
class ElectLeadersHandlerTest {

    private static ElectLeadersRequestData.TopicPartitions topic(String name, Integer... partitions) {
        return new ElectLeadersRequestData.TopicPartitions().setTopic(name).setPartitions(List.of(partitions));
    }

    @Test
    void eachPartitionAskedForIsAnsweredUnderItsTopicInTheOrderAsked() {
        List<ElectLeaders> seen = new ArrayList<>();
        Map<TopicPartition, ApiError> outcomes = new LinkedHashMap<>();
        outcomes.put(new TopicPartition("b", 0), ApiError.NONE);
        outcomes.put(new TopicPartition("a", 2), ApiError.of(Errors.ELECTION_NOT_NEEDED));
        outcomes.put(new TopicPartition("a", 1), ApiError.of(Errors.PREFERRED_LEADER_NOT_AVAILABLE, "out of sync"));

        ElectLeadersResponseData r = answer(new ElectLeadersRequestData().setElectionType((byte) 0)
                .setTopicPartitions(List.of(topic("a", 1, 2, 1), topic("b", 0))), (short) 2, cmd -> {
                    seen.add(cmd);
                    return CompletableFuture.completedFuture(outcomes);
                });

        assertThat(seen).singleElement().satisfies(cmd -> {
            assertThat(cmd.type()).isEqualTo(ElectionType.PREFERRED);
            assertThat(cmd.partitions()).as("asked twice, elected once").containsExactly(
                    new TopicPartition("a", 1), new TopicPartition("a", 2), new TopicPartition("b", 0));
        });
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.replicaElectionResults()).extracting(ElectLeadersResponseData.ReplicaElectionResult::topic)
                .containsExactly("a", "b");
        List<ElectLeadersResponseData.PartitionResult> a = r.replicaElectionResults().get(0).partitionResult();
        assertThat(a).extracting(ElectLeadersResponseData.PartitionResult::partitionId).containsExactly(1, 2);
        assertThat(a.get(0).errorCode()).isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE.code());
        assertThat(a.get(0).errorMessage()).isEqualTo("out of sync");
        assertThat(a.get(1).errorCode()).isEqualTo(Errors.ELECTION_NOT_NEEDED.code());
        assertThat(r.replicaElectionResults().get(1).partitionResult()).singleElement().satisfies(p -> {
            assertThat(p.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(p.errorMessage()).isNull();
        });
    }

    @Test
    void theElectionTypeIsReadFromV1AndV0IsAlwaysPreferred() {
        List<ElectLeaders> seen = new ArrayList<>();
        Function<ElectLeaders, CompletableFuture<Map<TopicPartition, ApiError>>> controller = cmd -> {
            seen.add(cmd);
            return CompletableFuture.completedFuture(Map.of());
        };
        answer(new ElectLeadersRequestData().setElectionType((byte) 1).setTopicPartitions(null), (short) 1,
                controller);
        answer(new ElectLeadersRequestData().setTopicPartitions(null), (short) 0, controller);

        assertThat(seen).extracting(ElectLeaders::type).containsExactly(ElectionType.UNCLEAN, ElectionType.PREFERRED);
        assertThat(seen).allSatisfy(cmd -> assertThat(cmd.partitions()).as("every partition").isNull());

        ElectLeadersResponseData unknown = answer(new ElectLeadersRequestData().setElectionType((byte) 5)
                .setTopicPartitions(List.of(topic("a", 0))), (short) 2, controller);
        assertThat(unknown.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(unknown.replicaElectionResults().get(0).partitionResult().get(0).errorCode())
                .isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(seen).as("not sent to the controller").hasSize(2);
    }

    @Test
    void everyPartitionIsAnsweredWithWhatTheControllerListed() {
        Map<TopicPartition, ApiError> outcomes = new LinkedHashMap<>();
        outcomes.put(new TopicPartition("a", 0), ApiError.NONE);
        outcomes.put(new TopicPartition("a", 3), ApiError.of(Errors.PREFERRED_LEADER_NOT_AVAILABLE));
        outcomes.put(new TopicPartition("c", 1), ApiError.NONE);

        ElectLeadersResponseData r = answer(new ElectLeadersRequestData().setTopicPartitions(null), (short) 2,
                cmd -> CompletableFuture.completedFuture(outcomes));

        assertThat(r.replicaElectionResults()).extracting(ElectLeadersResponseData.ReplicaElectionResult::topic)
                .containsExactly("a", "c");
        assertThat(r.replicaElectionResults().get(0).partitionResult())
                .extracting(ElectLeadersResponseData.PartitionResult::partitionId).containsExactly(0, 3);
    }

    @Test
    void aCommandThatFailsAsAWholeIsTheTopLevelErrorAndEachPartitions() {
        ElectLeadersResponseData r = answer(new ElectLeadersRequestData().setTopicPartitions(List.of(topic("a", 0,
                1))), (short) 2, cmd -> CompletableFuture.failedFuture(new TimeoutException("no controller")));

        assertThat(r.errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
        assertThat(r.replicaElectionResults().get(0).partitionResult()).hasSize(2).allSatisfy(p ->
                assertThat(p.errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code()));

        ElectLeadersResponseData all = answer(new ElectLeadersRequestData().setTopicPartitions(null), (short) 2,
                cmd -> CompletableFuture.failedFuture(new TimeoutException("no controller")));
        assertThat(all.errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
        assertThat(all.replicaElectionResults()).isEmpty();
    }

    @Test
    void anEmptyPartitionListIsAnsweredEmptyWithoutTheController() {
        ElectLeadersResponseData r = answer(new ElectLeadersRequestData().setTopicPartitions(List.of()), (short) 2,
                cmd -> {
                    throw new AssertionError("nothing to elect");
                });
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.replicaElectionResults()).isEmpty();
    }

    private static ElectLeadersResponseData answer(ElectLeadersRequestData request, short version,
            Function<ElectLeaders, CompletableFuture<Map<TopicPartition, ApiError>>> controller) {
        return (ElectLeadersResponseData) ScriptedMetadataNode.handle(new ElectLeadersHandler(
                ScriptedMetadataNode.activeController(ElectLeaders.class, controller)), ApiKey.ELECT_LEADERS, version,
                request);
    }
}
