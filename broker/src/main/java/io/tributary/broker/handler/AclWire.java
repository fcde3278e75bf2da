package io.tributary.broker.handler;

import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclBindingFilter;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.AclPermissionType;
import io.tributary.cluster.metadata.PatternType;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;

/**
 * What the three ACL APIs share: reading bindings and filters from their wire codes (a code this version does not
 * know reads as UNKNOWN, which the controller or the filter check refuses with INVALID_REQUEST), and Kafka's answer
 * when no authorizer is configured.
 */
final class AclWire {

    /** Kafka's answer to every ACL API on a broker without {@code authorizer.class.name}. */
    static final ApiError SECURITY_DISABLED = ApiError.of(Errors.SECURITY_DISABLED, "No Authorizer is configured.");

    private AclWire() {
    }

    static AclBinding binding(byte resourceType, String resourceName, byte patternType, String principal, String host,
                              byte operation, byte permission) {
        return new AclBinding(ResourceType.forCode(resourceType), nonNull(resourceName),
                PatternType.forCode(patternType), nonNull(principal), nonNull(host), AclOperation.forCode(operation),
                AclPermissionType.forCode(permission));
    }

    static AclBindingFilter filter(byte resourceType, String resourceName, byte patternType, String principal,
                                   String host, byte operation, byte permission) {
        return new AclBindingFilter(ResourceType.forCode(resourceType), resourceName,
                PatternType.forCode(patternType), principal, host, AclOperation.forCode(operation),
                AclPermissionType.forCode(permission));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
