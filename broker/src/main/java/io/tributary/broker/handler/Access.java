package io.tributary.broker.handler;

import io.tributary.broker.network.RequestContext;
import io.tributary.broker.security.Authorizer;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a handler asks before it serves: may the request's principal, from its host, do this operation on this
 * resource? Without an authorizer ({@code authorizer.class.name} unset) everything is allowed, as in Kafka.
 */
public final class Access {

    /** The cluster resource's one name, as Kafka's ACLs name it. */
    public static final String CLUSTER_NAME = "kafka-cluster";
    /** Everything allowed: no authorizer is configured. */
    public static final Access OPEN = new Access(Optional.empty());

    /** The operations an ACL on each resource type can grant (Kafka's AclEntry.supportedOperations). */
    private static final Map<ResourceType, Set<AclOperation>> SUPPORTED = Map.of(
            ResourceType.TOPIC, EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
                    AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS),
            ResourceType.GROUP, EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS),
            ResourceType.CLUSTER, EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
                    AclOperation.ALTER, AclOperation.DESCRIBE));

    private final Optional<Authorizer> authorizer;

    public Access(Optional<Authorizer> authorizer) {
        this.authorizer = authorizer;
    }

    /** Whether an authorizer decides (else everything is allowed). */
    public boolean enabled() {
        return authorizer.isPresent();
    }

    /** May the request's principal do {@code operation} on the resource {@code type}/{@code name}? */
    public boolean allows(RequestContext context, AclOperation operation, ResourceType type, String name) {
        return authorizer.isEmpty() || authorizer.get().authorize(context.principal(), context.clientAddress(),
                operation, type, name);
    }

    /** May it do {@code operation} on the cluster? */
    public boolean allowsCluster(RequestContext context, AclOperation operation) {
        return allows(context, operation, ResourceType.CLUSTER, CLUSTER_NAME);
    }

    /** May it do {@code operation} on at least one resource of {@code type} (Kafka's authorizeByResourceType)? */
    public boolean allowsAny(RequestContext context, AclOperation operation, ResourceType type) {
        return authorizer.isEmpty() || authorizer.get().authorizeAny(context.principal(), context.clientAddress(),
                operation, type);
    }

    /**
     * {@link #allows} for one operation on one resource type, asking once per name: for one request's many
     * partitions (not thread-safe; make one per request).
     */
    public Predicate<String> allowing(RequestContext context, AclOperation operation, ResourceType type) {
        if (authorizer.isEmpty()) {
            return name -> true;
        }
        Map<String, Boolean> asked = new HashMap<>();
        return name -> asked.computeIfAbsent(name, n -> allows(context, operation, type, n));
    }

    /** The names among {@code names} it may do {@code operation} on, in order. */
    public List<String> filter(RequestContext context, AclOperation operation, ResourceType type,
                               Collection<String> names) {
        return authorizer.isEmpty() ? List.copyOf(names) : authorizer.get().authorizedNames(context.principal(),
                context.clientAddress(), operation, type, names);
    }

    /**
     * Null if the principal may do {@code operation} (DESCRIBE_CONFIGS or ALTER_CONFIGS) on a config resource, else
     * Kafka's error for it: a broker's configs are the cluster's (CLUSTER_AUTHORIZATION_FAILED), a topic's
     * TOPIC_AUTHORIZATION_FAILED, a group's GROUP_AUTHORIZATION_FAILED.
     */
    public ApiError configsDenied(RequestContext context, AclOperation operation, ConfigResource.Type type,
                                  String name) {
        return switch (type) {
            case BROKER -> allowsCluster(context, operation) ? null : ApiError.of(Errors.CLUSTER_AUTHORIZATION_FAILED);
            case TOPIC -> allows(context, operation, ResourceType.TOPIC, name) ? null
                    : ApiError.of(Errors.TOPIC_AUTHORIZATION_FAILED);
            case GROUP -> allows(context, operation, ResourceType.GROUP, name) ? null
                    : ApiError.of(Errors.GROUP_AUTHORIZATION_FAILED);
        };
    }

    /** The answer to a request whose principal may not do {@code operation} on the cluster. */
    public static ApiError clusterDenied(AclOperation operation) {
        return ApiError.of(Errors.CLUSTER_AUTHORIZATION_FAILED, "Cluster authorization failed: "
                + operation + " on the cluster was denied");
    }

    /**
     * Kafka's authorized-operations bit field (Metadata, DescribeCluster, DescribeGroups): bit {@code code} set for
     * each operation the resource type (TOPIC, GROUP, CLUSTER) supports that the principal may do on it.
     */
    public int authorizedOperations(RequestContext context, ResourceType type, String name) {
        int bits = 0;
        for (AclOperation operation : SUPPORTED.getOrDefault(type, Set.of())) {
            if (allows(context, operation, type, name)) {
                bits |= 1 << operation.code();
            }
        }
        return bits;
    }
}
