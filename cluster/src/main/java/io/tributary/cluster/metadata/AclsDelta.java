package io.tributary.cluster.metadata;

import java.util.TreeMap;
import java.util.UUID;

/**
 * The ACL part of a {@link MetadataDelta}: ACL records replayed on a base {@link AclsImage}. The map is copied on
 * the first change only, so a delta without ACL records shares the base image.
 */
final class AclsDelta {

    private final AclsImage base;
    private TreeMap<UUID, AclBinding> acls;

    AclsDelta(AclsImage base) {
        this.base = base;
    }

    /** Replays an ACL record; an id already used, or unknown to a removal, cannot apply. */
    void replay(MetadataRecord record) {
        if (record instanceof AccessControlEntryRecord r) {
            if (mutable().putIfAbsent(r.id(), r.acl()) != null) {
                throw new IllegalStateException("an ACL with id " + r.id() + " already exists");
            }
        } else if (record instanceof RemoveAccessControlEntryRecord r) {
            if (mutable().remove(r.id()) == null) {
                throw new IllegalStateException("no ACL with id " + r.id());
            }
        } else {
            throw new IllegalArgumentException("not an ACL record: " + record);
        }
    }

    /** Whether any ACL record was replayed. */
    boolean changed() {
        return acls != null;
    }

    AclsImage apply() {
        return acls == null ? base : new AclsImage(acls);
    }

    private TreeMap<UUID, AclBinding> mutable() {
        if (acls == null) {
            acls = new TreeMap<>(base.byId());
        }
        return acls;
    }
}
