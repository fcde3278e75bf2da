package io.tributary.broker.security;

import io.tributary.cluster.metadata.AccessControlEntryRecord;
import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.AclPermissionType;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.PatternType;
import io.tributary.cluster.metadata.RemoveAccessControlEntryRecord;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.log.InvalidConfigException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.tributary.cluster.metadata.AclOperation.ALL;
import static io.tributary.cluster.metadata.AclOperation.ALTER;
import static io.tributary.cluster.metadata.AclOperation.ALTER_CONFIGS;
import static io.tributary.cluster.metadata.AclOperation.CREATE;
import static io.tributary.cluster.metadata.AclOperation.DELETE;
import static io.tributary.cluster.metadata.AclOperation.DESCRIBE;
import static io.tributary.cluster.metadata.AclOperation.DESCRIBE_CONFIGS;
import static io.tributary.cluster.metadata.AclOperation.READ;
import static io.tributary.cluster.metadata.AclOperation.WRITE;
import static io.tributary.cluster.metadata.AclPermissionType.ALLOW;
import static io.tributary.cluster.metadata.AclPermissionType.DENY;
import static io.tributary.cluster.metadata.PatternType.LITERAL;
import static io.tributary.cluster.metadata.PatternType.PREFIXED;
import static io.tributary.cluster.metadata.ResourceType.GROUP;
import static io.tributary.cluster.metadata.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Kafka's StandardAuthorizer semantics, one row per case: the ACLs in force, the request (always
 * {@code User:alice} from 10.0.0.1 unless the row says otherwise) and the expected decision.
 */
class StandardAuthorizerTest {

