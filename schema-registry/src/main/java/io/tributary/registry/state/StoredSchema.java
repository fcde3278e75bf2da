package io.tributary.registry.state;

import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaType;
import java.util.List;

/** A schema as the registry keeps it under its id: one id per distinct (type, canonical text, references). */
public record StoredSchema(SchemaType type, String schema, List<Reference> references) {

    public StoredSchema {
        references = List.copyOf(references);
    }
}
