package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.TestCluster.StoredRecord;
import io.tributary.protocol.message.DescribeClusterRequestData;
import io.tributary.protocol.message.DescribeClusterResponseData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker-only node ({@code process.roles=broker}, node 4, not in {@code controller.quorum.voters}) beside three
 * voters: it receives the metadata log as a non-voting member, registers and is listed by DescribeCluster, hosts
 * replicas like any broker — follows, is elected leader when the leader stops and serves produce and fetch — and its
 * coming and going never touches the quorum: the same controller stays active and metadata keeps committing.
 */
class BrokerOnlyNodeTest {

    private static final Duration DEADLINE = TestCluster.DEADLINE;
    /** Node 4, the broker-only node. */
    private static final int FOUR = 3;

    @TempDir
    Path dir;

    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startCluster() throws Exception {
        cluster = TestCluster.start(dir, 1, Map.of("auto.leader.rebalance.enable", "false"));
    }

    private static List<Long> offsets(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::offset).toList();
    }

    private static List<String> values(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::value).toList();
    }

    /** The broker ids DescribeCluster names now (empty when the request fails). */
    private static Set<Integer> brokerIds(Admin admin) {
        try {
            return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
        } catch (InterruptedException | ExecutionException e) {
            return Set.of();
        }
    }

    @Test
    void aBrokerOnlyNodeRegistersAndFollowsEveryPartitionOfAFourReplicaTopic() throws Exception {
        startCluster();
        assertThat(cluster.config(FOUR).quorum().isVoter()).isFalse();
        assertThat(cluster.config(FOUR).quorum().voters()).containsOnlyKeys(1, 2, 3);
        BrokerServer four = cluster.nodes[FOUR];
        TestBroker.await("node 4's own metadata lists every broker", DEADLINE,
                () -> four.partitions().publishedImage().brokers().keySet().equals(Set.of(1, 2, 3, 4)));
        Admin admin = cluster.admin();
        TestBroker.await("Admin's DescribeCluster lists the four brokers", DEADLINE,
                () -> brokerIds(admin).equals(Set.of(1, 2, 3, 4)));
        assertThat(admin.describeCluster().controller().get().id()).isBetween(1, 3);
        try (RawClient raw = new RawClient(four.boundAddress())) {   // answered by node 4 itself
            DescribeClusterResponseData answer = (DescribeClusterResponseData) raw.send(
                    new DescribeClusterRequestData().setEndpointType((byte) 1), (short) 1);
            assertThat(answer.errorCode()).isZero();
            assertThat(answer.brokers()).extracting(DescribeClusterResponseData.DescribeClusterBroker::brokerId)
                    .containsExactlyInAnyOrder(1, 2, 3, 4);
            assertThat(answer.controllerId()).isBetween(1, 3);
        }

        cluster.createTopic(new NewTopic("everywhere", 2, (short) 4)
                .configs(Map.of("min.insync.replicas", "4")));
        assertThat(cluster.partitionInfo("everywhere")).allSatisfy(p ->
                assertThat(p.isr()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3, 4));
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("everywhere", i % 2, "k", "v" + i)).get();
            }
        }
        for (int p = 0; p < 2; p++) {
            Partition replica = four.partitions().partition("everywhere", p);
            TestBroker.await("node 4 holds the 50 records of everywhere-" + p, DEADLINE,
                    () -> replica.log().logEndOffset() == 50 && replica.highWatermark() == 50);
            BrokerServer leader = cluster.nodes[cluster.leaderIndex("everywhere", p)];
            List<StoredRecord> copied = TestCluster.stored(four, "everywhere", p);
            assertThat(copied).isEqualTo(TestCluster.stored(leader, "everywhere", p));
            List<String> expected = new ArrayList<>();
            for (int i = p; i < 100; i += 2) {
                expected.add("v" + i);
            }
            assertThat(values(copied)).isEqualTo(expected);
        }
    }

    @Test
    void aBrokerOnlyNodeLeadsWhenTheLeaderStopsAndServesProduceAndFetch() throws Exception {
        startCluster();
        int controller = cluster.controllerId();
        int preferred = controller == 1 ? 2 : 1;   // a voter whose stopping leaves the active controller be
        cluster.createTopic(new NewTopic("handed", Map.of(0, List.of(preferred, 4, controller)))
                .configs(Map.of("min.insync.replicas", "2")));
        assertThat(cluster.leaderIndex("handed", 0)).isEqualTo(preferred - 1);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 50; i++) {
                assertThat(producer.send(new ProducerRecord<>("handed", 0, "k", "v" + i)).get().offset())
                        .isEqualTo(i);
            }
            cluster.stop(preferred - 1);   // controlled shutdown: node 4 is the next replica in the ISR
            TestBroker.await("node 4 leads handed-0", DEADLINE, () -> cluster.leaderIndex("handed", 0) == FOUR);
            assertThat(cluster.nodes[FOUR].partitions().partition("handed", 0).isLeader(4)).isTrue();
            for (int i = 50; i < 100; i++) {
                assertThat(producer.send(new ProducerRecord<>("handed", 0, "k", "v" + i)).get().offset())
                        .isEqualTo(i);
            }
        }
        // only the leader serves a consumer that names no rack: these come from node 4
        List<ConsumerRecord<String, String>> read = cluster.readAll("handed", 0, 100);
        assertThat(read).extracting(ConsumerRecord::offset).containsExactlyElementsOf(
                offsets(TestCluster.stored(cluster.nodes[FOUR], "handed", 0)));
        assertThat(read).hasSize(100).extracting(ConsumerRecord::value).startsWith("v0").endsWith("v99");

        cluster.start(preferred - 1);
        TestBroker.await("node " + preferred + " is back in the ISR", DEADLINE,
                () -> cluster.isr("handed", 0).size() == 3);
        assertThat(cluster.leaderIndex("handed", 0)).isEqualTo(FOUR);
        Partition back = cluster.nodes[preferred - 1].partitions().partition("handed", 0);
        TestBroker.await("node " + preferred + " caught up", DEADLINE, () -> back.log().logEndOffset() == 100);
        assertThat(TestCluster.stored(cluster.nodes[preferred - 1], "handed", 0))
                .isEqualTo(TestCluster.stored(cluster.nodes[FOUR], "handed", 0));
    }

    @Test
    void stoppingTheBrokerOnlyNodeLeavesTheQuorumAlone() throws Exception {
        startCluster();
        int controller = cluster.controllerId();
        cluster.createTopic(new NewTopic("wide", Map.of(0, List.of(4, 1, 2, 3)))
                .configs(Map.of("min.insync.replicas", "2")));
        assertThat(cluster.leaderIndex("wide", 0)).isEqualTo(FOUR);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("wide", 0, "k", "v" + i)).get();
            }
            cluster.stop(FOUR);
            TestBroker.await("node 1 leads wide-0 and node 4 left the ISR", DEADLINE,
                    () -> cluster.leaderIndex("wide", 0) == 0 && !cluster.isr("wide", 0).contains(4));
            for (int i = 20; i < 40; i++) {
                producer.send(new ProducerRecord<>("wide", 0, "k", "v" + i)).get();
            }
        }
        // the quorum did not notice: the same controller, and metadata still commits on every voter
        assertThat(cluster.controllerId()).isEqualTo(controller);
        cluster.createTopic("while-away", 1, 2);
        for (int n = 0; n < TestCluster.VOTERS; n++) {
            BrokerServer voter = cluster.nodes[n];
            TestBroker.await("node " + (n + 1) + " applied the new topic", DEADLINE,
                    () -> voter.partitions().publishedImage().topic("while-away") != null);
        }
        assertThat(cluster.admin().describeCluster().nodes().get()).extracting(Node::id)
                .containsExactlyInAnyOrder(1, 2, 3);

        cluster.start(FOUR);
        BrokerServer four = cluster.nodes[FOUR];
        TestBroker.await("node 4 received what was committed while it was away", DEADLINE,
                () -> four.partitions().publishedImage().topic("while-away") != null);
        TestBroker.await("node 4 is back in the ISR of wide-0", DEADLINE,
                () -> cluster.isr("wide", 0).size() == 4);
        Partition back = four.partitions().partition("wide", 0);
        TestBroker.await("node 4 caught up", DEADLINE, () -> back.log().logEndOffset() == 40);
        assertThat(values(TestCluster.stored(four, "wide", 0))).hasSize(40).startsWith("v0").endsWith("v39");
        TestBroker.await("node 4 applies what is committed after its return (itself back in the ISR)", DEADLINE,
                () -> four.partitions().publishedImage().topic("wide").partition(0).isr().contains(4));
        assertThat(cluster.controllerId()).isEqualTo(controller);
    }

    @Test
    void aBrokerOnlyNodeThatVanishesIsFencedAndTheQuorumCarriesOn() throws Exception {
        // No controlled shutdown and a long session: only the active controller's liveness probe notices it is gone.
        cluster = TestCluster.start(dir, 1, Map.of("controlled.shutdown.enable", "false",
                "broker.session.timeout.ms", "60000", "auto.leader.rebalance.enable", "false"));
        int controller = cluster.controllerId();
        cluster.createTopic(new NewTopic("vanish", Map.of(0, List.of(4, 1, 2)))
                .configs(Map.of("min.insync.replicas", "2")));
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("vanish", 0, "k", "v" + i)).get();
            }
            cluster.stop(FOUR);
            TestBroker.await("node 1 leads vanish-0 without node 4", Duration.ofSeconds(20),
                    () -> cluster.leaderIndex("vanish", 0) == 0 && cluster.isr("vanish", 0).equals(List.of(1, 2)));
            for (int i = 20; i < 40; i++) {
                assertThat(producer.send(new ProducerRecord<>("vanish", 0, "k", "v" + i)).get().offset())
                        .isEqualTo(i);
            }
        }
        assertThat(cluster.controllerId()).isEqualTo(controller);
        cluster.createTopic("after-vanish", 1, 2);
        assertThat(cluster.readAll("vanish", 0, 40)).extracting(ConsumerRecord::value).hasSize(40)
                .startsWith("v0").endsWith("v39");
    }
}
