package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeClusterRequestData;
import io.tributary.protocol.message.DescribeClusterResponseData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache kafka-clients 4.4 Admin against one in-process node: DeleteTopics, CreatePartitions, DescribeCluster,
 * DeleteRecords and DescribeLogDirs. Each test uses topics of its own, so they share the node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminTopicsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        broker = TestBroker.start(dir, Map.of());
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void create(String topic, int partitions) throws Exception {
        broker.admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        TestBroker.await(topic + " is hosted", WAIT, () -> {
            for (int p = 0; p < partitions; p++) {
                if (broker.server.partitions().partition(topic, p) == null) {
                    return false;
                }
            }
            return true;
        });
    }

    private void produce(String topic, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
            }
        }
    }

    private boolean hasPartitionDirs(String topic) {
        try (Stream<Path> entries = Files.list(broker.dataDir)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith(topic + "-"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void deletedTopicDisappearsFromTheListingAndFromDisk() throws Exception {
        create("doomed", 2);
        produce("doomed", 5);
        assertThat(hasPartitionDirs("doomed")).isTrue();

        broker.admin.deleteTopics(List.of("doomed")).all().get();

        assertThat(broker.admin.listTopics().names().get()).doesNotContain("doomed");
        TestBroker.await("the partition dirs of doomed are gone", WAIT, () -> !hasPartitionDirs("doomed"));
    }

    @Test
    void deletingAnUnknownTopicFailsWithUnknownTopicOrPartition() {
        assertThatThrownBy(() -> broker.admin.deleteTopics(List.of("never-was")).all().get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void topicsAreDeletedByIdAndAnUnknownIdIsUnknownTopicId() throws Exception {
        create("by-id", 1);
        Uuid id = broker.admin.describeTopics(List.of("by-id")).allTopicNames().get().get("by-id").topicId();

        broker.admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get();

        assertThat(broker.admin.listTopics().names().get()).doesNotContain("by-id");
        Uuid unknown = new Uuid(UUID.randomUUID().getMostSignificantBits(), 1);
        assertThatThrownBy(() -> broker.admin.deleteTopics(TopicCollection.ofTopicIds(List.of(unknown))).all().get())
                .hasCauseInstanceOf(UnknownTopicIdException.class);
    }

    @Test
    void createPartitionsGrowsATopicAndShrinkingIsInvalidPartitions() throws Exception {
        create("growing", 3);

        broker.admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5))).all().get();

        assertThat(broker.admin.describeTopics(List.of("growing")).allTopicNames().get().get("growing")
                .partitions()).hasSize(5);
        assertThatThrownBy(() -> broker.admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(4)))
                .all().get()).hasCauseInstanceOf(InvalidPartitionsException.class);
    }

    @Test
    void createPartitionsWithValidateOnlyChangesNothing() throws Exception {
        create("validated", 1);

        broker.admin.createPartitions(Map.of("validated", NewPartitions.increaseTo(4)),
                new CreatePartitionsOptions().validateOnly(true)).all().get();

        assertThat(broker.admin.describeTopics(List.of("validated")).allTopicNames().get().get("validated")
                .partitions()).hasSize(1);
    }

    @Test
    void describeClusterListsThisBrokerWithTheClusterIdAndAController() throws Exception {
        DescribeClusterResult cluster = broker.admin.describeCluster();

        Node node = cluster.nodes().get().iterator().next();
        assertThat(cluster.nodes().get()).hasSize(1);
        assertThat(node.id()).isEqualTo(1);
        assertThat(node.port()).isEqualTo(broker.server.boundAddress().getPort());
        assertThat(cluster.controller().get().id()).isEqualTo(1);
        assertThat(cluster.clusterId().get()).isNotBlank();
    }

    @Test
    void describeClusterForControllerEndpointsIsAMismatchedEndpointType() throws Exception {
        try (RawClient raw = new RawClient(broker.server.boundAddress())) {
            DescribeClusterResponseData response = (DescribeClusterResponseData) raw.send(
                    new DescribeClusterRequestData().setEndpointType((byte) 2), (short) 1);

            assertThat(response.errorCode()).isEqualTo(Errors.MISMATCHED_ENDPOINT_TYPE.code());
        }
    }

    @Test
    void deleteRecordsMovesTheLowWatermarkAndConsumersFromEarliestStartThere() throws Exception {
        create("trimmed", 1);
        produce("trimmed", 10);
        TopicPartition tp = new TopicPartition("trimmed", 0);

        long low = broker.admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(6))).lowWatermarks().get(tp)
                .get().lowWatermark();

        assertThat(low).isEqualTo(6);
        assertThat(firstOffsetFromEarliest(tp)).isEqualTo(6);
        assertThatThrownBy(() -> broker.admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(11))).all()
                .get()).hasCauseInstanceOf(OffsetOutOfRangeException.class);
    }

    private long firstOffsetFromEarliest(TopicPartition tp) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(Set.of(tp));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    return r.offset();
                }
            }
        }
        throw new AssertionError("nothing consumed from " + tp);
    }

    @Test
    void describeLogDirsListsEachPartitionWithItsSize() throws Exception {
        create("sized", 2);
        produce("sized", 3);

        Map<String, LogDirDescription> dirs = broker.admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1);

        assertThat(dirs).hasSize(1);
        LogDirDescription d = dirs.values().iterator().next();
        assertThat(Path.of(dirs.keySet().iterator().next())).isEqualTo(broker.dataDir.toAbsolutePath().normalize());
        assertThat(d.error()).isNull();
        ReplicaInfo p0 = d.replicaInfos().get(new TopicPartition("sized", 0));
        ReplicaInfo p1 = d.replicaInfos().get(new TopicPartition("sized", 1));
        assertThat(p0.size()).isPositive();
        assertThat(p0.offsetLag()).isZero();
        assertThat(p0.isFuture()).isFalse();
        assertThat(p1.size()).isZero();
        assertThat(d.totalBytes().orElse(-1)).isPositive();
        assertThat(d.usableBytes().orElse(-1)).isPositive();
    }
}
