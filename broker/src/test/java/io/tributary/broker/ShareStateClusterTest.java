package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.share.RecordState;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareState;
import io.tributary.broker.share.ShareStateTopic;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Share-partition state across three nodes: a node that is not the share coordinator reaches it over the wire, and
 * once the coordinator's node stops, the state is read from the new leader of its {@code __share_group_state}
 * partition (replication factor 3).
 */
class ShareStateClusterTest {

    @TempDir
    Path dir;

    @Test
    void stateOutlivesItsCoordinatorsNode() throws Exception {
        SharePartitionKey key = new SharePartitionKey("shares", new UUID(3, 4), 1);
        ShareState written = new ShareState(1, 2, 50, List.of(
                new ShareState.StateBatch(50, 59, RecordState.ACKNOWLEDGED.id(), (short) 1),
                new ShareState.StateBatch(60, 61, RecordState.ARCHIVED.id(), (short) 5)));
        try (TestCluster cluster = TestCluster.start(dir,
                Map.of("share.coordinator.state.topic.num.partitions", "1"))) {
            // created here with all three replicas: created on first use it would get as many as brokers are
            // active at that moment, which on a loaded machine may still be fewer than three
            cluster.createTopic(new org.apache.kafka.clients.admin.NewTopic(ShareStateTopic.NAME, 1, (short) 3)
                    .configs(Map.of("cleanup.policy", "compact")));
            cluster.nodes[0].shareStates().initialize(key, 1, 0).get(60, TimeUnit.SECONDS);
            TestBroker.await(ShareStateTopic.NAME + "-0 has all three replicas in sync", TestCluster.DEADLINE,
                    () -> cluster.isr(ShareStateTopic.NAME, 0).size() == 3);
            int coordinator = cluster.leaderIndex(ShareStateTopic.NAME, 0);
            assertThat(coordinator).isNotNegative();
            int other = (coordinator + 1) % TestCluster.VOTERS;
            int third = (coordinator + 2) % TestCluster.VOTERS;

            cluster.nodes[other].shareStates().write(key, written).get(60, TimeUnit.SECONDS);
            assertThat(cluster.nodes[third].shareStates().read(key, 2).get(60, TimeUnit.SECONDS)).isEqualTo(written);

            cluster.stop(coordinator);
            ShareState read = cluster.nodes[other].shareStates().read(key, 2).get(60, TimeUnit.SECONDS);
            assertThat(read).isEqualTo(written);
            assertThat(cluster.leaderIndex(ShareStateTopic.NAME, 0)).isNotEqualTo(coordinator);
        }
    }
}
