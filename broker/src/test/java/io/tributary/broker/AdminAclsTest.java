package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.security.Authorizer;
import io.tributary.broker.security.KafkaPrincipal;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache kafka-clients 4.4 Admin's createAcls, describeAcls and deleteAcls against an in-process node with
 * {@code authorizer.class.name} set: Kafka's filter semantics, Kafka's errors, the ACLs reaching the authorizer and
 * surviving a restart; and SECURITY_DISABLED from a node without an authorizer.
 */
class AdminAclsTest {

    private static final Map<String, String> WITH_AUTHORIZER = Map.of(
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "super.users", "User:ANONYMOUS");

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal,
                                  AclOperation op, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, permission));
    }

    private static final AclBinding ALICE_READS = acl(ResourceType.TOPIC, "orders", PatternType.LITERAL, "User:alice",
            AclOperation.READ, AclPermissionType.ALLOW);
    private static final AclBinding BOB_WRITES_PREFIX = acl(ResourceType.TOPIC, "ord", PatternType.PREFIXED,
            "User:bob", AclOperation.WRITE, AclPermissionType.ALLOW);
    private static final AclBinding EVERYONE_DENIED_GROUP = acl(ResourceType.GROUP, "*", PatternType.LITERAL,
            "User:*", AclOperation.READ, AclPermissionType.DENY);

    private static AclBindingFilter filter(ResourceType type, String name, PatternType pattern) {
        return new AclBindingFilter(new ResourcePatternFilter(type, name, pattern), AccessControlEntryFilter.ANY);
    }

    @Test
    void aclsAreCreatedDescribedWithKafkasFiltersDeletedAndKeptAcrossARestart(@TempDir Path dir) throws Exception {
        TestBroker broker = TestBroker.start(dir, WITH_AUTHORIZER);
        try {
            broker.admin.createAcls(List.of(ALICE_READS, BOB_WRITES_PREFIX, EVERYONE_DENIED_GROUP)).all().get();
            broker.admin.createAcls(List.of(ALICE_READS)).all().get();   // again: nothing changes

            assertThat(describe(broker, AclBindingFilter.ANY)).containsExactlyInAnyOrder(ALICE_READS,
                    BOB_WRITES_PREFIX, EVERYONE_DENIED_GROUP);
            assertThat(describe(broker, filter(ResourceType.TOPIC, "orders", PatternType.MATCH)))
                    .containsExactlyInAnyOrder(ALICE_READS, BOB_WRITES_PREFIX);
            assertThat(describe(broker, filter(ResourceType.TOPIC, "orders", PatternType.ANY)))
                    .containsExactly(ALICE_READS);
            assertThat(describe(broker, new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(
                    "User:bob", null, AclOperation.ANY, AclPermissionType.ANY)))).containsExactly(BOB_WRITES_PREFIX);

            Authorizer authorizer = broker.server.authorizer().orElseThrow();
            InetAddress host = InetAddress.getLoopbackAddress();
            KafkaPrincipal alice = KafkaPrincipal.user("alice");
            assertThat(authorizer.authorize(alice, host, io.tributary.cluster.metadata.AclOperation.READ,
                    io.tributary.cluster.metadata.ResourceType.TOPIC, "orders")).isTrue();

            broker.close();
            broker = broker.startAgain();
            assertThat(describe(broker, AclBindingFilter.ANY)).as("after a restart").containsExactlyInAnyOrder(
                    ALICE_READS, BOB_WRITES_PREFIX, EVERYONE_DENIED_GROUP);
            Authorizer restarted = broker.server.authorizer().orElseThrow();
            assertThat(restarted.authorize(alice, host, io.tributary.cluster.metadata.AclOperation.READ,
                    io.tributary.cluster.metadata.ResourceType.TOPIC, "orders")).isTrue();

            Collection<AclBinding> deleted = broker.admin.deleteAcls(List.of(
                    filter(ResourceType.TOPIC, "orders", PatternType.MATCH))).all().get();
            assertThat(deleted).containsExactlyInAnyOrder(ALICE_READS, BOB_WRITES_PREFIX);
            assertThat(describe(broker, AclBindingFilter.ANY)).containsExactly(EVERYONE_DENIED_GROUP);
            assertThat(restarted.authorize(alice, host, io.tributary.cluster.metadata.AclOperation.READ,
                    io.tributary.cluster.metadata.ResourceType.TOPIC, "orders")).as("revoked at once").isFalse();
        } finally {
            broker.close();
        }
    }

    @Test
    void badAclsAreRefusedWithInvalidRequestAndNoAuthorizerMeansSecurityDisabled(@TempDir Path dir)
            throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("secured"), WITH_AUTHORIZER)) {
            AclBinding readCluster = acl(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, "User:alice",
                    AclOperation.READ, AclPermissionType.ALLOW);
            AclBinding noPrincipalType = acl(ResourceType.TOPIC, "t", PatternType.LITERAL, "alice",
                    AclOperation.READ, AclPermissionType.ALLOW);
            for (AclBinding bad : List.of(readCluster, noPrincipalType)) {
                assertThatThrownBy(() -> broker.admin.createAcls(List.of(bad)).all().get())
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidRequestException.class);
            }
            assertThat(describe(broker, AclBindingFilter.ANY)).isEmpty();
        }
        try (TestBroker plain = TestBroker.start(dir.resolve("plain"), Map.of())) {
            assertThatThrownBy(() -> plain.admin.createAcls(List.of(ALICE_READS)).all().get()).cause()
                    .isInstanceOf(SecurityDisabledException.class).hasMessageContaining("No Authorizer is configured");
            assertThatThrownBy(() -> plain.admin.describeAcls(AclBindingFilter.ANY).values().get()).cause()
                    .isInstanceOf(SecurityDisabledException.class);
            assertThatThrownBy(() -> plain.admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get()).cause()
                    .isInstanceOf(SecurityDisabledException.class);
            assertThat(plain.server.authorizer()).isEmpty();
        }
    }

    private static Collection<AclBinding> describe(TestBroker broker, AclBindingFilter filter) throws Exception {
        return broker.admin.describeAcls(filter).values().get();
    }
}
