package io.tributary.registry;

import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaType;
import java.util.List;

/**
 * A schema as a client gives it (to register, look up or check): its text, language and references; {@code id}
 * and {@code version} only when a migration in IMPORT mode fixes them.
 */
public record SchemaRequest(String schema, SchemaType type, List<Reference> references, Integer id,
                            Integer version) {

    public SchemaRequest {
        references = references == null ? List.of() : List.copyOf(references);
    }

    public static SchemaRequest avro(String schema) {
        return new SchemaRequest(schema, SchemaType.AVRO, List.of(), null, null);
    }
}
