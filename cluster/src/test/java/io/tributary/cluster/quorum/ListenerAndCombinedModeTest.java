package io.tributary.cluster.quorum;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand.CreateTopics;
import io.tributary.cluster.controller.ControllerCommand.DeleteTopics;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.metadata.LocalReplicaChanges;
import io.tributary.cluster.metadata.TopicIdPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import static io.tributary.cluster.quorum.ThreeVoterQuorumTest.await;
import static io.tributary.cluster.quorum.ThreeVoterQuorumTest.registerBrokers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerAndCombinedModeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void nonVotingBrokerFollowsTheLogAndLearnsWhatItLeadsAndWhatIsDeleted(@TempDir Path dir) throws Exception {
        try (TestQuorum q = new TestQuorum(dir, 1, 1, 1000)) {
            q.startAll();
            MetadataNode controller = q.awaitController(TIMEOUT);
            MetadataNode broker = q.node(2);
            assertThat(controller.nodeId()).isEqualTo(1);

            Set<TopicIdPartition> led = ConcurrentHashMap.newKeySet();
            Set<TopicIdPartition> deleted = ConcurrentHashMap.newKeySet();
            broker.subscribe((delta, image) -> {
                LocalReplicaChanges mine = delta.localChanges(2);
                led.addAll(mine.leaders().keySet());
                deleted.addAll(mine.deleted());
            });

            registerBrokers(controller, 1, 2);
            var created = await(controller.submit(new CreateTopics(List.of(new NewTopic("mine", -1, (short) -1,
                    Map.of(0, List.of(2, 1), 1, List.of(1, 2)), Map.of())), false))).get("mine");
            assertThat(created.error()).isEqualTo(ApiError.NONE);
            TopicIdPartition p0 = new TopicIdPartition(created.topicId(), 0);

            TestQuorum.await(TIMEOUT, "the listener to learn it leads mine-0", () -> led.contains(p0));
            assertThat(led).containsExactly(p0);
            assertThat(broker.image().sameContent(controller.image())).isTrue();
            assertThat(broker.isActiveController()).isFalse();
            assertThat(broker.controllerId()).hasValue(1);
            assertThatThrownBy(() -> await(broker.submit(new DeleteTopics(List.of("mine"), null))))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(NotControllerException.class);

            await(controller.submit(new DeleteTopics(List.of("mine"), null)));
            TestQuorum.await(TIMEOUT, "the listener to learn mine is deleted", () -> deleted.size() == 2);
            assertThat(broker.image().topic("mine")).isNull();
        }
    }

    @Test
    void singleCombinedNodeServesCommandsAndRecoversItsImageOnRestart(@TempDir Path dir) throws Exception {
        try (TestQuorum q = new TestQuorum(dir, 1, 0, 5)) {
            q.startAll();
            MetadataNode node = q.awaitController(TIMEOUT);
            registerBrokers(node, 1);
            for (int t = 0; t < 12; t++) {
                assertThat(ThreeVoterQuorumTest.createTopic(node, "t" + t).error().error())
                        .isEqualTo(io.tributary.protocol.Errors.INVALID_REPLICATION_FACTOR);
                var r = await(node.submit(new CreateTopics(List.of(NewTopic.of("t" + t, 2, 1)), false)));
                assertThat(r.get("t" + t).error()).isEqualTo(ApiError.NONE);
            }
            var before = node.image();
            q.stopAll();
            q.startAll();
            MetadataNode again = q.awaitController(TIMEOUT);
            TestQuorum.await(TIMEOUT, "the image back", () -> again.image().sameContent(before));
            assertThat(again.latestSnapshotOffset()).isPositive();
        }
    }
}
