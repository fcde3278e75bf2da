package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.CreateAcls;
import io.tributary.cluster.controller.ControllerCommand.DeleteAcls;
import io.tributary.cluster.metadata.AccessControlEntryRecord;
import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclBindingFilter;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.RemoveAccessControlEntryRecord;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * ACLs: CreateAcls and DeleteAcls, decided on the image as Kafka's controller decides them. A binding is refused
 * (INVALID_REQUEST with a message) when it holds a value only filters may hold (ANY, MATCH) or an unknown one, an empty
 * resource name, a CLUSTER resource not named {@code kafka-cluster}, a principal that is not {@code Type:name}, or an
 * operation its resource type does not have (READ on the cluster, say); a binding already held is a success without
 * a record. A deletion names every ACL a filter selects ({@link AclBindingFilter}).
 */
final class AclControl {

    private final Supplier<UUID> ids;

    AclControl(Supplier<UUID> ids) {
        this.ids = ids;
    }

    ControllerResult<List<ApiError>> create(MetadataImage image, CreateAcls cmd) {
        List<MetadataRecord> records = new ArrayList<>();
        List<ApiError> results = new ArrayList<>();
        Set<AclBinding> added = new HashSet<>();
        Set<UUID> used = new HashSet<>();
        for (AclBinding acl : cmd.acls()) {
            String problem = problem(acl);
            if (problem != null) {
                results.add(ApiError.of(Errors.INVALID_REQUEST, problem));
                continue;
            }
            if (!image.acls().contains(acl) && added.add(acl)) {
                records.add(new AccessControlEntryRecord(newId(image, used), acl));
            }
            results.add(ApiError.NONE);
        }
        return ControllerResult.of(records, results);
    }

    ControllerResult<List<DeleteAcls.FilterResult>> delete(MetadataImage image, DeleteAcls cmd) {
        Set<UUID> deleted = new LinkedHashSet<>();
        List<DeleteAcls.FilterResult> results = new ArrayList<>();
        for (AclBindingFilter filter : cmd.filters()) {
            String problem = filter.problem();
            if (problem != null) {
                results.add(new DeleteAcls.FilterResult(ApiError.of(Errors.INVALID_REQUEST, problem), List.of()));
                continue;
            }
            List<AclBinding> matched = new ArrayList<>();
            for (Map.Entry<UUID, AclBinding> e : image.acls().byId().entrySet()) {
                if (filter.matches(e.getValue())) {
                    matched.add(e.getValue());
                    deleted.add(e.getKey());
                }
            }
            results.add(new DeleteAcls.FilterResult(ApiError.NONE, matched));
        }
        List<MetadataRecord> records = new ArrayList<>();
        deleted.forEach(id -> records.add(new RemoveAccessControlEntryRecord(id)));
        return ControllerResult.of(records, results);
    }

    /** Why {@code acl} cannot be stored, or null. */
    static String problem(AclBinding acl) {
        if (!acl.patternType().isConcrete()) {
            return "Invalid patternType " + acl.patternType();
        }
        if (!acl.resourceType().isConcrete()) {
            return "Invalid resourceType " + acl.resourceType();
        }
        if (!acl.operation().isConcrete()) {
            return "Invalid operation " + acl.operation();
        }
        if (!acl.permission().isConcrete()) {
            return "Invalid permissionType " + acl.permission();
        }
        if (acl.resourceName().isEmpty()) {
            return "Resource name should not be empty";
        }
        if (acl.resourceType() == ResourceType.CLUSTER && !acl.resourceName().equals(ResourceType.CLUSTER_NAME)) {
            return "The only valid name for the CLUSTER resource is " + ResourceType.CLUSTER_NAME;
        }
        if (acl.principal().indexOf(':') <= 0) {
            return "Could not parse principal '" + acl.principal()
                    + "': expected a string in format principalType:principalName, e.g. User:alice";
        }
        if (!acl.resourceType().supports(acl.operation())) {
            return "Operation " + acl.operation() + " is not supported on resource type " + acl.resourceType();
        }
        return null;
    }

    /** A fresh id, used neither by the image nor earlier in this command. */
    private UUID newId(MetadataImage image, Set<UUID> used) {
        UUID id = ids.get();
        while (image.acls().byId().containsKey(id) || !used.add(id)) {
            id = ids.get();
        }
        return id;
    }
}
