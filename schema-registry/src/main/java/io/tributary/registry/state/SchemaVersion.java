package io.tributary.registry.state;

import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaType;
import java.util.List;

/** One version of a subject: the schema registered under it, that schema's global id, and whether it is soft-deleted. */
public record SchemaVersion(String subject, int version, int id, SchemaType type, String schema,
                            List<Reference> references, boolean deleted) {

    public SchemaVersion {
        references = List.copyOf(references);
    }

    public StoredSchema stored() {
        return new StoredSchema(type, schema, references);
    }

    public SchemaVersion asDeleted() {
        return new SchemaVersion(subject, version, id, type, schema, references, true);
    }
}
