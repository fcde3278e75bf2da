package io.tributary.broker.security;

import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.AclPermissionType;
import io.tributary.cluster.metadata.AclsImage;
import io.tributary.cluster.metadata.PatternType;
import io.tributary.cluster.metadata.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ACLs of one {@link AclsImage}, arranged for deciding (Kafka's StandardAuthorizer semantics, without super
 * users and without caching, which {@link StandardAuthorizer} adds):
 * <ol>
 *   <li>the ACLs that apply to a resource are those of its type that are LITERAL with its name, LITERAL {@code *},
 *       or PREFIXED with a prefix of its name (the whole name included);</li>
 *   <li>of those, an ACL matches the request when its principal is the request's or {@code User:*}, its host the
 *       request's address or {@code *}, and its operation the requested one, or ALL; an ALLOW of READ, WRITE, DELETE or
 *       ALTER also matches DESCRIBE, an ALLOW of ALTER_CONFIGS also DESCRIBE_CONFIGS (a DENY implies nothing but
 *       itself, save DENY ALL);</li>
 *   <li>a matching DENY denies, whatever else matches; else a matching ALLOW allows; else, when ACLs apply to the
 *       resource but none matches, denied; when none applies at all, {@code allow.everyone.if.no.acl.found}
 *       decides.</li>
 * </ol>
 * Immutable, so lock-free readers share it; a change of ACLs builds a new one.
 */
final class AclIndex {

    /** The ALLOW operations that also grant DESCRIBE, and those that grant DESCRIBE_CONFIGS. */
    private static final Set<AclOperation> IMPLY_DESCRIBE = EnumSet.of(AclOperation.DESCRIBE, AclOperation.READ,
            AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER);
    private static final Set<AclOperation> IMPLY_DESCRIBE_CONFIGS = EnumSet.of(AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER_CONFIGS);
    private static final String WILDCARD_PRINCIPAL = "User:*";

    /** The ACLs of one resource type: LITERAL by name ({@code *} included), PREFIXED by prefix. */
    private static final class ByName {
        final Map<String, List<AclBinding>> literal = new HashMap<>();
        final Map<String, List<AclBinding>> prefixed = new HashMap<>();
        /** The lengths of the PREFIXED names, ascending: a name is looked up cut to each. */
        final TreeSet<Integer> prefixLengths = new TreeSet<>();
    }

    private final Map<ResourceType, ByName> byType = new EnumMap<>(ResourceType.class);
    private final AclsImage source;
    private final boolean allowIfNoAcl;

    AclIndex(AclsImage acls, boolean allowIfNoAcl) {
        this.source = acls;
        this.allowIfNoAcl = allowIfNoAcl;
        for (AclBinding acl : acls.byId().values()) {
            ByName names = byType.computeIfAbsent(acl.resourceType(), t -> new ByName());
            if (acl.patternType() == PatternType.PREFIXED) {
                names.prefixed.computeIfAbsent(acl.resourceName(), n -> new ArrayList<>()).add(acl);
                names.prefixLengths.add(acl.resourceName().length());
            } else {
                names.literal.computeIfAbsent(acl.resourceName(), n -> new ArrayList<>()).add(acl);
            }
        }
    }

    /** The image this index was built from. */
    AclsImage source() {
        return source;
    }

