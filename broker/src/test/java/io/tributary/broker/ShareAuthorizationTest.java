package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The share-group APIs ask the authorizer as Kafka's do (issue 19): KafkaShareConsumers and Admin, logged in as
 * users with some ACLs, against one node with the authorizer on.
 */
class ShareAuthorizationTest {

    private static final String TOPIC = "jobs";
    private static final int RECORDS = 10;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static AuthorizedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = AuthorizedBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "1", "share.coordinator.state.topic.num.partitions", "1",
                "group.share.heartbeat.interval.ms", "200"));
        broker.admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        for (String group : List.of("alice-share", "bob-share")) {
            broker.admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();   // the super user (PLAINTEXT listener) writes the records
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.server.boundAddress().getPort());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "j" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaShareConsumer<String, String> consumer(String user, String group) {
        Properties p = broker.client(user);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return new KafkaShareConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void shareConsumerWithoutGroupReadIsRefusedTheGroup() throws Exception {
        broker.allow("alice", AclOperation.READ, ResourceType.TOPIC, TOPIC);
        try (KafkaShareConsumer<String, String> consumer = consumer("alice", "alice-share")) {
            consumer.subscribe(List.of(TOPIC));
            RuntimeException refused = null;
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (refused == null && System.nanoTime() < end) {
                try {
                    consumer.poll(Duration.ofMillis(100));
                } catch (RuntimeException e) {
                    refused = e;
                }
            }
            assertThat(refused).isInstanceOf(GroupAuthorizationException.class);
        }
        try (Admin alice = Admin.create(broker.client("alice"))) {
            assertThatThrownBy(() -> alice.describeShareGroups(List.of("alice-share")).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void shareConsumerWithGroupAndTopicReadConsumes() throws Exception {
        broker.allow("bob", AclOperation.READ, ResourceType.GROUP, "bob-share");
        broker.allow("bob", AclOperation.READ, ResourceType.TOPIC, TOPIC);
        try (KafkaShareConsumer<String, String> consumer = consumer("bob", "bob-share")) {
            consumer.subscribe(List.of(TOPIC));
            List<String> seen = new ArrayList<>();
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (seen.size() < RECORDS && System.nanoTime() < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(r.value());
                }
            }
            assertThat(seen).hasSize(RECORDS);
            consumer.commitSync();
        }
        // READ on the group implies DESCRIBE: bob may read his group's share offsets
        try (Admin bob = Admin.create(broker.client("bob"))) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            TestBroker.await("bob's acknowledgements are stored", DEADLINE, () -> {
                try {
                    var offsets = bob.listShareGroupOffsets(Map.of("bob-share", new ListShareGroupOffsetsSpec()))
                            .partitionsToOffsetInfo("bob-share").get();
                    return offsets.containsKey(tp) && offsets.get(tp).startOffset() == RECORDS;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void resettingOffsetsWithoutReadOnAnyOfItsTopicsIsRefusedTheTopicsWhateverTheGroup() throws Exception {
        // carol may read a group that does not exist, not the topic: Kafka answers for the topic, not the group
        broker.allow("carol", AclOperation.READ, ResourceType.GROUP, "carol-share");
        try (Admin carol = Admin.create(broker.client("carol"))) {
            assertThatThrownBy(() -> carol.alterShareGroupOffsets("carol-share",
                    Map.of(new TopicPartition(TOPIC, 0), 0L)).all().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }
}
