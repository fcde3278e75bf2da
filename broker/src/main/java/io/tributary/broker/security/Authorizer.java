package io.tributary.broker.security;

import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Decides whether a principal, connected from a host, may do an operation on a named resource — what a handler asks
 * before it serves a request (Kafka's {@code Authorizer}). Thread-safe and fast enough for the produce and fetch
 * paths. Built with {@link StandardAuthorizer#StandardAuthorizer(AuthorizerConfig)} when {@code
 * authorizer.class.name} is set; without one nothing is checked.
 */
public interface Authorizer {

    /**
     * Whether {@code principal} from {@code host} may do {@code operation} on the resource of {@code type} named
     * {@code resourceName} (a topic, group or transactional id name; {@code kafka-cluster} for the cluster).
     */
    boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type,
                      String resourceName);

    /**
     * Whether {@code principal} may do {@code operation} on at least one resource of {@code type} (Kafka's
     * {@code authorizeByResourceType}: what lets a producer with WRITE on some topic be idempotent without
     * IDEMPOTENT_WRITE on the cluster).
     */
    boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type);

    /**
     * The names among {@code names} the principal may do {@code operation} on, in their order: what Metadata,
     * ListGroups and the like answer with instead of an error ("describe the topics you may see").
     */
    default List<String> authorizedNames(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                         ResourceType type, Collection<String> names) {
        List<String> allowed = new ArrayList<>(names.size());
        for (String name : names) {
            if (authorize(principal, host, operation, type, name)) {
                allowed.add(name);
            }
        }
        return allowed;
    }
}
