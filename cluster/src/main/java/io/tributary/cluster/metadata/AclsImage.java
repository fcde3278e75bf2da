package io.tributary.cluster.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Every ACL of the cluster, by id (in id order, so what is derived from it is the same on every node). Immutable;
 * part of {@link MetadataImage}, changed by {@link AccessControlEntryRecord} and
 * {@link RemoveAccessControlEntryRecord}. A binding is held at most once.
 */
public final class AclsImage {

    /** No ACLs. */
    public static final AclsImage EMPTY = new AclsImage(new TreeMap<>());

    private final SortedMap<UUID, AclBinding> byId;
    private final Set<AclBinding> bindings;

    AclsImage(SortedMap<UUID, AclBinding> byId) {
        this.byId = Collections.unmodifiableSortedMap(byId);
        this.bindings = Set.copyOf(new HashSet<>(byId.values()));
    }

    /** Every ACL, by id. */
    public SortedMap<UUID, AclBinding> byId() {
        return byId;
    }

    /** Whether this exact binding is held (under any id). */
    public boolean contains(AclBinding acl) {
        return bindings.contains(acl);
    }

    /** The ACLs a filter selects, in id order. */
    public List<AclBinding> matching(AclBindingFilter filter) {
        List<AclBinding> out = new ArrayList<>();
        for (AclBinding acl : byId.values()) {
            if (filter.matches(acl)) {
                out.add(acl);
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public int size() {
        return byId.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AclsImage other && byId.equals(other.byId);
    }

    @Override
    public int hashCode() {
        return byId.hashCode();
    }

    @Override
    public String toString() {
        return "AclsImage(" + byId.size() + " ACLs)";
    }
}
