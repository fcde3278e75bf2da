package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterPartitionReassignmentsRequestData;
import io.tributary.protocol.message.AlterPartitionReassignmentsResponseData;
import io.tributary.protocol.message.ListPartitionReassignmentsRequestData;
import io.tributary.protocol.message.ListPartitionReassignmentsResponseData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partition reassignment (KIP-455) among three in-process nodes ({@link TestCluster}): a replication-factor-2
 * partition moved from nodes {1,2} to {2,3} under an idempotent acks=all producer — node 3 catches up and joins the
 * ISR, the replicas become [2,3] with node 2 leading, node 1 deletes its log, and every acknowledged record is read
 * back once; a reassignment that cannot complete (its new replica is stopped) is listed, through Admin and through a
 * node that forwards to the controller, and cancelled.
 */
class PartitionReassignmentTest {

    @TempDir
    Path dir;

    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Creates a one-partition topic on {@code replicas} and waits until they are all in sync and host it. */
    private void createOnePartition(String topic, List<Integer> replicas) throws Exception {
        cluster.admin().createTopics(List.of(new NewTopic(topic, Map.of(0, replicas))
                .configs(Map.of("min.insync.replicas", "2")))).all().get();
        TestBroker.await(topic + " is in sync on " + replicas, TestCluster.DEADLINE, () -> {
            List<TopicPartitionInfo> info = cluster.partitionInfo(topic);
            return info.size() == 1 && info.get(0).isr().size() == replicas.size()
                    && replicas.stream().allMatch(id -> hosts(id, topic));
        });
    }

    private boolean hosts(int nodeId, String topic) {
        BrokerServer node = cluster.nodes[nodeId - 1];
        return node != null && node.partitions().partition(topic, 0) != null;
    }

    private List<Integer> ids(List<org.apache.kafka.common.Node> nodes) {
        return nodes.stream().map(org.apache.kafka.common.Node::id).toList();
    }

