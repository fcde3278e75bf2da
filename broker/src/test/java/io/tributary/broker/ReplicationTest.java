package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.Errors;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.message.ProduceRequestData;
import io.tributary.protocol.message.ProduceResponseData;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follower replication among three in-process nodes (each a voter and a broker) with kafka-clients: followers copy
 * the leader's log, acks=all is answered once the ISR has the batch, min.insync.replicas refuses writes the ISR
 * cannot hold, a node that stops leaves the ISR and its partitions get a new leader holding every acknowledged
 * record, and a node that comes back catches up and rejoins the ISR.
 */
class ReplicationTest {

    private static final Duration DEADLINE = TestCluster.DEADLINE;

    @TempDir
    Path dir;

    private TestCluster cluster;
    private BrokerServer[] nodes;
    private Admin admin;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startCluster() throws Exception {
        startCluster(Map.of());
    }

    private void startCluster(Map<String, String> overrides) throws Exception {
        cluster = TestCluster.start(dir, overrides);
        nodes = cluster.nodes;
        admin = cluster.admin();
    }

    private void start(int n) {
        cluster.start(n);
    }

    private String bootstrap() {
        return cluster.bootstrap();
    }

    private void createTopic(String name, int partitions, int minIsr) throws Exception {
        cluster.createTopic(name, partitions, minIsr);
    }

    private List<TopicPartitionInfo> partitionInfo(String topic) {
        return cluster.partitionInfo(topic);
    }

    private static int gauge(BrokerServer node, String name) {
        return (Integer) node.metrics().registry().getGauges().get("kafka.server:type=ReplicaManager,name=" + name)
                .getValue();
    }

    private int leaderIndex(String topic, int partition) {
        return cluster.leaderIndex(topic, partition);
    }

