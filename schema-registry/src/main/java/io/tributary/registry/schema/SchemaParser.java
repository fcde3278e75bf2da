package io.tributary.registry.schema;

import java.util.List;
import java.util.Map;

/** Parses one schema language. */
public interface SchemaParser {

    SchemaType type();

    /**
     * Parses {@code text}. {@code dependencies} holds the schemas its {@code references} name, by reference name
     * (an Avro full name, a {@code .proto} import path, a JSON Schema {@code $ref} URL), in the order given; each
     * was parsed with its own references, so it can hand over its whole closure.
     */
    ParsedSchema parse(String text, List<Reference> references, Map<String, ParsedSchema> dependencies)
            throws InvalidSchemaException;
}
