package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topic APIs with the authorizer on, through real kafka-clients: Produce needs WRITE (and WRITE on the
 * transactional id for transactional batches), Fetch READ, ListOffsets DESCRIBE, DeleteRecords DELETE,
 * DescribeProducers READ — each denial is Kafka's exception naming the topic; the super user is served; a revoked
 * grant stops a running consumer's fetch session at once. Each test uses topics and users of its own, so they
 * share the node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicApisAuthorizationTest {

    private static final long WAIT_S = 30;

    private AuthorizedBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        broker = AuthorizedBroker.start(dir, Map.of());
        List<NewTopic> topics = new ArrayList<>();
        for (String t : List.of("writes", "reads", "offsets", "deletes", "producers", "txn", "idempotent")) {
            topics.add(new NewTopic(t, 1, (short) 1));
        }
        broker.admin.createTopics(topics).all().get(WAIT_S, TimeUnit.SECONDS);
        TestBroker.await("topics hosted", Duration.ofSeconds(WAIT_S), () -> topics.stream()
                .allMatch(t -> broker.server.partitions().partition(t.name(), 0) != null));
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private KafkaProducer<String, String> producer(String user, Map<String, Object> extra) throws Exception {
        Properties p = user == null ? adminClientProps() : broker.client(user);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    private KafkaConsumer<String, String> consumer(String user) {
        Properties p = broker.client(user);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p);
    }

    /** The PLAINTEXT listener's settings: User:ANONYMOUS, the super user. */
    private Properties adminClientProps() throws Exception {
        org.apache.kafka.common.Node node = broker.admin.describeCluster().nodes().get(WAIT_S, TimeUnit.SECONDS)
                .iterator().next();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.host() + ":" + node.port());
        return p;
    }

    private void produceAsSuperUser(String topic, int n) throws Exception {
        try (KafkaProducer<String, String> producer = producer(null, Map.of())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get(WAIT_S, TimeUnit.SECONDS);
            }
        }
    }

    private void revoke(String user, AclOperation operation, ResourceType type, String name) throws Exception {
        broker.admin.deleteAcls(List.of(new AclBindingFilter(new ResourcePatternFilter(type, name,
                PatternType.LITERAL), new AccessControlEntryFilter("User:" + user, "*", operation,
                AclPermissionType.ALLOW)))).all().get(WAIT_S, TimeUnit.SECONDS);
    }

    private static void deniedTopic(Future<?> future, String topic) {
        assertThatThrownBy(() -> future.get(WAIT_S, TimeUnit.SECONDS)).cause()
                .isInstanceOf(TopicAuthorizationException.class)
                // Admin's ListOffsets and DeleteRecords build the exception from the bare error code, unnamed
                .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics())
                        .isSubsetOf(topic));
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void produceNeedsWriteOnTheTopic() throws Exception {
        broker.allow("alice", AclOperation.DESCRIBE, ResourceType.TOPIC, "writes");   // metadata, not WRITE
        try (KafkaProducer<String, String> producer = producer("alice",
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            deniedTopic(producer.send(new ProducerRecord<>("writes", "k", "denied")), "writes");
            broker.allow("alice", AclOperation.WRITE, ResourceType.TOPIC, "writes");
            assertThat(producer.send(new ProducerRecord<>("writes", "k", "allowed")).get(WAIT_S, TimeUnit.SECONDS)
                    .offset()).isZero();
            revoke("alice", AclOperation.WRITE, ResourceType.TOPIC, "writes");
            deniedTopic(producer.send(new ProducerRecord<>("writes", "k", "revoked")), "writes");
        }
        produceAsSuperUser("writes", 1);   // the super user needs no grant
        assertThat(broker.server.partitions().partition("writes", 0).log().logEndOffset()).isEqualTo(2);
    }

    @Test
    void anIdempotentProducerWithWriteOnATopicNeedsNoIdempotentWrite() throws Exception {
        broker.allow("carol", AclOperation.WRITE, ResourceType.TOPIC, "idempotent");
        try (KafkaProducer<String, String> producer = producer("carol",
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("idempotent", "k", "v" + i)).get(WAIT_S, TimeUnit.SECONDS);
            }
        }
        assertThat(broker.server.partitions().partition("idempotent", 0).log().logEndOffset()).isEqualTo(3);
    }

    @Test
    void transactionalBatchesNeedWriteOnTheTransactionalId() throws Exception {
        broker.allow("carol", AclOperation.WRITE, ResourceType.TOPIC, "txn");
        broker.allow("carol", AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, "carol-tx");
        KafkaProducer<String, String> producer = producer("carol",
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "carol-tx"));
        try {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn", "k", "committed")).get(WAIT_S, TimeUnit.SECONDS);
            producer.commitTransaction();

            producer.beginTransaction();
            revoke("carol", AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, "carol-tx");
            try {
                producer.send(new ProducerRecord<>("txn", "k", "denied")).get(WAIT_S, TimeUnit.SECONDS);
                fail("a transactional batch was accepted without WRITE on its transactional id");
            } catch (Exception e) {
                assertThat(causedBy(e, TransactionalIdAuthorizationException.class)).as(e.toString()).isTrue();
            }
        } finally {
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void fetchNeedsReadAndARevokedGrantStopsTheFetchSession() throws Exception {
        produceAsSuperUser("reads", 3);
        broker.allow("bob", AclOperation.DESCRIBE, ResourceType.TOPIC, "reads");   // metadata and offsets only
        TopicPartition tp = new TopicPartition("reads", 0);
        try (KafkaConsumer<String, String> consumer = consumer("bob")) {
            consumer.assign(List.of(tp));
            assertThatThrownBy(() -> pollUntilRecords(consumer, 1)).isInstanceOf(TopicAuthorizationException.class)
                    .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics())
                            .containsExactly("reads"));

            broker.allow("bob", AclOperation.READ, ResourceType.TOPIC, "reads");
            assertThat(pollUntilRecords(consumer, 3)).hasSize(3);

            revoke("bob", AclOperation.READ, ResourceType.TOPIC, "reads");
            produceAsSuperUser("reads", 1);
            assertThatThrownBy(() -> pollUntilRecords(consumer, 1)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static List<ConsumerRecord<String, String>> pollUntilRecords(KafkaConsumer<String, String> consumer,
                                                                         int n) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (got.size() < n && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        return got;
    }

    @Test
    void listOffsetsNeedsDescribe() throws Exception {
        produceAsSuperUser("offsets", 2);
        TopicPartition tp = new TopicPartition("offsets", 0);
        try (Admin admin = Admin.create(broker.client("alice"))) {
            deniedTopic(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp), "offsets");
            broker.allow("alice", AclOperation.DESCRIBE, ResourceType.TOPIC, "offsets");
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                    .get(WAIT_S, TimeUnit.SECONDS).offset()).isEqualTo(2);
        }
    }

    @Test
    void deleteRecordsNeedsDelete() throws Exception {
        produceAsSuperUser("deletes", 3);
        TopicPartition tp = new TopicPartition("deletes", 0);
        broker.allow("bob", AclOperation.DESCRIBE, ResourceType.TOPIC, "deletes");
        try (Admin admin = Admin.create(broker.client("bob"))) {
            deniedTopic(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(1))).lowWatermarks().get(tp),
                    "deletes");
            broker.allow("bob", AclOperation.DELETE, ResourceType.TOPIC, "deletes");
            assertThat(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(1))).lowWatermarks().get(tp)
                    .get(WAIT_S, TimeUnit.SECONDS).lowWatermark()).isEqualTo(1);
        }
    }

    @Test
    void describeProducersNeedsRead() throws Exception {
        produceAsSuperUser("producers", 1);
        TopicPartition tp = new TopicPartition("producers", 0);
        broker.allow("carol", AclOperation.DESCRIBE, ResourceType.TOPIC, "producers");
        try (Admin admin = Admin.create(broker.client("carol"))) {
            deniedTopic(admin.describeProducers(List.of(tp)).partitionResult(tp), "producers");
            broker.allow("carol", AclOperation.READ, ResourceType.TOPIC, "producers");
            assertThat(admin.describeProducers(List.of(tp)).partitionResult(tp).get(WAIT_S, TimeUnit.SECONDS)
                    .activeProducers()).isNotEmpty();
        }
    }
}