    @Test
    void followersCopyTheLeaderAndAcksAllWaitsForThem() throws Exception {
        startCluster();
        createTopic("copied", 1, 2);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            RecordMetadata last = null;
            for (int i = 0; i < 500; i++) {
                last = producer.send(new ProducerRecord<>("copied", 0, "k" + i, "v" + i)).get();
            }
            assertThat(last.offset()).isEqualTo(499);
        }
        for (BrokerServer node : nodes) {
            Partition p = node.partitions().partition("copied", 0);
            TestBroker.await("every replica holds the 500 records", DEADLINE,
                    () -> p.log().logEndOffset() == 500 && p.highWatermark() == 500);
        }
        List<ConsumerRecord<String, String>> read = cluster.readAll("copied", 0, 500);
        assertThat(read).hasSize(500);
        assertThat(read.get(499).value()).isEqualTo("v499");
    }

    @Test
    void aStoppedLeaderIsReplacedWithoutLosingAcknowledgedRecordsAndRejoinsWhenBack() throws Exception {
        startCluster();
        createTopic("failover", 1, 2);
        List<Long> acked = new ArrayList<>();
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 200; i++) {
                acked.add(producer.send(new ProducerRecord<>("failover", 0, "k", "v" + i)).get().offset());
            }
            int leader = leaderIndex("failover", 0);
            nodes[leader].close();
            nodes[leader] = null;
            TestBroker.await("another node leads", DEADLINE, () -> {
                int now = leaderIndex("failover", 0);
                return now >= 0 && now != leader;
            });
            for (int i = 200; i < 400; i++) {
                acked.add(producer.send(new ProducerRecord<>("failover", 0, "k", "v" + i)).get().offset());
            }
            BrokerServer newLeader = nodes[leaderIndex("failover", 0)];
            assertThat(gauge(newLeader, "UnderReplicatedPartitions")).isEqualTo(1);
            start(leader);
            TestBroker.await("the restarted node is back in the ISR", DEADLINE,
                    () -> partitionInfo("failover").get(0).isr().size() == 3);
            TestBroker.await("the leader counts no under-replicated partition", DEADLINE,
                    () -> gauge(newLeader, "UnderReplicatedPartitions") == 0);
            assertThat(newLeader.metrics().registry().getMeters()
                    .get("kafka.server:type=ReplicaManager,name=IsrExpandsPerSec").getCount()).isPositive();
            Partition back = nodes[leader].partitions().partition("failover", 0);
            TestBroker.await("the restarted node caught up", DEADLINE, () -> back.log().logEndOffset() == 400);
        }
        List<ConsumerRecord<String, String>> read = cluster.readAll("failover", 0, 400);
        assertThat(read).hasSize(400);
        for (int i = 0; i < 400; i++) {
            assertThat(read.get(i).offset()).isEqualTo(acked.get(i));
            assertThat(read.get(i).value()).isEqualTo("v" + i);
        }
    }

    @Test
    void acksAllIsRefusedWhileTheIsrIsBelowMinInsyncReplicas() throws Exception {
        startCluster();
        createTopic("guarded", 1, 3);
        int follower = (leaderIndex("guarded", 0) + 1) % 3;
        nodes[follower].close();
        nodes[follower] = null;
        TestBroker.await("the ISR shrinks to two", DEADLINE,
                () -> partitionInfo("guarded").get(0).isr().size() == 2);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            try {
                producer.send(new ProducerRecord<>("guarded", 0, "k", "refused")).get();
                throw new AssertionError("acks=all was acknowledged with the ISR below min.insync.replicas");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfAny(NotEnoughReplicasException.class,
                        org.apache.kafka.common.errors.TimeoutException.class);
            }
        }
        assertThat(nodes[leaderIndex("guarded", 0)].partitions().partition("guarded", 0).log().logEndOffset())
                .isZero();
    }

    @Test
    void aStoppingLeaderHandsItsLeadershipsOverBeforeItExits() throws Exception {
        startCluster();
        createTopic("handover", 3, 2);
        int leader = leaderIndex("handover", 0);
        nodes[leader].close();   // controlled shutdown: returns once the controller moved its leaderships
        nodes[leader] = null;
        // Well before broker.session.timeout.ms (3 s here) could have fenced it, no partition names it as leader.
        TestBroker.await("no partition is led by the stopped node", Duration.ofMillis(1500),
                () -> partitionInfo("handover").stream().allMatch(p -> p.leader() != null
                        && p.leader().id() != leader + 1 && !p.isr().stream().anyMatch(n -> n.id() == leader + 1)));
    }

    @Test
    void committedOffsetsSurviveTheLossOfTheGroupCoordinator() throws Exception {
        startCluster();
        createTopic("grouped", 1, 1);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("grouped", 0, "k", "v" + i)).get();
            }
        }
        TopicPartition tp = new TopicPartition("grouped", 0);
        try (KafkaConsumer<String, String> c = groupConsumer()) {
            c.assign(List.of(tp));
            c.commitSync(Map.of(tp, new OffsetAndMetadata(7)));
        }
        int coordinator = admin.describeConsumerGroups(List.of("survivors")).all().get().get("survivors")
                .coordinator().id() - 1;
        nodes[coordinator].close();
        nodes[coordinator] = null;
        try (KafkaConsumer<String, String> c = groupConsumer()) {
            assertThat(c.committed(Set.of(tp), Duration.ofSeconds(30)).get(tp).offset()).isEqualTo(7);
            c.commitSync(Map.of(tp, new OffsetAndMetadata(9)));
            assertThat(c.committed(Set.of(tp), Duration.ofSeconds(30)).get(tp).offset()).isEqualTo(9);
        }
    }

    private KafkaConsumer<String, String> groupConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "survivors");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void aLeaderWhoseProcessIsGoneIsReplacedLongBeforeItsSessionTimeout() throws Exception {
        // No controlled shutdown: the node just stops listening, as a killed process does.
        startCluster(Map.of("broker.session.timeout.ms", "60000", "controlled.shutdown.enable", "false"));
        createTopic("crash", 1, 1);
        int leader = leaderIndex("crash", 0);
        long start = System.nanoTime();
        nodes[leader].close();
        nodes[leader] = null;
        TestBroker.await("another node leads", Duration.ofSeconds(20), () -> {
            int now = leaderIndex("crash", 0);
            return now >= 0 && now != leader;
        });
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(ms).as("failover took %d ms; the session timeout is 60 s", ms).isLessThan(20_000);
    }

    @Test
    void aFollowerAnsweringNotLeaderNamesTheLeaderAndItsEndpoint() throws Exception {
        startCluster();
        createTopic("hinted", 1, 1);
        int leader = leaderIndex("hinted", 0);
        int follower = (leader + 1) % 3;
        TestBroker.await("the follower hosts the partition", DEADLINE,
                () -> nodes[follower].partitions().partition("hinted", 0) != null);
        ByteBuffer batch = new RecordBatchBuilder().add(new RecordData(System.currentTimeMillis(), null,
                ByteBuffer.wrap("v".getBytes()), List.of())).build();
        ProduceRequestData.PartitionProduceData data = new ProduceRequestData.PartitionProduceData().setIndex(0)
                .setRecords(new HeapRecords(batch));
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000)
                .setTopicData(List.of(new ProduceRequestData.TopicProduceData().setName("hinted")
                        .setPartitionData(List.of(data))));
        try (RawClient client = new RawClient(nodes[follower].boundAddress())) {
            ProduceResponseData response = (ProduceResponseData) client.send(request, (short) 11);
            ProduceResponseData.PartitionProduceResponse p = response.responses().get(0).partitionResponses().get(0);
            assertThat(p.errorCode()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
            assertThat(p.currentLeader().leaderId()).isEqualTo(leader + 1);
            assertThat(p.currentLeader().leaderEpoch()).isEqualTo(
                    nodes[leader].partitions().partition("hinted", 0).leaderEpoch());
            assertThat(response.nodeEndpoints()).singleElement().satisfies(n -> {
                assertThat(n.nodeId()).isEqualTo(leader + 1);
                assertThat(n.port()).isEqualTo(nodes[leader].boundAddress().getPort());
            });
        }
    }

    @Test
    void aConsumerGivingItsRackReadsFromAnInSyncFollowerInThatRack() throws Exception {
        startCluster(Map.of("broker.rack", "rack-{id}",
                "replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector"));
        createTopic("racked", 1, 1);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("racked", 0, "k", "v" + i)).get();
            }
        }
        int leader = leaderIndex("racked", 0);
        int follower = (leader + 1) % 3;
        TestBroker.await("the follower holds every record", DEADLINE,
                () -> nodes[follower].partitions().partition("racked", 0).highWatermark() == 100);
        long servedBefore = bytesOut(nodes[follower]);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.CLIENT_RACK_CONFIG, "rack-" + (follower + 1));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("racked", 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (values.size() < 100 && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).hasSize(100).startsWith("v0").endsWith("v99");
        assertThat(bytesOut(nodes[follower]) - servedBefore).as("bytes the follower served the consumer")
                .isGreaterThan(100 * 2);
    }

    private static long bytesOut(BrokerServer node) {
        return node.metrics().registry().getMeters().get("kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec")
                .getCount();
    }
}