    private static final KafkaPrincipal ALICE = KafkaPrincipal.user("alice");
    private static final InetAddress HOST = address("10.0.0.1");
    private static final InetAddress OTHER_HOST = address("10.0.0.2");

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, String host,
                                  AclOperation op, AclPermissionType permission) {
        return new AclBinding(type, name, pattern, principal, host, op, permission);
    }

    private static AclBinding topic(String name, PatternType pattern, AclOperation op, AclPermissionType permission) {
        return acl(TOPIC, name, pattern, "User:alice", "*", op, permission);
    }

    /** A request other than alice's default one. */
    private record Request(KafkaPrincipal principal, InetAddress host, AclOperation op, ResourceType type,
                           String name) {
        static Request on(String topic, AclOperation op) {
            return new Request(ALICE, HOST, op, TOPIC, topic);
        }
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                // no ACL at all: allow.everyone.if.no.acl.found (false here) decides
                row("no ACLs: denied", List.of(), Request.on("orders", READ), false),
                // literal, wildcard and prefixed resource matching
                row("literal ALLOW", List.of(topic("orders", LITERAL, READ, ALLOW)), Request.on("orders", READ), true),
                row("literal on another name", List.of(topic("orders", LITERAL, READ, ALLOW)),
                        Request.on("orders2", READ), false),
                row("a literal name is no prefix", List.of(topic("ord", LITERAL, READ, ALLOW)),
                        Request.on("orders", READ), false),
                row("literal * covers every name", List.of(topic("*", LITERAL, READ, ALLOW)),
                        Request.on("anything", READ), true),
                row("prefixed covers names starting with it", List.of(topic("ord", PREFIXED, READ, ALLOW)),
                        Request.on("orders", READ), true),
                row("prefixed covers the name itself", List.of(topic("orders", PREFIXED, READ, ALLOW)),
                        Request.on("orders", READ), true),
                row("prefixed longer than the name", List.of(topic("orders-eu", PREFIXED, READ, ALLOW)),
                        Request.on("orders", READ), false),
                row("prefixed * is a prefix, not a wildcard", List.of(topic("*", PREFIXED, READ, ALLOW)),
                        Request.on("orders", READ), false),
                row("another resource type", List.of(acl(GROUP, "orders", LITERAL, "User:alice", "*", READ, ALLOW)),
                        Request.on("orders", READ), false),
                // principals
                row("User:* matches everyone", List.of(acl(TOPIC, "t", LITERAL, "User:*", "*", READ, ALLOW)),
                        Request.on("t", READ), true),
                row("another principal's ACL", List.of(acl(TOPIC, "t", LITERAL, "User:bob", "*", READ, ALLOW)),
                        Request.on("t", READ), false),
                row("principal type counts", List.of(acl(TOPIC, "t", LITERAL, "Group:alice", "*", READ, ALLOW)),
                        Request.on("t", READ), false),
                // hosts
                row("the request's host", List.of(acl(TOPIC, "t", LITERAL, "User:alice", "10.0.0.1", READ, ALLOW)),
                        Request.on("t", READ), true),
                row("another host", List.of(acl(TOPIC, "t", LITERAL, "User:alice", "10.0.0.1", READ, ALLOW)),
                        new Request(ALICE, OTHER_HOST, READ, TOPIC, "t"), false),
                // operations and their implications
                row("ALLOW ALL covers everything", List.of(topic("t", LITERAL, ALL, ALLOW)), Request.on("t", DELETE),
                        true),
                row("ALLOW WRITE is not READ", List.of(topic("t", LITERAL, WRITE, ALLOW)), Request.on("t", READ),
                        false),
                row("ALLOW READ implies DESCRIBE", List.of(topic("t", LITERAL, READ, ALLOW)),
                        Request.on("t", DESCRIBE), true),
                row("ALLOW WRITE implies DESCRIBE", List.of(topic("t", LITERAL, WRITE, ALLOW)),
                        Request.on("t", DESCRIBE), true),
                row("ALLOW DELETE implies DESCRIBE", List.of(topic("t", LITERAL, DELETE, ALLOW)),
                        Request.on("t", DESCRIBE), true),
                row("ALLOW ALTER implies DESCRIBE", List.of(topic("t", LITERAL, ALTER, ALLOW)),
                        Request.on("t", DESCRIBE), true),
                row("ALLOW CREATE does not imply DESCRIBE", List.of(topic("t", LITERAL, CREATE, ALLOW)),
                        Request.on("t", DESCRIBE), false),
                row("ALLOW ALTER_CONFIGS implies DESCRIBE_CONFIGS", List.of(topic("t", LITERAL, ALTER_CONFIGS, ALLOW)),
                        Request.on("t", DESCRIBE_CONFIGS), true),
                row("ALLOW DESCRIBE_CONFIGS is not ALTER_CONFIGS", List.of(topic("t", LITERAL, DESCRIBE_CONFIGS,
                        ALLOW)), Request.on("t", ALTER_CONFIGS), false),
                row("ALLOW ALTER does not imply DESCRIBE_CONFIGS", List.of(topic("t", LITERAL, ALTER, ALLOW)),
                        Request.on("t", DESCRIBE_CONFIGS), false),
                row("ALLOW DESCRIBE is not READ", List.of(topic("t", LITERAL, DESCRIBE, ALLOW)),
                        Request.on("t", READ), false),
                // DENY beats ALLOW, wherever each comes from
                row("DENY beats ALLOW on the same name", List.of(topic("t", LITERAL, READ, ALLOW),
                        topic("t", LITERAL, READ, DENY)), Request.on("t", READ), false),
                row("prefixed DENY beats literal ALLOW", List.of(topic("orders", LITERAL, READ, ALLOW),
                        topic("ord", PREFIXED, READ, DENY)), Request.on("orders", READ), false),
                row("wildcard DENY for everyone beats ALLOW", List.of(topic("orders", LITERAL, READ, ALLOW),
                        acl(TOPIC, "*", LITERAL, "User:*", "*", READ, DENY)), Request.on("orders", READ), false),
                row("DENY ALL denies everything", List.of(topic("t", LITERAL, READ, ALLOW),
                        topic("t", LITERAL, ALL, DENY)), Request.on("t", DESCRIBE), false),
                row("DENY READ does not deny DESCRIBE", List.of(topic("t", LITERAL, DESCRIBE, ALLOW),
                        topic("t", LITERAL, READ, DENY)), Request.on("t", DESCRIBE), true),
                row("DENY from another host does not apply", List.of(topic("t", LITERAL, READ, ALLOW),
                        acl(TOPIC, "t", LITERAL, "User:alice", "10.9.9.9", READ, DENY)), Request.on("t", READ), true),
                row("DENY of another principal does not apply", List.of(topic("t", LITERAL, READ, ALLOW),
                        acl(TOPIC, "t", LITERAL, "User:bob", "*", READ, DENY)), Request.on("t", READ), true),
                // once any ACL applies to the resource, no matching ALLOW means denied (even if allow-everyone)
                row("ACLs on the resource for others only", List.of(acl(TOPIC, "t", LITERAL, "User:bob", "*", READ,
                        ALLOW)), Request.on("t", READ), false));
    }

    private static Arguments row(String name, List<AclBinding> acls, Request request, boolean allowed) {
        return arguments(name, acls, request, allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesAsKafkasStandardAuthorizer(String name, List<AclBinding> acls, Request r, boolean allowed) {
        StandardAuthorizer authorizer = authorizer(Map.of(), acls);
        assertThat(authorizer.authorize(r.principal(), r.host(), r.op(), r.type(), r.name())).isEqualTo(allowed);
        // asked again, the cached decision is the same
        assertThat(authorizer.authorize(r.principal(), r.host(), r.op(), r.type(), r.name())).isEqualTo(allowed);
    }

    @Test
    void allowEveryoneIfNoAclFoundAppliesOnlyWhereNoAclApplies() {
        StandardAuthorizer authorizer = authorizer(Map.of("allow.everyone.if.no.acl.found", "true"),
                List.of(acl(TOPIC, "guarded", LITERAL, "User:bob", "*", READ, ALLOW),
                        acl(TOPIC, "sec", PREFIXED, "User:bob", "*", READ, ALLOW)));
        assertThat(authorizer.authorize(ALICE, HOST, READ, TOPIC, "open")).isTrue();
        assertThat(authorizer.authorize(ALICE, HOST, READ, GROUP, "any-group")).isTrue();
        assertThat(authorizer.authorize(ALICE, HOST, READ, TOPIC, "guarded")).isFalse();
        assertThat(authorizer.authorize(ALICE, HOST, READ, TOPIC, "secret")).isFalse();
        assertThat(authorizer.authorize(KafkaPrincipal.user("bob"), HOST, READ, TOPIC, "secret")).isTrue();
    }

    @Test
    void superUsersMayDoEverythingDespiteDenies() {
        StandardAuthorizer authorizer = authorizer(Map.of("super.users", " User:admin ; User:ANONYMOUS;"),
                List.of(acl(TOPIC, "*", LITERAL, "User:*", "*", ALL, DENY)));
        assertThat(authorizer.authorize(KafkaPrincipal.user("admin"), HOST, WRITE, TOPIC, "t")).isTrue();
        assertThat(authorizer.authorize(KafkaPrincipal.ANONYMOUS, HOST, DELETE, TOPIC, "t")).isTrue();
        assertThat(authorizer.authorize(ALICE, HOST, WRITE, TOPIC, "t")).isFalse();
        assertThat(authorizer.authorize(new KafkaPrincipal("Group", "admin"), HOST, WRITE, TOPIC, "t")).isFalse();
    }

    @Test
    void anAclChangeInvalidatesTheCachedDecisions() {
        StandardAuthorizer authorizer = new StandardAuthorizer(AuthorizerConfig.from(Map.of(
                "authorizer.class.name", AuthorizerConfig.STANDARD_AUTHORIZER)));
        UUID id = new UUID(1, 1);
        MetadataImage granted = apply(authorizer, MetadataImage.EMPTY,
                List.of(new AccessControlEntryRecord(id, topic("t", LITERAL, READ, ALLOW))));
        assertThat(authorizer.authorize(ALICE, HOST, READ, TOPIC, "t")).isTrue();
        assertThat(authorizer.cachedDecisions()).isEqualTo(1);

        MetadataImage revoked = apply(authorizer, granted, List.of(new RemoveAccessControlEntryRecord(id)));
        assertThat(authorizer.cachedDecisions()).isZero();
        assertThat(authorizer.authorize(ALICE, HOST, READ, TOPIC, "t")).isFalse();

        // a change without ACLs keeps the cache; an older image never replaces a newer one
        apply(authorizer, revoked, List.of(new io.tributary.cluster.metadata.TopicRecord("x", new UUID(9, 9))));
        assertThat(authorizer.cachedDecisions()).isEqualTo(1);
        authorizer.load(granted);
        assertThat(authorizer.authorize(ALICE, HOST, READ, TOPIC, "t")).isFalse();
    }

    @Test
    void authorizedNamesKeepsOnlyWhatThePrincipalMaySee() {
        StandardAuthorizer authorizer = authorizer(Map.of(), List.of(topic("pub", PREFIXED, READ, ALLOW),
                topic("pub-secret", LITERAL, ALL, DENY)));
        assertThat(authorizer.authorizedNames(ALICE, HOST, DESCRIBE, TOPIC,
                List.of("pub-a", "private", "pub-secret", "pub-b"))).containsExactly("pub-a", "pub-b");
    }

    static Stream<Arguments> anyOfType() {
        return Stream.of(
                arguments("no ACLs", List.of(), false),
                arguments("one literal ALLOW", List.of(topic("t", LITERAL, WRITE, ALLOW)), true),
                arguments("ALL counts", List.of(topic("t", LITERAL, ALL, ALLOW)), true),
                arguments("an implied operation does not count", List.of(topic("t", LITERAL, READ, ALLOW)), false),
                arguments("a literal ALLOW denied on the same name", List.of(topic("t", LITERAL, WRITE, ALLOW),
                        topic("t", LITERAL, WRITE, DENY)), false),
                arguments("a literal ALLOW under a prefixed DENY", List.of(topic("team-t", LITERAL, WRITE, ALLOW),
                        topic("team", PREFIXED, WRITE, DENY)), false),
                arguments("a prefixed ALLOW not under a DENY", List.of(topic("team", PREFIXED, WRITE, ALLOW),
                        topic("team-x", LITERAL, WRITE, DENY)), true),
                arguments("a wildcard DENY", List.of(topic("t", LITERAL, WRITE, ALLOW),
                        topic("*", LITERAL, WRITE, DENY)), false),
                arguments("a wildcard ALLOW", List.of(topic("*", LITERAL, WRITE, ALLOW),
                        topic("t", LITERAL, WRITE, DENY)), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anyOfType")
    void authorizeAnyIsKafkasAuthorizeByResourceType(String name, List<AclBinding> acls, boolean allowed) {
        assertThat(authorizer(Map.of(), acls).authorizeAny(ALICE, HOST, WRITE, TOPIC)).isEqualTo(allowed);
    }

    @Test
    void onlyKafkasKraftAuthorizerIsAccepted() {
        assertThat(AuthorizerConfig.from(Map.of()).enabled()).isFalse();
        AuthorizerConfig config = AuthorizerConfig.from(Map.of("authorizer.class.name",
                "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "super.users", "User:a;User:b"));
        assertThat(config.enabled()).isTrue();
        assertThat(config.superUsers()).isEqualTo(Set.of(KafkaPrincipal.user("a"), KafkaPrincipal.user("b")));
        assertThat(config.allowEveryoneIfNoAclFound()).isFalse();
        assertThatThrownBy(() -> AuthorizerConfig.from(Map.of("authorizer.class.name",
                "kafka.security.authorizer.AclAuthorizer"))).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("authorizer.class.name")
                .hasMessageContaining("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThatThrownBy(() -> AuthorizerConfig.from(Map.of("super.users", "admin")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("super.users");
        assertThatThrownBy(() -> AuthorizerConfig.from(Map.of("allow.everyone.if.no.acl.found", "yes")))
                .isInstanceOf(InvalidConfigException.class);
    }

    private static StandardAuthorizer authorizer(Map<String, String> settings, List<AclBinding> acls) {
        Map<String, String> props = new java.util.HashMap<>(settings);
        props.put("authorizer.class.name", AuthorizerConfig.STANDARD_AUTHORIZER);
        StandardAuthorizer authorizer = new StandardAuthorizer(AuthorizerConfig.from(props));
        List<MetadataRecord> records = new ArrayList<>();
        long n = 0;
        for (AclBinding acl : acls) {
            records.add(new AccessControlEntryRecord(new UUID(7, ++n), acl));
        }
        apply(authorizer, MetadataImage.EMPTY, records);
        return authorizer;
    }

    private static MetadataImage apply(StandardAuthorizer authorizer, MetadataImage base,
                                       List<MetadataRecord> records) {
        MetadataDelta delta = new MetadataDelta(base).replayAll(records);
        MetadataImage image = delta.apply(base.offset() + 1);
        authorizer.onMetadataUpdate(delta, image);
        return image;
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
