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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata and the topic and config admin APIs with the authorizer on, through kafka-clients: topics a user may not
 * describe are left out of listTopics and answered TOPIC_AUTHORIZATION_FAILED by name (existing or not);
 * auto-creation needs CREATE; CreateTopics, DeleteTopics, CreatePartitions and the config APIs need CREATE,
 * DELETE, ALTER, DESCRIBE_CONFIGS and ALTER_CONFIGS as in Kafka; the authorized-operations bit fields are computed.
 * Each test uses topics and users of its own, so they share the node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicAdminAuthorizationTest {

    private static final long WAIT_S = 30;

    private AuthorizedBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        broker = AuthorizedBroker.start(dir, Map.of());
        broker.admin.createTopics(List.of(new NewTopic("visible", 1, (short) 1), new NewTopic("hidden", 1, (short) 1),
                new NewTopic("doomed", 1, (short) 1), new NewTopic("growing", 1, (short) 1),
                new NewTopic("configured", 1, (short) 1), new NewTopic("ops", 1, (short) 1)))
                .all().get(WAIT_S, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Admin admin(String user) {
        return Admin.create(broker.client(user));
    }

    private void revoke(String user, AclOperation operation, ResourceType type, String name) throws Exception {
        broker.admin.deleteAcls(List.of(new AclBindingFilter(new ResourcePatternFilter(type, name,
                PatternType.LITERAL), new AccessControlEntryFilter("User:" + user, "*", operation,
                AclPermissionType.ALLOW)))).all().get(WAIT_S, TimeUnit.SECONDS);
    }

    private static void denied(KafkaFuture<?> future, Class<? extends Throwable> type) {
        assertThatThrownBy(() -> future.get(WAIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(type);
    }

    @Test
    void listTopicsShowsOnlyDescribableTopicsAndARevokeHidesAgain() throws Exception {
        try (Admin admin = admin("alice")) {
            assertThat(admin.listTopics().names().get(WAIT_S, TimeUnit.SECONDS)).doesNotContain("visible", "hidden");
            broker.allow("alice", AclOperation.DESCRIBE, ResourceType.TOPIC, "visible");
            Set<String> names = admin.listTopics().names().get(WAIT_S, TimeUnit.SECONDS);
            assertThat(names).contains("visible").doesNotContain("hidden");
            revoke("alice", AclOperation.DESCRIBE, ResourceType.TOPIC, "visible");
            assertThat(admin.listTopics().names().get(WAIT_S, TimeUnit.SECONDS)).doesNotContain("visible");
        }
        assertThat(broker.admin.listTopics().names().get(WAIT_S, TimeUnit.SECONDS)).contains("visible", "hidden");
    }

    @Test
    void anUndescribableTopicIsDeniedWhetherItExistsOrNot() throws Exception {
        try (Admin admin = admin("bob")) {
            denied(admin.describeTopics(List.of("hidden")).topicNameValues().get("hidden"),
                    TopicAuthorizationException.class);
            denied(admin.describeTopics(List.of("no-such-topic")).topicNameValues().get("no-such-topic"),
                    TopicAuthorizationException.class);
        }
    }

    @Test
    void aTopicDescribedByIdNeedsDescribeAsByName() throws Exception {
        Uuid id = broker.admin.describeTopics(List.of("hidden")).allTopicNames().get(WAIT_S, TimeUnit.SECONDS)
                .get("hidden").topicId();
        // kafka-clients' Admin asks Metadata with the id and the name's default "" (once answered UNKNOWN_TOPIC_ID)
        assertThat(broker.admin.describeTopics(TopicCollection.ofTopicIds(List.of(id))).allTopicIds()
                .get(WAIT_S, TimeUnit.SECONDS).get(id).name()).isEqualTo("hidden");
        try (Admin admin = admin("carol")) {
            denied(admin.describeTopics(TopicCollection.ofTopicIds(List.of(id))).allTopicIds(),
                    UnknownTopicIdException.class);
        }
    }

    @Test
    void autoCreationNeedsCreate() throws Exception {
        broker.allow("carol", AclOperation.DESCRIBE, ResourceType.TOPIC, "auto-", PatternType.PREFIXED);
        broker.allow("carol", AclOperation.WRITE, ResourceType.TOPIC, "auto-", PatternType.PREFIXED);
        Properties p = broker.client("carol");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("auto-denied", "v")).get(WAIT_S,
                    TimeUnit.SECONDS)).cause().isInstanceOf(TopicAuthorizationException.class);
            broker.allow("carol", AclOperation.CREATE, ResourceType.TOPIC, "auto-made");
            producer.send(new ProducerRecord<>("auto-made", "v")).get(WAIT_S, TimeUnit.SECONDS);
        }
        assertThat(broker.admin.listTopics().names().get(WAIT_S, TimeUnit.SECONDS)).contains("auto-made")
                .doesNotContain("auto-denied");
    }

    @Test
    void createTopicsNeedsCreateAndShowsConfigsOnlyWithDescribeConfigs() throws Exception {
        try (Admin admin = admin("alice")) {
            denied(admin.createTopics(List.of(new NewTopic("alices", 1, (short) 1))).all(),
                    TopicAuthorizationException.class);
            broker.allow("alice", AclOperation.CREATE, ResourceType.TOPIC, "alices");
            CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("alices", 1, (short) 1)));
            created.all().get(WAIT_S, TimeUnit.SECONDS);
            denied(created.config("alices"), TopicAuthorizationException.class);
        }
        broker.allow("bob", AclOperation.CREATE, ResourceType.CLUSTER, "kafka-cluster");   // covers every topic
        try (Admin admin = admin("bob")) {
            admin.createTopics(List.of(new NewTopic("bobs", 1, (short) 1))).all().get(WAIT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void deleteTopicsNeedsDeleteAndDescribeToLearnExistence() throws Exception {
        try (Admin admin = admin("carol")) {
            denied(admin.deleteTopics(List.of("doomed")).all(), TopicAuthorizationException.class);
            denied(admin.deleteTopics(List.of("no-such-topic")).all(), TopicAuthorizationException.class);
            broker.allow("carol", AclOperation.DESCRIBE, ResourceType.TOPIC, "doomed");
            denied(admin.deleteTopics(List.of("doomed")).all(), TopicAuthorizationException.class);
            broker.allow("carol", AclOperation.DELETE, ResourceType.TOPIC, "doomed");
            admin.deleteTopics(List.of("doomed")).all().get(WAIT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void createPartitionsNeedsAlter() throws Exception {
        broker.allow("bob", AclOperation.DESCRIBE, ResourceType.TOPIC, "growing");
        try (Admin admin = admin("bob")) {
            denied(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(2))).all(),
                    TopicAuthorizationException.class);
            broker.allow("bob", AclOperation.ALTER, ResourceType.TOPIC, "growing");
            admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(2))).all().get(WAIT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void configsNeedDescribeConfigsAndAlterConfigsOnTheirResource() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "configured");
        ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "some-group");
        AlterConfigOp retention = new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"),
                AlterConfigOp.OpType.SET);
        try (Admin admin = admin("alice")) {
            var described = admin.describeConfigs(List.of(topic, node, group)).values();
            denied(described.get(topic), TopicAuthorizationException.class);
            denied(described.get(node), ClusterAuthorizationException.class);
            denied(described.get(group), GroupAuthorizationException.class);
            var altered = admin.incrementalAlterConfigs(Map.of(topic, List.of(retention),
                    node, List.of(new AlterConfigOp(new ConfigEntry("log.retention.ms", "3600000"),
                            AlterConfigOp.OpType.SET)))).values();
            denied(altered.get(topic), TopicAuthorizationException.class);
            denied(altered.get(node), ClusterAuthorizationException.class);

            broker.allow("alice", AclOperation.ALTER_CONFIGS, ResourceType.TOPIC, "configured");   // implies DESCRIBE_CONFIGS
            admin.incrementalAlterConfigs(Map.of(topic, List.of(retention))).all().get(WAIT_S, TimeUnit.SECONDS);
            assertThat(admin.describeConfigs(List.of(topic)).values().get(topic).get(WAIT_S, TimeUnit.SECONDS)
                    .get("retention.ms").value()).isEqualTo("3600000");
            broker.allow("alice", AclOperation.DESCRIBE_CONFIGS, ResourceType.CLUSTER, "kafka-cluster");
            admin.describeConfigs(List.of(node)).all().get(WAIT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void brokerLoggersNeedTheClustersConfigPermissionsAndAreReadOnly() throws Exception {
        ConfigResource loggers = new ConfigResource(ConfigResource.Type.BROKER_LOGGER, "1");
        AlterConfigOp debug = new AlterConfigOp(new ConfigEntry("root", "DEBUG"), AlterConfigOp.OpType.SET);
        try (Admin admin = admin("carol")) {
            denied(admin.describeConfigs(List.of(loggers)).all(), ClusterAuthorizationException.class);
            denied(admin.incrementalAlterConfigs(Map.of(loggers, List.of(debug))).all(),
                    ClusterAuthorizationException.class);
        }
        Config described = broker.admin.describeConfigs(List.of(loggers)).values().get(loggers)
                .get(WAIT_S, TimeUnit.SECONDS);
        // broker/src/main/resources/simplelogger.properties
        assertThat(described.get("root").value()).isEqualTo("WARN");
        assertThat(described.get("root").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG);
        denied(broker.admin.incrementalAlterConfigs(Map.of(loggers, List.of(debug))).all(),
                InvalidRequestException.class);
    }

    @Test
    void authorizedOperationsAreWhatTheUserMayDo() throws Exception {
        broker.allow("carol", AclOperation.READ, ResourceType.TOPIC, "ops");
        try (Admin admin = admin("carol")) {
            assertThat(admin.describeTopics(List.of("ops"), new DescribeTopicsOptions()
                    .includeAuthorizedOperations(true)).allTopicNames().get(WAIT_S, TimeUnit.SECONDS).get("ops")
                    .authorizedOperations()).containsExactlyInAnyOrder(AclOperation.READ, AclOperation.DESCRIBE);
            assertThat(admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true))
                    .authorizedOperations().get(WAIT_S, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(broker.admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true))
                .authorizedOperations().get(WAIT_S, TimeUnit.SECONDS)).containsExactlyInAnyOrder(AclOperation.CREATE,
                AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
                AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);
    }
}