    /** The decision for one request (super users are the caller's). */
    boolean authorize(String principal, String host, AclOperation operation, ResourceType type, String name) {
        ByName names = byType.get(type);
        if (names == null) {
            return allowIfNoAcl;
        }
        List<Collection<AclBinding>> applying = new ArrayList<>(4);
        addIfPresent(applying, names.literal.get(name));
        if (!name.equals(AclBinding.WILDCARD)) {
            addIfPresent(applying, names.literal.get(AclBinding.WILDCARD));
        }
        for (int length : names.prefixLengths) {
            if (length > name.length()) {
                break;
            }
            addIfPresent(applying, names.prefixed.get(name.substring(0, length)));
        }
        if (applying.isEmpty()) {
            return allowIfNoAcl;
        }
        boolean allowed = false;
        for (Collection<AclBinding> acls : applying) {
            for (AclBinding acl : acls) {
                if (!matches(acl, principal, host, operation)) {
                    continue;
                }
                if (acl.permission() == AclPermissionType.DENY) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /**
     * Kafka's {@code authorizeByResourceType} past its first step (the caller's: a request on a made-up name, which
     * covers super users, {@code *} and {@code allow.everyone.if.no.acl.found}): allowed when some LITERAL ALLOW of
     * the exact operation (or ALL) is not denied by a LITERAL DENY of the same name or a PREFIXED DENY of a prefix of
     * it, or some PREFIXED ALLOW is not denied by a PREFIXED DENY of a prefix of it; a LITERAL {@code *} DENY denies.
     */
    boolean authorizeAny(String principal, String host, AclOperation operation, ResourceType type) {
        ByName names = byType.get(type);
        if (names == null) {
            return false;
        }
        Set<String> deniedLiteral = new HashSet<>();
        Set<String> deniedPrefixes = new HashSet<>();
        List<AclBinding> allows = new ArrayList<>();
        for (AclBinding acl : all(names)) {
            if (!principalMatches(acl, principal) || !hostMatches(acl, host)
                    || (acl.operation() != operation && acl.operation() != AclOperation.ALL)) {
                continue;
            }
            if (acl.permission() == AclPermissionType.DENY) {
                if (acl.patternType() == PatternType.LITERAL && acl.resourceName().equals(AclBinding.WILDCARD)) {
                    return false;
                }
                (acl.patternType() == PatternType.LITERAL ? deniedLiteral : deniedPrefixes).add(acl.resourceName());
            } else {
                allows.add(acl);
            }
        }
        for (AclBinding allow : allows) {
            if (allow.patternType() == PatternType.LITERAL && allow.resourceName().equals(AclBinding.WILDCARD)) {
                return true;
            }
        }
        for (AclBinding allow : allows) {
            String name = allow.resourceName();
            if (allow.patternType() == PatternType.LITERAL && deniedLiteral.contains(name)) {
                continue;
            }
            boolean dominated = false;
            for (int i = 1; i <= name.length() && !dominated; i++) {
                dominated = deniedPrefixes.contains(name.substring(0, i));
            }
            if (!dominated) {
                return true;
            }
        }
        return false;
    }

    private static List<AclBinding> all(ByName names) {
        List<AclBinding> all = new ArrayList<>();
        names.literal.values().forEach(all::addAll);
        names.prefixed.values().forEach(all::addAll);
        return all;
    }

    private static void addIfPresent(List<Collection<AclBinding>> applying, List<AclBinding> acls) {
        if (acls != null) {
            applying.add(acls);
        }
    }

    private static boolean matches(AclBinding acl, String principal, String host, AclOperation operation) {
        return principalMatches(acl, principal) && hostMatches(acl, host) && operationMatches(acl, operation);
    }

    private static boolean principalMatches(AclBinding acl, String principal) {
        return acl.principal().equals(principal) || acl.principal().equals(WILDCARD_PRINCIPAL);
    }

    private static boolean hostMatches(AclBinding acl, String host) {
        return acl.host().equals(AclBinding.WILDCARD) || acl.host().equals(host);
    }

    private static boolean operationMatches(AclBinding acl, AclOperation operation) {
        if (acl.operation() == AclOperation.ALL || acl.operation() == operation) {
            return true;
        }
        if (acl.permission() != AclPermissionType.ALLOW) {
            return false;   // only an ALLOW implies other operations
        }
        return switch (operation) {
            case DESCRIBE -> IMPLY_DESCRIBE.contains(acl.operation());
            case DESCRIBE_CONFIGS -> IMPLY_DESCRIBE_CONFIGS.contains(acl.operation());
            default -> false;
        };
    }
}
