package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster-wide admin APIs with the authorizer on, through kafka-clients Admin: ACLs, SCRAM credentials,
 * reassignments, leader elections and log directories need ALTER or DESCRIBE on the cluster, as in Kafka; a user
 * without it gets ClusterAuthorizationException, the super user and a granted user are served, and a revoked grant
 * stops working at once. Each test uses its own user, so they share the node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterApisAuthorizationTest {

    private static final long WAIT_S = 30;
    private static final int NODE = 1;   // node.id's default

    private AuthorizedBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        broker = AuthorizedBroker.start(dir, Map.of());
        broker.admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(WAIT_S, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void as(String user, ThrowingConsumer<Admin> work) throws Throwable {
        try (Admin admin = Admin.create(broker.client(user))) {
            work.accept(admin);
        }
    }

    private static void deniedCluster(org.apache.kafka.common.KafkaFuture<?> future) {
        assertThatThrownBy(() -> future.get(WAIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClusterAuthorizationException.class);
    }

    private void revoke(String user, AclOperation operation) throws Exception {
        broker.admin.deleteAcls(List.of(new AclBindingFilter(new ResourcePatternFilter(ResourceType.CLUSTER,
                "kafka-cluster", PatternType.LITERAL), new AccessControlEntryFilter("User:" + user, "*", operation,
                AclPermissionType.ALLOW)))).all().get(WAIT_S, TimeUnit.SECONDS);
    }

    @Test
    void clusterAdminApisWithoutAClusterGrantAreDenied() throws Throwable {
        as("alice", admin -> {
            deniedCluster(admin.describeAcls(AclBindingFilter.ANY).values());
            deniedCluster(admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t",
                    PatternType.LITERAL), new org.apache.kafka.common.acl.AccessControlEntry("User:alice", "*",
                    AclOperation.ALL, AclPermissionType.ALLOW)))).all());
            deniedCluster(admin.deleteAcls(List.of(AclBindingFilter.ANY)).all());
            deniedCluster(admin.describeUserScramCredentials().all());
            deniedCluster(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("dave",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "pw"))).all());
            deniedCluster(admin.listPartitionReassignments().reassignments());
            deniedCluster(admin.alterPartitionReassignments(Map.of(new TopicPartition("t", 0),
                    Optional.of(new NewPartitionReassignment(List.of(NODE))))).all());
            deniedCluster(admin.electLeaders(ElectionType.PREFERRED, Set.of(new TopicPartition("t", 0))).all());
            deniedCluster(admin.describeLogDirs(List.of(NODE)).allDescriptions());
        });
        // the grants made above were refused: nothing changed
        assertThat(broker.admin.describeAcls(AclBindingFilter.ANY).values().get(WAIT_S, TimeUnit.SECONDS))
                .noneMatch(acl -> acl.entry().principal().equals("User:alice"));
    }

    @Test
    void superUserIsServed() throws Exception {
        broker.admin.describeUserScramCredentials().all().get(WAIT_S, TimeUnit.SECONDS);
        broker.admin.listPartitionReassignments().reassignments().get(WAIT_S, TimeUnit.SECONDS);
        assertThat(broker.admin.describeLogDirs(List.of(NODE)).allDescriptions()
                .get(WAIT_S, TimeUnit.SECONDS)).isNotEmpty();
    }

    @Test
    void describeOnTheClusterServesTheDescribeApisUntilRevoked() throws Throwable {
        broker.allow("bob", AclOperation.DESCRIBE, ResourceType.CLUSTER, "kafka-cluster");
        as("bob", admin -> {
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(WAIT_S, TimeUnit.SECONDS))
                    .anyMatch(acl -> acl.entry().principal().equals("User:bob"));
            admin.listPartitionReassignments().reassignments().get(WAIT_S, TimeUnit.SECONDS);
            admin.describeUserScramCredentials().all().get(WAIT_S, TimeUnit.SECONDS);
            assertThat(admin.describeLogDirs(List.of(NODE)).allDescriptions()
                    .get(WAIT_S, TimeUnit.SECONDS)).isNotEmpty();
            deniedCluster(admin.electLeaders(ElectionType.PREFERRED, Set.of(new TopicPartition("t", 0))).all());

            revoke("bob", AclOperation.DESCRIBE);
            deniedCluster(admin.describeAcls(AclBindingFilter.ANY).values());
            deniedCluster(admin.listPartitionReassignments().reassignments());
        });
    }

    @Test
    void alterOnTheClusterManagesAcls() throws Throwable {
        broker.allow("carol", AclOperation.ALTER, ResourceType.CLUSTER, "kafka-cluster");
        AclBinding grant = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "carols", PatternType.LITERAL),
                new org.apache.kafka.common.acl.AccessControlEntry("User:carol", "*", AclOperation.READ,
                        AclPermissionType.ALLOW));
        as("carol", admin -> {
            admin.createAcls(List.of(grant)).all().get(WAIT_S, TimeUnit.SECONDS);
            assertThat(admin.deleteAcls(List.of(grant.toFilter())).all().get(WAIT_S, TimeUnit.SECONDS))
                    .containsExactly(grant);
            admin.describeAcls(AclBindingFilter.ANY).values().get(WAIT_S, TimeUnit.SECONDS);   // ALTER implies DESCRIBE
            revoke("carol", AclOperation.ALTER);
            deniedCluster(admin.createAcls(List.of(grant)).all());
        });
    }

    /** Client quotas: ALTER_CONFIGS / DESCRIBE_CONFIGS on the cluster, as Kafka's AlterClientQuotas / Describe ask. */
    @Test
    void clientQuotasNeedTheClustersConfigPermissions() throws Throwable {
        org.apache.kafka.common.quota.ClientQuotaEntity entity = new org.apache.kafka.common.quota.ClientQuotaEntity(
                Map.of(org.apache.kafka.common.quota.ClientQuotaEntity.CLIENT_ID, "quota-test"));
        List<org.apache.kafka.common.quota.ClientQuotaAlteration> set = List.of(
                new org.apache.kafka.common.quota.ClientQuotaAlteration(entity, List.of(
                        new org.apache.kafka.common.quota.ClientQuotaAlteration.Op("producer_byte_rate", 1024.0))));
        org.apache.kafka.common.quota.ClientQuotaFilter all = org.apache.kafka.common.quota.ClientQuotaFilter.all();
        as("bob", admin -> {
            deniedCluster(admin.alterClientQuotas(set).all());
            deniedCluster(admin.describeClientQuotas(all).entities());
        });
        broker.allow("bob", AclOperation.ALTER_CONFIGS, ResourceType.CLUSTER, "kafka-cluster");
        as("bob", admin -> {
            admin.alterClientQuotas(set).all().get(WAIT_S, TimeUnit.SECONDS);
            // ALTER_CONFIGS implies DESCRIBE_CONFIGS
            assertThat(admin.describeClientQuotas(all).entities().get(WAIT_S, TimeUnit.SECONDS)).containsKey(entity);
        });
    }
}
