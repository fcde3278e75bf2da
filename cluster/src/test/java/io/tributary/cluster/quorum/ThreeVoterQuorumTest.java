package io.tributary.cluster.quorum;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand.BrokerHeartbeat;
import io.tributary.cluster.controller.ControllerCommand.CreateTopics;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.controller.ControllerCommand.RegisterBroker;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.MetadataImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Three voters on loopback: leader loss, catch-up of a restarted voter on its old storage, and a full restart
 * recovering the same image from snapshot and log.
 */
class ThreeVoterQuorumTest {

    private static final Duration ELECTION = Duration.ofSeconds(20);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    static <R> R await(CompletableFuture<R> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    static void registerBrokers(MetadataNode controller, int... ids) throws Exception {
        for (int id : ids) {
            RegisterBroker.Result r = await(controller.submit(new RegisterBroker(id, new UUID(9, id),
                    List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9000 + id, (short) 0)), "rack-" + id)));
            assertThat(r.error()).isEqualTo(ApiError.NONE);
            assertThat(await(controller.submit(new BrokerHeartbeat(id, r.brokerEpoch(), false, false))).fenced())
                    .isFalse();
        }
    }

    static CreateTopics.TopicResult createTopic(MetadataNode controller, String name) throws Exception {
        return await(controller.submit(new CreateTopics(List.of(NewTopic.of(name, 3, 3)), false))).get(name);
    }

    private static void awaitSameImage(TestQuorum q, MetadataImage expected, Duration timeout) {
        for (MetadataNode n : q.nodes()) {
            TestQuorum.await(timeout, "node " + n.nodeId() + " to hold the leader's image",
                    () -> n.image().sameContent(expected));
        }
    }

    @Test
    void leaderLossElectsANewLeaderThatKeepsEverythingCommittedAndRestartsRecoverTheSameImage(
            @TempDir Path dir) throws Exception {
        try (TestQuorum q = new TestQuorum(dir, 3, 0, 40)) {
            q.startAll();
            MetadataNode leader = q.awaitController(ELECTION);
            registerBrokers(leader, 1, 2, 3);

            // 100 topics, each committed before the next is asked for
            List<CompletableFuture<Map<String, CreateTopics.TopicResult>>> pending = new ArrayList<>();
            for (int t = 0; t < 100; t++) {
                pending.add(leader.submit(new CreateTopics(List.of(NewTopic.of("topic-" + t, 3, 3)), false)));
            }
            for (int t = 0; t < 100; t++) {
                assertThat(await(pending.get(t)).get("topic-" + t).error()).isEqualTo(ApiError.NONE);
            }
            MetadataImage committed = leader.image();
            assertThat(committed.topics()).hasSize(100);
            assertThat(committed.partitionCount()).isEqualTo(300);
            awaitSameImage(q, committed, CATCH_UP);

            // the leader goes away: another voter takes over and serves writes
            int oldLeader = leader.nodeId();
            long killedAt = System.nanoTime();
            q.stop(oldLeader);
            MetadataNode newLeader = q.awaitController(ELECTION);
            assertThat(newLeader.nodeId()).isNotEqualTo(oldLeader);
            assertThat(createTopic(newLeader, "after-failover").error()).isEqualTo(ApiError.NONE);
            long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.printf("leader %d closed -> leader %d committed a new topic after %d ms%n",
                    oldLeader, newLeader.nodeId(), failoverMs);
            for (String name : committed.topics().keySet()) {
                assertThat(newLeader.image().topic(name)).isEqualTo(committed.topic(name));
            }
            assertThat(newLeader.image().brokers()).isEqualTo(committed.brokers());

            // a follower refuses commands and names the controller
            MetadataNode follower = q.nodes().stream().filter(n -> n != newLeader).findFirst().orElseThrow();
            assertThatThrownBy(() -> await(follower.submit(new CreateTopics(List.of(NewTopic.of("x", 1, 1)),
                    false)))).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(NotControllerException.class);

            // the old leader restarts on its old storage and catches up
            q.start(oldLeader);
            MetadataImage afterFailover = newLeader.image();
            assertThat(afterFailover.topics()).hasSize(101);
            awaitSameImage(q, afterFailover, CATCH_UP);

            // everyone restarts: the same image comes back from snapshot and log
            q.stopAll();
            q.startAll();
            MetadataNode restartedLeader = q.awaitController(ELECTION);
            awaitSameImage(q, afterFailover, CATCH_UP);
            for (MetadataNode n : q.nodes()) {
                assertThat(n.latestSnapshotOffset()).as("snapshot on node %s", n.nodeId()).isPositive();
            }
            assertThat(createTopic(restartedLeader, "after-restart").error()).isEqualTo(ApiError.NONE);
            assertThat(createTopic(restartedLeader, "topic-7").error().error())
                    .isEqualTo(io.tributary.protocol.Errors.TOPIC_ALREADY_EXISTS);
        }
    }
}
