package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACL management over a real socket against a Tributary process started as a Kafka KRaft cluster with ACLs is
 * configured ({@code authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer}, and
 * {@code super.users=User:ANONYMOUS} so the PLAINTEXT client, which is anonymous, may manage them — as with Kafka):
 * kafka-clients Admin's createAcls / describeAcls / deleteAcls, Apache's {@code kafka-acls} tool
 * ({@code org.apache.kafka.tools.AclCommand}, kafka-tools 4.3.1 in a JVM of its own) adding, listing and removing,
 * the ACLs kept across a restart (with snapshots every few entries, so they come back from a snapshot too), and
 * SECURITY_DISABLED from a node without an authorizer.
 */
class AclsCompatTest {

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static KafkaTool tools;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        tools = KafkaTool.locate(dir);
        broker = new TributaryProcess(dir.resolve("secured"), Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS",
                "metadata.snapshot.entries", "8")).start();
        admin = broker.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.stop();
        }
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal,
                                  AclOperation op, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, permission));
    }

    private static AclBindingFilter resource(ResourceType type, String name, PatternType pattern) {
        return new AclBindingFilter(new ResourcePatternFilter(type, name, pattern), AccessControlEntryFilter.ANY);
    }

    @Test
    void adminCreatesDescribesAndDeletesAclsWithKafkasFilters() throws Exception {
        AclBinding read = acl(ResourceType.TOPIC, "admin-orders", PatternType.LITERAL, "User:alice",
                AclOperation.READ, AclPermissionType.ALLOW);
        AclBinding prefixed = acl(ResourceType.TOPIC, "admin-", PatternType.PREFIXED, "User:bob",
                AclOperation.WRITE, AclPermissionType.ALLOW);
        AclBinding denyHost = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "admin-orders",
                PatternType.LITERAL), new AccessControlEntry("User:alice", "10.1.2.3", AclOperation.READ,
                AclPermissionType.DENY));
        AclBinding group = acl(ResourceType.GROUP, "admin-app", PatternType.LITERAL, "User:alice", AclOperation.READ,
                AclPermissionType.ALLOW);
        admin.createAcls(List.of(read, prefixed, denyHost, group)).all().get();
        admin.createAcls(List.of(read)).all().get();   // an existing ACL: success, nothing added

        assertThat(describe(resource(ResourceType.TOPIC, "admin-orders", PatternType.MATCH)))
                .containsExactlyInAnyOrder(read, prefixed, denyHost);
        assertThat(describe(resource(ResourceType.ANY, "admin-orders", PatternType.LITERAL)))
                .containsExactlyInAnyOrder(read, denyHost);
        assertThat(describe(new AclBindingFilter(new ResourcePatternFilter(ResourceType.ANY, null, PatternType.ANY),
                new AccessControlEntryFilter("User:alice", "10.1.2.3", AclOperation.ANY, AclPermissionType.ANY))))
                .containsExactly(denyHost);

        AclBinding readCluster = acl(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, "User:alice",
                AclOperation.READ, AclPermissionType.ALLOW);
        assertThatThrownBy(() -> admin.createAcls(List.of(readCluster)).all().get()).cause()
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("READ");

        Collection<AclBinding> deleted = admin.deleteAcls(List.of(
                resource(ResourceType.TOPIC, "admin-orders", PatternType.MATCH),
                resource(ResourceType.GROUP, "admin-app", PatternType.ANY))).all().get();
        assertThat(deleted).containsExactlyInAnyOrder(read, prefixed, denyHost, group);
        assertThat(describe(resource(ResourceType.ANY, null, PatternType.ANY))).noneMatch(b ->
                b.pattern().name().startsWith("admin-"));
    }

    @Test
    void kafkaAclsToolAddsListsAndRemovesAcls() throws Exception {
        KafkaTool.Result added = tools.run("AclCommand", "--bootstrap-server", broker.bootstrap(), "--add",
                "--allow-principal", "User:alice", "--operation", "Read", "--topic", "tool-t");
        assertThat(added.exitCode()).as("%s", added).isZero();
        KafkaTool.Result producer = tools.run("AclCommand", "--bootstrap-server", broker.bootstrap(), "--add",
                "--producer", "--allow-principal", "User:bob", "--topic", "tool-p", "--resource-pattern-type",
                "prefixed");
        assertThat(producer.exitCode()).as("%s", producer).isZero();

        KafkaTool.Result listed = tools.run("AclCommand", "--bootstrap-server", broker.bootstrap(), "--list",
                "--topic", "tool-t");
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        assertThat(listed.stdout()).contains("name=tool-t, patternType=LITERAL")
                .contains("principal=User:alice, host=*, operation=READ, permissionType=ALLOW");
        // --producer: WRITE, DESCRIBE and CREATE on the topic prefix (4.x's tool adds nothing on the cluster)
        assertThat(describe(resource(ResourceType.TOPIC, "tool-p", PatternType.PREFIXED)))
                .extracting(b -> b.entry().operation()).containsExactlyInAnyOrder(AclOperation.WRITE,
                        AclOperation.DESCRIBE, AclOperation.CREATE);
        KafkaTool.Result cluster = tools.run("AclCommand", "--bootstrap-server", broker.bootstrap(), "--add",
                "--allow-principal", "User:bob", "--operation", "IdempotentWrite", "--cluster");
        assertThat(cluster.exitCode()).as("%s", cluster).isZero();
        assertThat(describe(resource(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL)))
                .extracting(b -> b.entry().operation()).containsExactly(AclOperation.IDEMPOTENT_WRITE);

        KafkaTool.Result removed = tools.run("AclCommand", "--bootstrap-server", broker.bootstrap(), "--remove",
                "--force", "--allow-principal", "User:alice", "--operation", "Read", "--topic", "tool-t");
        assertThat(removed.exitCode()).as("%s", removed).isZero();
        assertThat(describe(resource(ResourceType.TOPIC, "tool-t", PatternType.ANY))).isEmpty();
        KafkaTool.Result listedAfter = tools.run("AclCommand", "--bootstrap-server", broker.bootstrap(), "--list",
                "--topic", "tool-t");
        assertThat(listedAfter.stdout()).doesNotContain("User:alice");
    }

    @Test
    void aclsSurviveABrokerRestart() throws Exception {
        AclBinding kept = acl(ResourceType.TRANSACTIONAL_ID, "restart-tx", PatternType.PREFIXED, "User:carol",
                AclOperation.WRITE, AclPermissionType.ALLOW);
        AclBinding keptDeny = acl(ResourceType.TOPIC, "*", PatternType.LITERAL, "User:mallory", AclOperation.ALL,
                AclPermissionType.DENY);
        admin.createAcls(List.of(kept)).all().get();
        admin.createAcls(List.of(keptDeny)).all().get();
        for (int i = 0; i < 10; i++) {   // more entries than metadata.snapshot.entries: a snapshot holds the ACLs
            admin.createAcls(List.of(acl(ResourceType.GROUP, "restart-g" + i, PatternType.LITERAL, "User:carol",
                    AclOperation.READ, AclPermissionType.ALLOW))).all().get();
        }
        admin.close(Duration.ofSeconds(5));
        broker.stop();
        broker.start();
        admin = broker.admin();

        assertThat(describe(resource(ResourceType.ANY, null, PatternType.ANY))).contains(kept, keptDeny)
                .filteredOn(b -> b.pattern().name().startsWith("restart-g")).hasSize(10);
    }

    @Test
    void withoutAnAuthorizerTheAclApisAnswerSecurityDisabled() throws Exception {
        TributaryProcess plain = new TributaryProcess(dir.resolve("plain"), Map.of()).start();
        try (Admin plainAdmin = plain.admin()) {
            AclBinding acl = acl(ResourceType.TOPIC, "t", PatternType.LITERAL, "User:alice", AclOperation.READ,
                    AclPermissionType.ALLOW);
            assertThatThrownBy(() -> plainAdmin.createAcls(List.of(acl)).all().get()).cause()
                    .isInstanceOf(SecurityDisabledException.class).hasMessageContaining("No Authorizer is configured");
            assertThatThrownBy(() -> plainAdmin.describeAcls(AclBindingFilter.ANY).values().get()).cause()
                    .isInstanceOf(SecurityDisabledException.class);
            assertThatThrownBy(() -> plainAdmin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get()).cause()
                    .isInstanceOf(SecurityDisabledException.class);
            KafkaTool.Result listed = tools.run("AclCommand", "--bootstrap-server", plain.bootstrap(), "--list");
            assertThat(listed.stdout() + listed.stderr()).as("%s", listed).contains("No Authorizer is configured");
        } finally {
            plain.stop();
        }
    }

    private static Collection<AclBinding> describe(AclBindingFilter filter) throws Exception {
        return admin.describeAcls(filter).values().get();
    }
}
