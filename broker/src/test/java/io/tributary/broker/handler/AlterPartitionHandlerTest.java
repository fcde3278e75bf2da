package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.ScriptedMetadataNode;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.ControllerCommand.AlterPartition;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterPartitionRequestData;
import io.tributary.protocol.message.AlterPartitionResponseData;
import io.tributary.protocol.message.ApiKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AlterPartitionHandlerTest {

    private static final UUID T1 = new UUID(1, 1);
    private static final UUID T2 = new UUID(2, 2);

    @Test
    void theNewIsrIsReadFromEitherFieldOfItsVersion() {
        AlterPartitionRequestData.PartitionData v2 = new AlterPartitionRequestData.PartitionData().setPartitionIndex(3)
                .setLeaderEpoch(4).setPartitionEpoch(5).setNewIsr(List.of(1, 2));
        AlterPartitionRequestData.PartitionData v3 = new AlterPartitionRequestData.PartitionData().setPartitionIndex(3)
                .setLeaderEpoch(4).setPartitionEpoch(5).setNewIsrWithEpochs(List.of(
                        new AlterPartitionRequestData.BrokerState().setBrokerId(1).setBrokerEpoch(10),
                        new AlterPartitionRequestData.BrokerState().setBrokerId(2).setBrokerEpoch(-1)));
        ControllerCommand.IsrChange expected = new ControllerCommand.IsrChange(new TopicIdPartition(T1, 3), 4, 5,
                List.of(1, 2));

        assertThat(submitted(v2, (short) 2).changes()).containsExactly(expected);
        assertThat(submitted(v3, (short) 3).changes()).containsExactly(expected);
    }

    @Test
    void eachPartitionIsAnsweredUnderItsTopicWithItsRegistrationOrItsError() {
        Map<TopicIdPartition, AlterPartition.PartitionResult> outcomes = new LinkedHashMap<>();
        outcomes.put(new TopicIdPartition(T1, 0), new AlterPartition.PartitionResult(ApiError.NONE,
                new PartitionRegistration(List.of(1, 2, 3), List.of(1, 2), List.of(), 1, 7, 12)));
        outcomes.put(new TopicIdPartition(T2, 0), new AlterPartition.PartitionResult(
                ApiError.of(Errors.UNKNOWN_TOPIC_ID), null));
        outcomes.put(new TopicIdPartition(T1, 1), new AlterPartition.PartitionResult(
                ApiError.of(Errors.INVALID_UPDATE_VERSION, "old"), null));

        AlterPartitionResponseData r = answer(cmd -> CompletableFuture.completedFuture(
                new AlterPartition.Result(Errors.NONE, outcomes)));

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.topics()).extracting(AlterPartitionResponseData.TopicData::topicId).containsExactly(T1, T2);
        List<AlterPartitionResponseData.PartitionData> t1 = r.topics().get(0).partitions();
        assertThat(t1).hasSize(2);
        assertThat(t1.get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(t1.get(0).leaderId()).isEqualTo(1);
        assertThat(t1.get(0).leaderEpoch()).isEqualTo(7);
        assertThat(t1.get(0).isr()).containsExactly(1, 2);
        assertThat(t1.get(0).partitionEpoch()).isEqualTo(12);
        assertThat(t1.get(0).leaderRecoveryState()).isZero();
        assertThat(t1.get(1).partitionIndex()).isEqualTo(1);
        assertThat(t1.get(1).errorCode()).isEqualTo(Errors.INVALID_UPDATE_VERSION.code());
        assertThat(r.topics().get(1).partitions()).singleElement()
                .satisfies(p -> assertThat(p.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code()));
    }

    @Test
    void aStaleBrokerEpochAndANodeThatIsNotTheControllerAreTopLevelErrors() {
        AlterPartitionResponseData stale = answer(cmd -> CompletableFuture.completedFuture(
                new AlterPartition.Result(Errors.STALE_BROKER_EPOCH, Map.of())));
        assertThat(stale.errorCode()).isEqualTo(Errors.STALE_BROKER_EPOCH.code());
        assertThat(stale.topics()).isEmpty();

        AlterPartitionResponseData notController = answer(cmd -> CompletableFuture.failedFuture(
                new NotControllerException("node 2 is not the controller", OptionalInt.of(1))));
        assertThat(notController.errorCode()).isEqualTo(Errors.NOT_CONTROLLER.code());
    }

    private static AlterPartition submitted(AlterPartitionRequestData.PartitionData partition, short version) {
        AlterPartition[] seen = new AlterPartition[1];
        MetadataNode controller = ScriptedMetadataNode.activeController(AlterPartition.class, cmd -> {
            seen[0] = cmd;
            return CompletableFuture.completedFuture(new AlterPartition.Result(Errors.NONE, Map.of()));
        });
        AlterPartitionRequestData request = new AlterPartitionRequestData().setBrokerId(1).setBrokerEpoch(9)
                .setTopics(List.of(new AlterPartitionRequestData.TopicData().setTopicId(T1)
                        .setPartitions(List.of(partition))));
        ScriptedMetadataNode.handle(new AlterPartitionHandler(controller), ApiKey.ALTER_PARTITION, version, request);
        assertThat(seen[0].brokerId()).isEqualTo(1);
        assertThat(seen[0].brokerEpoch()).isEqualTo(9);
        return seen[0];
    }

    private static AlterPartitionResponseData answer(
            Function<AlterPartition, CompletableFuture<AlterPartition.Result>> controller) {
        return (AlterPartitionResponseData) ScriptedMetadataNode.handle(new AlterPartitionHandler(
                ScriptedMetadataNode.activeController(AlterPartition.class, controller)), ApiKey.ALTER_PARTITION,
                (short) 3, new AlterPartitionRequestData());
    }
}
