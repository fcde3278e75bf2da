package io.tributary.registry.schema;

import java.util.List;

/** Parses one schema language. */
public interface SchemaParser {

    SchemaType type();

    /**
     * Parses {@code text}; {@code resolved} holds the referenced schemas (dependencies before dependents, each
     * with its own references already among the earlier ones).
     */
    ParsedSchema parse(String text, List<Reference> references, List<ParsedSchema> resolved)
            throws InvalidSchemaException;
}
