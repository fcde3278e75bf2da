package io.tributary.cluster.metadata;

import java.util.Objects;
import java.util.UUID;

/**
 * An ACL was created, under an id of its own (as Kafka's {@code AccessControlEntryRecord}). Type 12.
 *
 * @param id  the ACL's id, unique in the image
 * @param acl the binding
 */
public record AccessControlEntryRecord(UUID id, AclBinding acl) implements MetadataRecord {
    public AccessControlEntryRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(acl, "acl");
    }
}
