package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer-group APIs ask the authorizer as Kafka's do (issue 19): kafka-clients consumers of both group
 * protocols and Admin, logged in as users with some ACLs, against one node with the authorizer on.
 */
class GroupAuthorizationTest {

    private static final String TOPIC = "orders";
    private static final int RECORDS = 10;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static AuthorizedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = AuthorizedBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "1"));
        broker.admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Properties p = new Properties();   // the super user (PLAINTEXT listener) writes the records
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.server.boundAddress().getPort());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "r" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaConsumer<String, String> consumer(String user, String group, String protocol) {
        Properties p = broker.client(user);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until {@code poll} throws; returns what it threw (fails after the deadline). */
    private static RuntimeException pollUntilRefused(KafkaConsumer<String, String> consumer) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            try {
                consumer.poll(Duration.ofMillis(100));
            } catch (RuntimeException e) {
                return e;
            }
        }
        throw new AssertionError("poll was never refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void consumerWithoutGroupReadIsRefusedTheGroup(String protocol) throws Exception {
        broker.allow("alice", AclOperation.READ, ResourceType.TOPIC, TOPIC);
        try (KafkaConsumer<String, String> consumer = consumer("alice", "alice-" + protocol, protocol)) {
            consumer.subscribe(List.of(TOPIC));
            assertThat(pollUntilRefused(consumer)).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void consumerWithGroupReadButNoTopicReadIsRefusedTheTopic(String protocol) throws Exception {
        broker.allow("bob", AclOperation.READ, ResourceType.GROUP, "bob-" + protocol);
        try (KafkaConsumer<String, String> consumer = consumer("bob", "bob-" + protocol, protocol)) {
            consumer.subscribe(List.of(TOPIC));
            assertThat(pollUntilRefused(consumer)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void consumerWithGroupAndTopicReadConsumesAndCommits(String protocol) throws Exception {
        String group = "carol-" + protocol;
        broker.allow("carol", AclOperation.READ, ResourceType.GROUP, "carol-", PatternType.PREFIXED);
        broker.allow("carol", AclOperation.READ, ResourceType.TOPIC, TOPIC);
        try (KafkaConsumer<String, String> consumer = consumer("carol", group, protocol)) {
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
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            assertThat(consumer.committed(Set.of(tp)).get(tp).offset()).isEqualTo(RECORDS);
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = broker.admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        assertThat(offsets.get(new TopicPartition(TOPIC, 0)).offset()).isEqualTo(RECORDS);
    }

    @Test
    void listDescribeAndDeleteGroupsShowOnlyWhatThePrincipalMayDescribe() throws Exception {
        // a topic no user has an ACL on
        broker.admin.createTopics(List.of(new NewTopic("ledger", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        TopicPartition tp = new TopicPartition("ledger", 0);
        for (String group : List.of("listed-open", "listed-hidden")) {
            broker.admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(3))).all().get();
        }
        broker.allow("alice", AclOperation.DESCRIBE, ResourceType.GROUP, "listed-open");
        try (Admin alice = Admin.create(broker.client("alice"))) {
            Set<String> listed = alice.listGroups().all().get().stream().map(GroupListing::groupId)
                    .collect(Collectors.toSet());
            assertThat(listed).contains("listed-open").doesNotContain("listed-hidden");
            assertThat(alice.describeConsumerGroups(List.of("listed-open")).all().get()).containsKey("listed-open");
            assertThatThrownBy(() -> alice.describeConsumerGroups(List.of("listed-hidden")).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupAuthorizationException.class);
            // offsets of a topic alice may not describe are left out of "all topics"
            assertThat(alice.listConsumerGroupOffsets("listed-open").partitionsToOffsetAndMetadata().get())
                    .isEmpty();
            assertThatThrownBy(() -> alice.deleteConsumerGroups(List.of("listed-hidden")).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupAuthorizationException.class);
        }
        // the super user sees everything
        Set<String> all = broker.admin.listGroups().all().get().stream().map(GroupListing::groupId)
                .collect(Collectors.toSet());
        assertThat(all).contains("listed-open", "listed-hidden");
        assertThat(broker.admin.listConsumerGroupOffsets("listed-open").partitionsToOffsetAndMetadata().get())
                .containsEntry(tp, new OffsetAndMetadata(3));
    }
}
