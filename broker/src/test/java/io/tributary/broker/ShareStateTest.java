package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.share.RecordState;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareState;
import io.tributary.broker.share.ShareStateException;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.broker.share.ShareStateSummary;
import io.tributary.broker.share.ShareStateTopic;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.FindCoordinatorRequestData;
import io.tributary.protocol.message.FindCoordinatorResponseData;
import io.tributary.protocol.message.ReadShareGroupStateRequestData;
import io.tributary.protocol.message.ReadShareGroupStateResponseData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Share-partition state on one in-process node: the share state client's round trip through the share coordinator
 * (creating {@code __share_group_state} on first use), fencing, a restart keeping the last acknowledged write, and
 * the coordinator APIs and FindCoordinator's share key type on the wire.
 */
class ShareStateTest {

    private static final Map<String, String> PROPS = Map.of("share.coordinator.state.topic.num.partitions", "3");
    private static final UUID TOPIC = new UUID(0x1234, 0x5678);

    @TempDir
    Path dir;

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static Errors errorOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return ((ShareStateException) e.getCause()).error();
        }
        throw new AssertionError("no error");
    }

    private static ShareState state(int leaderEpoch, long start) {
        return new ShareState(1, leaderEpoch, start, List.of(
                new ShareState.StateBatch(start, start + 2, RecordState.ACKNOWLEDGED.id(), (short) 1),
                new ShareState.StateBatch(start + 3, start + 3, RecordState.AVAILABLE.id(), (short) 2)));
    }

    @Test
    void lastAcknowledgedWriteSurvivesARestart() throws Exception {
        SharePartitionKey key = new SharePartitionKey("shares", TOPIC, 0);
        TestBroker broker = TestBroker.start(dir, PROPS);
        try {
            ShareStatePersister states = broker.server.shareStates();
            assertThat(get(states.read(key, 0))).isNull();
            get(states.initialize(key, 1, 100));
            get(states.write(key, state(0, 100)));
            assertThat(get(states.read(key, 3))).isEqualTo(new ShareState(1, 3, 100, state(0, 100).batches()));
            assertThat(errorOf(states.write(key, state(2, 200)))).isEqualTo(Errors.FENCED_LEADER_EPOCH);
            get(states.write(key, state(3, 104)));
            assertThat(get(states.summary(key))).isEqualTo(new ShareStateSummary(1, 3, 104, 3));
        } finally {
            broker.close();
        }

        TestBroker again = broker.startAgain();
        try {
            ShareStatePersister states = again.server.shareStates();
            assertThat(get(states.read(key, 3))).isEqualTo(state(3, 104));
            get(states.delete(key));
            assertThat(get(states.read(key, 3))).isNull();
        } finally {
            again.close();
        }
    }

    @Test
    void coordinatorApisAndFindCoordinatorAnswerOnTheWire() throws Exception {
        SharePartitionKey key = new SharePartitionKey("wire", TOPIC, 2);
        try (TestBroker broker = TestBroker.start(dir, PROPS);
             RawClient raw = new RawClient(broker.server.boundAddress())) {
            FindCoordinatorRequestData find = new FindCoordinatorRequestData().setKeyType((byte) 2)
                    .setCoordinatorKeys(List.of(key.coordinatorKey(), "no-topic-id", "g:" + TOPIC + ":0"));
            TestBroker.await("the share coordinator is found", TestCluster.DEADLINE, () -> {
                try {
                    FindCoordinatorResponseData answer = (FindCoordinatorResponseData) raw.send(find, (short) 6);
                    return answer.coordinators().get(0).errorCode() == Errors.NONE.code();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            FindCoordinatorResponseData answer = (FindCoordinatorResponseData) raw.send(find, (short) 6);
            assertThat(answer.coordinators().get(0).port()).isEqualTo(broker.server.boundAddress().getPort());
            assertThat(answer.coordinators().get(1).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(answer.coordinators().get(2).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            // the admin's metadata may be a moment behind the FindCoordinator answer that created the topic
            TestBroker.await("the state topic is listed", TestCluster.DEADLINE, () -> {
                try {
                    return broker.admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
                            .listInternal(true)).names().get().contains(ShareStateTopic.NAME);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            get(broker.server.shareStates().initialize(key, 4, 77));
            ReadShareGroupStateResponseData read = (ReadShareGroupStateResponseData) raw.send(
                    new ReadShareGroupStateRequestData().setGroupId("wire").setTopics(List.of(
                            new ReadShareGroupStateRequestData.ReadStateData().setTopicId(TOPIC).setPartitions(List.of(
                                    new ReadShareGroupStateRequestData.PartitionData().setPartition(2)
                                            .setLeaderEpoch(1),
                                    new ReadShareGroupStateRequestData.PartitionData().setPartition(5)
                                            .setLeaderEpoch(1))))), (short) 0);
            ReadShareGroupStateResponseData.PartitionResult stored = read.results().get(0).partitions().get(0);
            assertThat(stored.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(stored.stateEpoch()).isEqualTo(4);
            assertThat(stored.startOffset()).isEqualTo(77);
            ReadShareGroupStateResponseData.PartitionResult none = read.results().get(0).partitions().get(1);
            assertThat(none.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(none.startOffset()).isEqualTo(-1);   // Kafka's "uninitialized"
        }
    }
}
