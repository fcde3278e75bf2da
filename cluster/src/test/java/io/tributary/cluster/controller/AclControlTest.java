package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.CreateAcls;
import io.tributary.cluster.controller.ControllerCommand.DeleteAcls;
import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclBindingFilter;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.AclPermissionType;
import io.tributary.cluster.metadata.PatternType;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AclControlTest {

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);

    private static AclBinding topicAcl(String name, PatternType pattern, String principal, AclOperation op,
                                       AclPermissionType permission) {
        return new AclBinding(ResourceType.TOPIC, name, pattern, principal, "*", op, permission);
    }

    private static final AclBinding ALICE_READS_ORDERS = topicAcl("orders", PatternType.LITERAL, "User:alice",
            AclOperation.READ, AclPermissionType.ALLOW);

    @Test
    void createdAclsAreInTheImageAndCreatingOneAgainChangesNothing() {
        AclBinding bobWrites = topicAcl("ord", PatternType.PREFIXED, "User:bob", AclOperation.WRITE,
                AclPermissionType.ALLOW);
        assertThat(h.run(new CreateAcls(List.of(ALICE_READS_ORDERS, bobWrites, ALICE_READS_ORDERS))))
                .containsExactly(ApiError.NONE, ApiError.NONE, ApiError.NONE);
        assertThat(h.image.acls().byId().values()).containsExactlyInAnyOrder(ALICE_READS_ORDERS, bobWrites);

        long offset = h.image.offset();
        ControllerResult<List<ApiError>> again = h.logic.handle(h.image, new CreateAcls(List.of(bobWrites)), h.nowMs);
        assertThat(again.response()).containsExactly(ApiError.NONE);
        assertThat(again.records()).isEmpty();
        assertThat(h.image.offset()).isEqualTo(offset);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments(topicAcl("t", PatternType.MATCH, "User:a", AclOperation.READ, AclPermissionType.ALLOW),
                        "patternType"),
                arguments(topicAcl("t", PatternType.ANY, "User:a", AclOperation.READ, AclPermissionType.ALLOW),
                        "patternType"),
                arguments(topicAcl("t", PatternType.UNKNOWN, "User:a", AclOperation.READ, AclPermissionType.ALLOW),
                        "patternType"),
                arguments(new AclBinding(ResourceType.ANY, "t", PatternType.LITERAL, "User:a", "*",
                        AclOperation.READ, AclPermissionType.ALLOW), "resourceType"),
                arguments(new AclBinding(ResourceType.UNKNOWN, "t", PatternType.LITERAL, "User:a", "*",
                        AclOperation.READ, AclPermissionType.ALLOW), "resourceType"),
                arguments(topicAcl("t", PatternType.LITERAL, "User:a", AclOperation.ANY, AclPermissionType.ALLOW),
                        "operation"),
                arguments(topicAcl("t", PatternType.LITERAL, "User:a", AclOperation.UNKNOWN, AclPermissionType.ALLOW),
                        "operation"),
                arguments(topicAcl("t", PatternType.LITERAL, "User:a", AclOperation.READ, AclPermissionType.ANY),
                        "permissionType"),
                arguments(topicAcl("", PatternType.LITERAL, "User:a", AclOperation.READ, AclPermissionType.ALLOW),
                        "empty"),
                arguments(topicAcl("t", PatternType.LITERAL, "alice", AclOperation.READ, AclPermissionType.ALLOW),
                        "principal"),
                arguments(topicAcl("t", PatternType.LITERAL, ":alice", AclOperation.READ, AclPermissionType.ALLOW),
                        "principal"),
                arguments(new AclBinding(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, "User:a", "*",
                        AclOperation.READ, AclPermissionType.ALLOW), "not supported on resource type CLUSTER"),
                arguments(new AclBinding(ResourceType.GROUP, "g", PatternType.LITERAL, "User:a", "*",
                        AclOperation.WRITE, AclPermissionType.ALLOW), "not supported on resource type GROUP"),
                arguments(new AclBinding(ResourceType.CLUSTER, "other", PatternType.LITERAL, "User:a", "*",
                        AclOperation.ALTER, AclPermissionType.ALLOW), "kafka-cluster"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void anAclThatCannotBeStoredIsRefusedWithInvalidRequest(AclBinding acl, String because) {
        List<ApiError> results = h.run(new CreateAcls(List.of(acl, ALICE_READS_ORDERS)));
        assertThat(results.get(0).error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(results.get(0).message()).contains(because);
        assertThat(results.get(1)).as("the others are created").isEqualTo(ApiError.NONE);
        assertThat(h.image.acls().byId().values()).containsExactly(ALICE_READS_ORDERS);
    }

    @Test
    void allIsAllowedOnEveryResourceType() {
        List<AclBinding> acls = Stream.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.CLUSTER,
                ResourceType.TRANSACTIONAL_ID, ResourceType.DELEGATION_TOKEN, ResourceType.USER)
                .map(t -> new AclBinding(t, t == ResourceType.CLUSTER ? "kafka-cluster" : "x", PatternType.LITERAL,
                        "User:*", "*", AclOperation.ALL, AclPermissionType.DENY)).toList();
        assertThat(h.run(new CreateAcls(acls))).allMatch(ApiError::isSuccess).hasSize(6);
        assertThat(h.image.acls().size()).isEqualTo(6);
    }

    @Test
    void deleteRemovesWhatEachFilterSelectsAndNamesItUnderEveryFilter() {
        AclBinding prefixed = topicAcl("ord", PatternType.PREFIXED, "User:bob", AclOperation.WRITE,
                AclPermissionType.ALLOW);
        AclBinding wildcard = topicAcl("*", PatternType.LITERAL, "User:carol", AclOperation.DESCRIBE,
                AclPermissionType.ALLOW);
        AclBinding other = topicAcl("payments", PatternType.LITERAL, "User:alice", AclOperation.READ,
                AclPermissionType.ALLOW);
        h.run(new CreateAcls(List.of(ALICE_READS_ORDERS, prefixed, wildcard, other)));

        AclBindingFilter matchOrders = new AclBindingFilter(ResourceType.TOPIC, "orders", PatternType.MATCH, null,
                null, AclOperation.ANY, AclPermissionType.ANY);
        AclBindingFilter alice = new AclBindingFilter(ResourceType.ANY, null, PatternType.ANY, "User:alice", null,
                AclOperation.ANY, AclPermissionType.ANY);
        List<DeleteAcls.FilterResult> results = h.run(new DeleteAcls(List.of(matchOrders, alice)));

        assertThat(results.get(0).error()).isEqualTo(ApiError.NONE);
        assertThat(results.get(0).deleted()).containsExactlyInAnyOrder(ALICE_READS_ORDERS, prefixed, wildcard);
        assertThat(results.get(1).deleted()).containsExactlyInAnyOrder(ALICE_READS_ORDERS, other);
        assertThat(h.image.acls().isEmpty()).isTrue();
    }

    @Test
    void aFilterWithAnUnknownValueIsRefusedAndDeletesNothing() {
        h.run(new CreateAcls(List.of(ALICE_READS_ORDERS)));
        AclBindingFilter unknown = new AclBindingFilter(ResourceType.ANY, null, PatternType.UNKNOWN, null, null,
                AclOperation.ANY, AclPermissionType.ANY);
        AclBindingFilter none = new AclBindingFilter(ResourceType.GROUP, null, PatternType.ANY, null, null,
                AclOperation.ANY, AclPermissionType.ANY);
        List<DeleteAcls.FilterResult> results = h.run(new DeleteAcls(List.of(unknown, none)));
        assertThat(results.get(0).error().error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(results.get(1)).isEqualTo(new DeleteAcls.FilterResult(ApiError.NONE, List.of()));
        assertThat(h.image.acls().size()).isEqualTo(1);
    }
}