    /** Whether node {@code nodeId}'s log dir holds nothing of {@code topic}-0 (deleted dirs are removed later). */
    private boolean noLogLeft(int nodeId, String topic) {
        try (Stream<Path> entries = Files.list(dir.resolve("node-" + nodeId))) {
            return entries.noneMatch(p -> p.getFileName().toString().startsWith(topic + "-0"));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void replicasMoveUnderARunningProducerWithoutLosingAnAcknowledgedRecord() throws Exception {
        cluster = TestCluster.start(dir, Map.of("auto.leader.rebalance.enable", "false"));
        createOnePartition("moving", List.of(1, 2));
        TopicPartition tp = new TopicPartition("moving", 0);

        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try (KafkaProducer<String, String> p = cluster.producer(Map.of())) {
                for (int i = 0; producing.get(); i++) {
                    String value = "v" + i;
                    p.send(new ProducerRecord<>("moving", 0, "k", value), (metadata, error) -> {
                        if (error == null) {
                            acked.add(value);
                        }
                    });
                    if (i % 50 == 49) {
                        p.flush();   // paces the producer: each 50 records wait for their acknowledgements
                    }
                }
                p.flush();
            } catch (Throwable t) {
                producerFailure.set(t);
            }
        }, "reassignment-test-producer");
        producer.start();
        try {
            TestBroker.await("some records acknowledged", TestCluster.DEADLINE, () -> acked.size() >= 2_000);

            Admin admin = cluster.admin();
            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 3)))))
                    .all().get();
            TestBroker.await("the reassignment completes", TestCluster.DEADLINE, () -> {
                List<TopicPartitionInfo> info = cluster.partitionInfo("moving");
                return info.size() == 1 && ids(info.get(0).replicas()).equals(List.of(2, 3))
                        && ids(info.get(0).isr()).containsAll(List.of(2, 3));
            });
            assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
            TopicPartitionInfo done = cluster.partitionInfo("moving").get(0);
            assertThat(done.leader().id()).as("node 1 was removed: the first target replica leads").isEqualTo(2);

            TestBroker.await("node 1 no longer hosts moving-0 and its log is gone", TestCluster.DEADLINE,
                    () -> !hosts(1, "moving") && noLogLeft(1, "moving"));
            int before = acked.size();
            TestBroker.await("the producer goes on against the new leader", TestCluster.DEADLINE,
                    () -> acked.size() >= before + 1_000);
        } finally {
            producing.set(false);
            producer.join(60_000);
        }
        assertThat(producerFailure.get()).isNull();

        PartitionRegistration onNode2 = cluster.nodes[1].partitions().partition("moving", 0).registration();
        assertThat(onNode2.replicas()).containsExactly(2, 3);
        assertThat(onNode2.isReassigning()).isFalse();
        long end = cluster.nodes[1].partitions().partition("moving", 0).log().logEndOffset();
        TestBroker.await("node 3 holds all of node 2's log", TestCluster.DEADLINE,
                () -> cluster.nodes[2].partitions().partition("moving", 0).log().logEndOffset() == end);

        List<ConsumerRecord<String, String>> read = cluster.readAll(tp.topic(), tp.partition(), end);
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<String, String> r : read) {
            assertThat(values.add(r.value())).as("%s read once", r.value()).isTrue();
        }
        assertThat(values).containsAll(acked);
        assertThat(acked.size()).isGreaterThanOrEqualTo(3_000);
    }

    @Test
    void aPendingReassignmentIsListedEverywhereAndCancelled() throws Exception {
        cluster = TestCluster.start(dir, Map.of("auto.leader.rebalance.enable", "false"));
        Admin admin = cluster.admin();
        int controller = admin.describeCluster().controller().get().id();
        int down = controller == 3 ? 2 : 3;               // a node that is not the controller, stopped below
        List<Integer> replicas = new ArrayList<>(List.of(1, 2, 3));
        replicas.remove(Integer.valueOf(down));
        int kept = replicas.get(0);
        int removed = replicas.get(1);
        int forwarder = kept == controller ? removed : kept;  // a running node that is not the controller
        createOnePartition("pending", replicas);
        TopicPartition tp = new TopicPartition("pending", 0);
        cluster.stop(down - 1);

        // sent to a node that is not the controller: forwarded, answered once that node's metadata shows it
        try (RawClient client = new RawClient(cluster.nodes[forwarder - 1].boundAddress())) {
            AlterPartitionReassignmentsResponseData r = (AlterPartitionReassignmentsResponseData) client.send(
                    new AlterPartitionReassignmentsRequestData().setTimeoutMs(30_000).setTopics(List.of(
                            new AlterPartitionReassignmentsRequestData.ReassignableTopic().setName("pending")
                                    .setPartitions(List.of(new AlterPartitionReassignmentsRequestData
                                            .ReassignablePartition().setPartitionIndex(0)
                                            .setReplicas(List.of(kept, down)))))), (short) 1);
            assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(r.responses().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
            PartitionRegistration seen = cluster.nodes[forwarder - 1].partitions().publishedImage()
                    .topic("pending").partition(0);
            assertThat(seen.replicas()).containsExactly(kept, down, removed);
            assertThat(seen.addingReplicas()).containsExactly(down);

            ListPartitionReassignmentsResponseData listed = (ListPartitionReassignmentsResponseData) client.send(
                    new ListPartitionReassignmentsRequestData().setTimeoutMs(30_000).setTopics(null), (short) 0);
            assertThat(listed.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(listed.topics()).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo("pending");
                assertThat(t.partitions()).singleElement().satisfies(p -> {
                    assertThat(p.replicas()).containsExactly(kept, down, removed);
                    assertThat(p.addingReplicas()).containsExactly(down);
                    assertThat(p.removingReplicas()).containsExactly(removed);
                });
            });
        }
        Map<TopicPartition, PartitionReassignment> ongoing = admin.listPartitionReassignments().reassignments().get();
        assertThat(ongoing).containsOnlyKeys(tp);
        assertThat(ongoing.get(tp).addingReplicas()).containsExactly(down);
        assertThat(ongoing.get(tp).removingReplicas()).containsExactly(removed);
        assertThat(ids(cluster.partitionInfo("pending").get(0).replicas())).containsExactly(kept, down, removed);

        admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get();
        assertThat(admin.listPartitionReassignments(Set.of(tp)).reassignments().get()).isEmpty();
        TestBroker.await("the replicas are back", TestCluster.DEADLINE,
                () -> ids(cluster.partitionInfo("pending").get(0).replicas()).equals(List.of(kept, removed)));
        assertThat(cause(() -> admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get()))
                .isInstanceOf(NoReassignmentInProgressException.class);
        assertThat(cause(() -> admin.alterPartitionReassignments(Map.of(tp,
                Optional.of(new NewPartitionReassignment(List.of(kept, 9))))).all().get()))
                .isInstanceOf(InvalidReplicaAssignmentException.class);
        TopicPartition unknown = new TopicPartition("nope", 0);
        assertThat(cause(() -> admin.alterPartitionReassignments(Map.of(unknown,
                Optional.of(new NewPartitionReassignment(List.of(kept))))).all().get()))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Throwable cause(Call call) {
        try {
            call.run();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
