package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.ApiVersionsRequestData;
import io.tributary.protocol.message.ApiVersionsResponseData;
import io.tributary.protocol.message.BrokerHeartbeatRequestData;
import io.tributary.protocol.message.AlterConfigsRequestData;
import io.tributary.protocol.message.AlterConfigsResponseData;
import io.tributary.protocol.message.BrokerHeartbeatResponseData;
import io.tributary.protocol.message.CreatePartitionsRequestData;
import io.tributary.protocol.message.CreatePartitionsResponseData;
import io.tributary.protocol.message.CreateTopicsRequestData;
import io.tributary.protocol.message.CreateTopicsResponseData;
import io.tributary.protocol.message.DeleteTopicsRequestData;
import io.tributary.protocol.message.DeleteTopicsResponseData;
import io.tributary.protocol.message.DescribeConfigsRequestData;
import io.tributary.protocol.message.DescribeConfigsResponseData;
import io.tributary.protocol.message.FindCoordinatorRequestData;
import io.tributary.protocol.message.FindCoordinatorResponseData;
import io.tributary.protocol.message.IncrementalAlterConfigsRequestData;
import io.tributary.protocol.message.IncrementalAlterConfigsResponseData;
import io.tributary.protocol.message.InitProducerIdRequestData;
import io.tributary.protocol.message.InitProducerIdResponseData;
import io.tributary.protocol.message.MetadataRequestData;
import io.tributary.protocol.message.MetadataResponseData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three combined nodes (broker and controller each, {@code controller.quorum.voters} naming all three), started at
 * once as users start them, come up as one cluster: every node prints {@code started} (the two that are not the
 * active controller register and heartbeat through its Kafka listener), Admin sees three brokers, a 6-partition
 * topic is led by all three, kafka-clients move 10,000 records through it and a consumer group commits them. The
 * commands a broker needs from the controller reach it from the other nodes: {@code __consumer_offsets} created on a
 * FindCoordinator to a non-controller, a topic auto-created by Metadata there, producer ids handed out there; a
 * controller API sent to a non-controller answers NOT_CONTROLLER, and ApiVersions does not list the controller APIs.
 * Admin requests sent to a non-controller (over a raw connection: Admin itself sends them to the controller) reach
 * the controller: CreateTopics, CreatePartitions, IncrementalAlterConfigs, AlterConfigs and DeleteTopics are answered
 * once that node shows the change, and the configs read back from every node.
 */
class MultiNodeStartCompatTest {

    private static final String TOPIC = "spread";
    private static final String GROUP = "spread-group";
    private static final int PARTITIONS = 6;
    private static final int RECORDS = 10_000;

    @TempDir
    Path dir;

