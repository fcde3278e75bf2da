package io.tributary.cluster.metadata;

import java.util.Objects;
import java.util.UUID;

/** The ACL with this id was deleted (as Kafka's {@code RemoveAccessControlEntryRecord}). Type 13. */
public record RemoveAccessControlEntryRecord(UUID id) implements MetadataRecord {
    public RemoveAccessControlEntryRecord {
        Objects.requireNonNull(id, "id");
    }
}
