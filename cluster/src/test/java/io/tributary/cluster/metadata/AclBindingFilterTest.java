package io.tributary.cluster.metadata;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.tributary.cluster.metadata.PatternType.ANY;
import static io.tributary.cluster.metadata.PatternType.LITERAL;
import static io.tributary.cluster.metadata.PatternType.MATCH;
import static io.tributary.cluster.metadata.PatternType.PREFIXED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Kafka's filter semantics, one row per case: the filter's pattern type and name against one ACL's pattern. */
class AclBindingFilterTest {

    static Stream<Arguments> patterns() {
        return Stream.of(
                // filter type, filter name, ACL type, ACL name, selected
                arguments(LITERAL, "orders", LITERAL, "orders", true),
                arguments(LITERAL, "orders", LITERAL, "*", false),
                arguments(LITERAL, "orders", PREFIXED, "orders", false),
                arguments(LITERAL, null, LITERAL, "anything", true),
                arguments(LITERAL, null, PREFIXED, "anything", false),
                arguments(PREFIXED, "ord", PREFIXED, "ord", true),
                arguments(PREFIXED, "ord", PREFIXED, "or", false),
                arguments(ANY, "orders", LITERAL, "orders", true),
                arguments(ANY, "orders", PREFIXED, "orders", true),
                arguments(ANY, "orders", LITERAL, "*", false),
                arguments(ANY, "orders", PREFIXED, "ord", false),
                arguments(ANY, null, PREFIXED, "x", true),
                arguments(MATCH, "orders", LITERAL, "orders", true),
                arguments(MATCH, "orders", LITERAL, "*", true),
                arguments(MATCH, "orders", PREFIXED, "ord", true),
                arguments(MATCH, "orders", PREFIXED, "orders", true),
                arguments(MATCH, "orders", PREFIXED, "orders-eu", false),
                arguments(MATCH, "orders", LITERAL, "ord", false),
                arguments(MATCH, "*", LITERAL, "*", true),
                arguments(MATCH, "*", LITERAL, "orders", false),
                arguments(MATCH, null, PREFIXED, "x", true));
    }

    @ParameterizedTest(name = "{0} {1} selects {2} {3}: {4}")
    @MethodSource("patterns")
    void patternMatchingFollowsKafka(PatternType filterType, String filterName, PatternType aclType, String aclName,
                                     boolean selected) {
        AclBinding acl = new AclBinding(ResourceType.TOPIC, aclName, aclType, "User:alice", "*", AclOperation.READ,
                AclPermissionType.ALLOW);
        AclBindingFilter filter = new AclBindingFilter(ResourceType.TOPIC, filterName, filterType, null, null,
                AclOperation.ANY, AclPermissionType.ANY);
        assertThat(filter.matches(acl)).isEqualTo(selected);
    }

    static Stream<Arguments> entries() {
        AclBindingFilter any = AclBindingFilter.ANY;
        return Stream.of(
                arguments(any, true),
                arguments(new AclBindingFilter(ResourceType.GROUP, null, ANY, null, null, AclOperation.ANY,
                        AclPermissionType.ANY), false),
                arguments(new AclBindingFilter(ResourceType.TOPIC, null, ANY, "User:alice", null, AclOperation.ANY,
                        AclPermissionType.ANY), true),
                arguments(new AclBindingFilter(ResourceType.ANY, null, ANY, "User:*", null, AclOperation.ANY,
                        AclPermissionType.ANY), false),
                arguments(new AclBindingFilter(ResourceType.ANY, null, ANY, null, "*", AclOperation.ANY,
                        AclPermissionType.ANY), true),
                arguments(new AclBindingFilter(ResourceType.ANY, null, ANY, null, "10.0.0.1", AclOperation.ANY,
                        AclPermissionType.ANY), false),
                arguments(new AclBindingFilter(ResourceType.ANY, null, ANY, null, null, AclOperation.READ,
                        AclPermissionType.ANY), true),
                arguments(new AclBindingFilter(ResourceType.ANY, null, ANY, null, null, AclOperation.ALL,
                        AclPermissionType.ANY), false),
                arguments(new AclBindingFilter(ResourceType.ANY, null, ANY, null, null, AclOperation.ANY,
                        AclPermissionType.DENY), false),
                arguments(new AclBindingFilter(ResourceType.ANY, null, ANY, null, null, AclOperation.ANY,
                        AclPermissionType.ALLOW), true));
    }

    @ParameterizedTest
    @MethodSource("entries")
    void principalHostOperationAndPermissionMatchExactlyOrAny(AclBindingFilter filter, boolean selected) {
        AclBinding acl = new AclBinding(ResourceType.TOPIC, "orders", LITERAL, "User:alice", "*", AclOperation.READ,
                AclPermissionType.ALLOW);
        assertThat(filter.matches(acl)).isEqualTo(selected);
    }
}