    private TributaryCluster cluster;

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeVotersStartTogetherAndServeAsOneCluster() throws Exception {
        cluster = new TributaryCluster(dir, 3, Map.of("group.initial.rebalance.delay.ms", "0")).start();
        String bootstrap = cluster.bootstrap();

        try (Admin admin = cluster.admin()) {
            DescribeClusterResult described = admin.describeCluster();
            assertThat(described.nodes().get().stream().map(Node::id)).containsExactlyInAnyOrder(1, 2, 3);
            int controller = described.controller().get().id();
            List<TributaryProcess> others = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                if (id != controller) {
                    others.add(cluster.node(id));
                }
            }

            controllerApisAreNotForClients(others.get(0));
            producerIdsComeFromTheControllerToEveryNode(others);
            internalAndAutoCreatedTopicsAreCreatedThroughANonController(admin, others.get(0));
            adminRequestsToANonControllerReachTheController(others.get(1));

            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
            TopicDescription spread = TributaryCluster.awaitLeaders(admin, TOPIC);
            assertThat(spread.partitions().stream().map(p -> p.leader().id()).collect(Collectors.toSet()))
                    .as("the partitions' leaders").containsExactlyInAnyOrder(1, 2, 3);

            Map<Integer, List<String>> sent = produce(bootstrap);
            Map<Integer, List<String>> received = consumeAndCommit(bootstrap);
            assertThat(received).as("every record, in order per partition").isEqualTo(sent);

            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(RECORDS);
        }
    }

    /** A controller API sent to a non-controller answers NOT_CONTROLLER; ApiVersions does not list them. */
    private static void controllerApisAreNotForClients(TributaryProcess node) throws Exception {
        try (RawConnection raw = new RawConnection("127.0.0.1", node.port())) {
            ApiVersionsResponseData versions = (ApiVersionsResponseData) raw.request(new ApiVersionsRequestData()
                    .setClientSoftwareName("compat").setClientSoftwareVersion("1"), (short) 3);
            Set<Short> listed = versions.apiKeys().stream().map(ApiVersionsResponseData.ApiVersion::apiKey)
                    .collect(Collectors.toSet());
            assertThat(listed).contains(ApiKey.PRODUCE.id()).doesNotContain(ApiKey.BROKER_REGISTRATION.id(),
                    ApiKey.BROKER_HEARTBEAT.id(), ApiKey.ALLOCATE_PRODUCER_IDS.id());
            BrokerHeartbeatResponseData heartbeat = (BrokerHeartbeatResponseData) raw.request(
                    new BrokerHeartbeatRequestData().setBrokerId(99).setBrokerEpoch(1), (short) 1);
            assertThat(Errors.forCode(heartbeat.errorCode())).isEqualTo(Errors.NOT_CONTROLLER);
        }
    }

    /** InitProducerId on a node that is not the controller: its block of ids comes from the controller. */
    private static void producerIdsComeFromTheControllerToEveryNode(List<TributaryProcess> others) throws Exception {
        Set<Long> ids = new HashSet<>();
        for (TributaryProcess node : others) {
            try (RawConnection raw = new RawConnection("127.0.0.1", node.port())) {
                InitProducerIdResponseData r = (InitProducerIdResponseData) raw.request(new InitProducerIdRequestData()
                        .setTransactionalId(null).setTransactionTimeoutMs(60_000).setProducerId(-1)
                        .setProducerEpoch((short) -1), (short) 4);
                assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
                assertThat(r.producerId()).isNotNegative();
                ids.add(r.producerId());
            }
        }
        assertThat(ids).as("distinct blocks per broker").hasSize(others.size());
    }

    /**
     * FindCoordinator on a non-controller creates {@code __consumer_offsets} (answered COORDINATOR_NOT_AVAILABLE until
     * it exists), and Metadata there auto-creates a topic: both through the controller.
     */
    private static void internalAndAutoCreatedTopicsAreCreatedThroughANonController(Admin admin, TributaryProcess node)
            throws Exception {
        try (RawConnection raw = new RawConnection("127.0.0.1", node.port())) {
            FindCoordinatorResponseData first = (FindCoordinatorResponseData) raw.request(
                    new FindCoordinatorRequestData().setKey(GROUP).setKeyType((byte) 0), (short) 3);
            assertThat(Errors.forCode(first.errorCode())).isIn(Errors.NONE, Errors.COORDINATOR_NOT_AVAILABLE);
            raw.request(new MetadataRequestData().setAllowAutoTopicCreation(true).setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName("auto-created"))), (short) 12);
        }
        TributaryCluster.awaitLeaders(admin, "__consumer_offsets");
        TributaryCluster.awaitLeaders(admin, "auto-created");
    }

    /**
     * The admin requests Admin sends to the controller, sent to a non-controller instead: each is forwarded, run
     * once, and answered when the node it was sent to shows the change (read back there at once); configs changed
     * there read the same from every node.
     */
    private void adminRequestsToANonControllerReachTheController(TributaryProcess node) throws Exception {
        String topic = "forwarded";
        try (RawConnection raw = new RawConnection("127.0.0.1", node.port())) {
            CreateTopicsResponseData created = (CreateTopicsResponseData) raw.request(new CreateTopicsRequestData()
                    .setTimeoutMs(30_000).setTopics(List.of(new CreateTopicsRequestData.CreatableTopic()
                            .setName(topic).setNumPartitions(1).setReplicationFactor((short) 1))), (short) 7);
            assertThat(created.topics()).singleElement().satisfies(t ->
                    assertThat(Errors.forCode(t.errorCode())).as("CreateTopics " + t.errorMessage())
                            .isEqualTo(Errors.NONE));
            assertThat(partitionsSeen(raw, topic)).as("created, read here at once").isEqualTo(1);

            CreatePartitionsResponseData grown = (CreatePartitionsResponseData) raw.request(
                    new CreatePartitionsRequestData().setTimeoutMs(30_000).setTopics(List.of(
                            new CreatePartitionsRequestData.CreatePartitionsTopic().setName(topic).setCount(3)
                                    .setAssignments(null))), (short) 3);
            assertThat(grown.results()).singleElement().satisfies(t ->
                    assertThat(Errors.forCode(t.errorCode())).as("CreatePartitions " + t.errorMessage())
                            .isEqualTo(Errors.NONE));
            assertThat(partitionsSeen(raw, topic)).as("grown, read here at once").isEqualTo(3);

            IncrementalAlterConfigsResponseData altered = (IncrementalAlterConfigsResponseData) raw.request(
                    new IncrementalAlterConfigsRequestData().setResources(List.of(
                            new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                                    .setResourceName(topic).setConfigs(List.of(
                                            new IncrementalAlterConfigsRequestData.AlterableConfig()
                                                    .setName("retention.ms").setConfigOperation((byte) 0)
                                                    .setValue("123456"))))), (short) 1);
            assertThat(altered.responses()).singleElement().satisfies(r ->
                    assertThat(Errors.forCode(r.errorCode())).as("IncrementalAlterConfigs " + r.errorMessage())
                            .isEqualTo(Errors.NONE));
            assertThat(configSeen(raw, topic, "retention.ms")).as("set, read here at once").isEqualTo("123456");
        }
        for (TributaryProcess any : cluster.nodes()) {
            assertThat(awaitConfig(any, topic, "retention.ms", "123456")).as("on node " + any.port()).isTrue();
        }
        try (RawConnection raw = new RawConnection("127.0.0.1", node.port())) {
            AlterConfigsResponseData replaced = (AlterConfigsResponseData) raw.request(new AlterConfigsRequestData()
                    .setResources(List.of(new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                            .setResourceName(topic).setConfigs(List.of(new AlterConfigsRequestData.AlterableConfig()
                                    .setName("retention.ms").setValue("654321"))))), (short) 2);
            assertThat(replaced.responses()).singleElement().satisfies(r ->
                    assertThat(Errors.forCode(r.errorCode())).as("AlterConfigs " + r.errorMessage())
                            .isEqualTo(Errors.NONE));
            assertThat(configSeen(raw, topic, "retention.ms")).as("replaced, read here at once").isEqualTo("654321");

            DeleteTopicsResponseData deleted = (DeleteTopicsResponseData) raw.request(new DeleteTopicsRequestData()
                    .setTimeoutMs(30_000).setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState()
                            .setName(topic))), (short) 6);
            assertThat(deleted.responses()).singleElement().satisfies(t ->
                    assertThat(Errors.forCode(t.errorCode())).as("DeleteTopics " + t.errorMessage())
                            .isEqualTo(Errors.NONE));
            assertThat(partitionsSeen(raw, topic)).as("deleted, gone here at once").isEqualTo(-1);

            DeleteTopicsResponseData again = (DeleteTopicsResponseData) raw.request(new DeleteTopicsRequestData()
                    .setTimeoutMs(30_000).setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState()
                            .setName(topic))), (short) 6);
            assertThat(again.responses()).singleElement().satisfies(t ->
                    assertThat(Errors.forCode(t.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
    }

    /** The topic's partition count in this node's Metadata, or -1 when it does not know the topic. */
    private static int partitionsSeen(RawConnection raw, String topic) throws Exception {
        MetadataResponseData m = (MetadataResponseData) raw.request(new MetadataRequestData()
                .setAllowAutoTopicCreation(false).setTopics(List.of(
                        new MetadataRequestData.MetadataRequestTopic().setName(topic))), (short) 12);
        MetadataResponseData.MetadataResponseTopic t = m.topics().iterator().next();
        return t.errorCode() == Errors.UNKNOWN_TOPIC_OR_PARTITION.code() ? -1 : t.partitions().size();
    }

    /** One topic config as this node describes it. */
    private static String configSeen(RawConnection raw, String topic, String key) throws Exception {
        DescribeConfigsResponseData d = (DescribeConfigsResponseData) raw.request(new DescribeConfigsRequestData()
                .setResources(List.of(new DescribeConfigsRequestData.DescribeConfigsResource()
                        .setResourceType((byte) 2).setResourceName(topic).setConfigurationKeys(List.of(key)))),
                (short) 4);
        return d.results().get(0).configs().stream().filter(c -> c.name().equals(key)).map(
                DescribeConfigsResponseData.DescribeConfigsResourceResult::value).findFirst().orElse(null);
    }

    /** Whether the node describes the config with this value within 10 s (it follows the metadata log). */
    private static boolean awaitConfig(TributaryProcess node, String topic, String key, String value)
            throws Exception {
        try (RawConnection raw = new RawConnection("127.0.0.1", node.port())) {
            return Await.within(Duration.ofSeconds(10), () -> value.equals(configSeen(raw, topic, key)));
        }
    }

    private static Map<Integer, List<String>> produce(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        Map<Integer, List<String>> sent = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int n = 0; n < RECORDS; n++) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + n, "record-" + n)));
            }
            producer.flush();
            for (int n = 0; n < RECORDS; n++) {
                RecordMetadata m = acks.get(n).get(60, TimeUnit.SECONDS);
                sent.computeIfAbsent(m.partition(), k -> new ArrayList<>()).add("record-" + n);
            }
        }
        assertThat(sent).as("records on every partition").hasSize(PARTITIONS);
        return sent;
    }

    private static Map<Integer, List<String>> consumeAndCommit(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<Integer, List<String>> received = new HashMap<>();
        int count = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    received.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.value());
                    count++;
                }
                consumer.commitSync(Duration.ofSeconds(30));
            }
        }
        assertThat(count).as("records consumed").isEqualTo(RECORDS);
        return received;
    }
}
