package io.tributary.cluster.metadata;

import java.util.Objects;

/**
 * Which ACLs a DescribeAcls or DeleteAcls filter selects, with Kafka's {@code AclBindingFilter} semantics:
 * <ul>
 *   <li>resource type: ANY, or equal;</li>
 *   <li>pattern type ANY: any pattern whose name equals the filter's name; LITERAL or PREFIXED: that pattern type
 *       with an equal name; MATCH: every ACL that applies to the named resource — LITERAL with an equal name, the
 *       LITERAL wildcard {@code *}, and PREFIXED ACLs whose name is a prefix of it;</li>
 *   <li>a null resource name, principal or host matches any (strings are compared exactly: a filter for
 *       {@code User:*} selects only ACLs written for {@code User:*});</li>
 *   <li>operation and permission: ANY, or equal.</li>
 * </ul>
 */
public record AclBindingFilter(ResourceType resourceType, String resourceName, PatternType patternType,
                               String principal, String host, AclOperation operation, AclPermissionType permission) {

    /** The filter selecting every ACL. */
    public static final AclBindingFilter ANY = new AclBindingFilter(ResourceType.ANY, null, PatternType.ANY, null,
            null, AclOperation.ANY, AclPermissionType.ANY);

    public AclBindingFilter {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permission, "permission");
    }

    /** Why this filter cannot be used (it holds an UNKNOWN value), or null when it can. */
    public String problem() {
        if (resourceType == ResourceType.UNKNOWN) {
            return "Unknown resource type in the filter";
        }
        if (patternType == PatternType.UNKNOWN) {
            return "Unknown pattern type in the filter";
        }
        if (operation == AclOperation.UNKNOWN) {
            return "Unknown operation in the filter";
        }
        if (permission == AclPermissionType.UNKNOWN) {
            return "Unknown permission type in the filter";
        }
        return null;
    }

    /** Whether this filter selects {@code acl}. */
    public boolean matches(AclBinding acl) {
        return matchesPattern(acl) && (principal == null || principal.equals(acl.principal()))
                && (host == null || host.equals(acl.host()))
                && (operation == AclOperation.ANY || operation == acl.operation())
                && (permission == AclPermissionType.ANY || permission == acl.permission());
    }

    private boolean matchesPattern(AclBinding acl) {
        if (resourceType != ResourceType.ANY && resourceType != acl.resourceType()) {
            return false;
        }
        if (patternType == PatternType.MATCH) {
            if (resourceName == null) {
                return true;
            }
            return switch (acl.patternType()) {
                case LITERAL -> resourceName.equals(acl.resourceName())
                        || AclBinding.WILDCARD.equals(acl.resourceName());
                case PREFIXED -> resourceName.startsWith(acl.resourceName());
                default -> false;
            };
        }
        if (patternType != PatternType.ANY && patternType != acl.patternType()) {
            return false;
        }
        return resourceName == null || resourceName.equals(acl.resourceName());
    }
}
