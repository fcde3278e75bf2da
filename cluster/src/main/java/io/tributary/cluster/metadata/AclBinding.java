package io.tributary.cluster.metadata;

import java.util.Objects;

/**
 * One ACL, as Kafka's {@code AclBinding}: a resource pattern (type, name, LITERAL or PREFIXED) and an entry
 * (principal such as {@code User:alice} or {@code User:*}, host {@code *} or an IP address, operation, ALLOW or DENY).
 * The controller checks a binding before it is stored ({@code cluster.controller.AclControl}); a stored binding
 * has only concrete values (no ANY, MATCH or UNKNOWN).
 */
public record AclBinding(ResourceType resourceType, String resourceName, PatternType patternType,
                         String principal, String host, AclOperation operation, AclPermissionType permission) {

    /** The host of an ACL that applies from every host, and the name of a LITERAL ACL on every resource. */
    public static final String WILDCARD = "*";

    public AclBinding {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permission, "permission");
    }

    @Override
    public String toString() {
        return "(" + resourceType + ":" + patternType + ":" + resourceName + ", " + principal + " from " + host + " "
                + permission + " " + operation + ")";
    }
}
