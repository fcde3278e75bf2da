package io.tributary.broker.security;

import io.tributary.log.InvalidConfigException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * The authorizer's settings, under Kafka's names:
 * <ul>
 *   <li>{@code authorizer.class.name}: empty (the default) for none — the ACL APIs then answer SECURITY_DISABLED, as
 *       Kafka does — or {@value #STANDARD_AUTHORIZER}, Kafka's KRaft authorizer, whose semantics
 *       {@link StandardAuthorizer} has. Any other class (ZooKeeper-era {@code kafka.security.authorizer.AclAuthorizer},
 *       a custom plugin) is a startup error naming the accepted value.</li>
 *   <li>{@code super.users}: principals ({@code User:admin;User:ops}), separated by semicolons, allowed everything.</li>
 *   <li>{@code allow.everyone.if.no.acl.found} (default false): the decision for a resource no ACL applies to.</li>
 * </ul>
 *
 * @param enabled                    whether an authorizer is configured
 * @param superUsers                 {@code super.users}
 * @param allowEveryoneIfNoAclFound  {@code allow.everyone.if.no.acl.found}
 */
public record AuthorizerConfig(boolean enabled, Set<KafkaPrincipal> superUsers, boolean allowEveryoneIfNoAclFound) {

    /** The one {@code authorizer.class.name} accepted: what Kafka KRaft clusters configure. */
    public static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    /** No authorizer. */
    public static final AuthorizerConfig DISABLED = new AuthorizerConfig(false, Set.of(), false);

    public AuthorizerConfig {
        superUsers = Set.copyOf(superUsers);
    }

    /** Reads and checks the settings; an invalid one fails naming its key. */
    public static AuthorizerConfig from(Map<String, String> props) {
        String className = props.getOrDefault("authorizer.class.name", "").trim();
        if (!className.isEmpty() && !className.equals(STANDARD_AUTHORIZER)) {
            throw new InvalidConfigException("authorizer.class.name", className, "the only authorizer is Kafka's "
                    + "KRaft one: set " + STANDARD_AUTHORIZER + " (or nothing, for no authorizer)");
        }
        Set<KafkaPrincipal> superUsers = new LinkedHashSet<>();
        String given = props.getOrDefault("super.users", "");
        for (String entry : given.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                superUsers.add(KafkaPrincipal.parse(entry.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("super.users", given, e.getMessage());
            }
        }
        String allow = props.getOrDefault("allow.everyone.if.no.acl.found", "false").trim().toLowerCase(Locale.ROOT);
        if (!allow.equals("true") && !allow.equals("false")) {
            throw new InvalidConfigException("allow.everyone.if.no.acl.found",
                    props.get("allow.everyone.if.no.acl.found"), "must be true or false");
        }
        return new AuthorizerConfig(!className.isEmpty(), superUsers, Boolean.parseBoolean(allow));
    }
}
