package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction APIs ask the authorizer as Kafka's do (issue 19): transactional kafka-clients producers and Admin,
 * logged in as users with some ACLs, against one node with the authorizer on.
 */
class TransactionAuthorizationTest {

    private static final String TOPIC = "payments";

    @TempDir
    static Path dir;
    static AuthorizedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = AuthorizedBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "1", "transaction.state.log.num.partitions", "1"));
        broker.admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaProducer<String, String> producer(String user, String transactionalId) {
        Properties p = broker.client(user);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @Test
    void producerWithoutWriteOnItsTransactionalIdIsRefused() throws Exception {
        broker.allow("alice", AclOperation.WRITE, ResourceType.TOPIC, TOPIC);
        try (KafkaProducer<String, String> producer = producer("alice", "alice-tx")) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    @Test
    void producerWithoutReadOnTheGroupCannotSendOffsets() throws Exception {
        broker.allow("carol", AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, "carol-tx");
        broker.allow("carol", AclOperation.WRITE, ResourceType.TOPIC, TOPIC);
        try (KafkaProducer<String, String> producer = producer("carol", "carol-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "c")).get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> {
                producer.sendOffsetsToTransaction(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(1)),
                        new ConsumerGroupMetadata("carol-group"));
                producer.commitTransaction();
            }).satisfiesAnyOf(e -> assertThat(e).isInstanceOf(GroupAuthorizationException.class),
                    e -> assertThat(e).hasCauseInstanceOf(GroupAuthorizationException.class));
        }
    }

    @Test
    void producerWithItsGrantsCommitsRecordsAndOffsets() throws Exception {
        broker.allow("bob", AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, "bob-tx");
        broker.allow("bob", AclOperation.WRITE, ResourceType.TOPIC, TOPIC);
        broker.allow("bob", AclOperation.READ, ResourceType.GROUP, "bob-group");
        broker.allow("bob", AclOperation.READ, ResourceType.TOPIC, TOPIC);   // TxnOffsetCommit: the offsets' topic
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (KafkaProducer<String, String> producer = producer("bob", "bob-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "b")).get(30, TimeUnit.SECONDS);
            producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(7)),
                    new ConsumerGroupMetadata("bob-group"));
            producer.commitTransaction();
        }
        assertThat(broker.admin.listConsumerGroupOffsets("bob-group").partitionsToOffsetAndMetadata().get())
                .containsEntry(tp, new OffsetAndMetadata(7));

        try (Admin bob = Admin.create(broker.client("bob")); Admin alice = Admin.create(broker.client("alice"))) {
            // WRITE implies DESCRIBE: bob sees his transactional id, alice (no ACL on it) neither lists nor describes it
            assertThat(ids(bob)).contains("bob-tx");
            assertThat(bob.describeTransactions(List.of("bob-tx")).all().get()).containsKey("bob-tx");
            assertThat(ids(alice)).doesNotContain("bob-tx");
            assertThatThrownBy(() -> alice.describeTransactions(List.of("bob-tx")).all().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TransactionalIdAuthorizationException.class);
        }
        assertThat(ids(broker.admin)).contains("bob-tx");   // the super user sees everything
    }

    private static Set<String> ids(Admin admin) throws Exception {
        return admin.listTransactions().all().get().stream().map(TransactionListing::transactionalId)
                .collect(Collectors.toSet());
    }
}
