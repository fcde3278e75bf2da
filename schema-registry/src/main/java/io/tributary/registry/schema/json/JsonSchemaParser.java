package io.tributary.registry.schema.json;

import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaParser;
import io.tributary.registry.schema.SchemaType;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema (schema type {@code JSON}): drafts 04, 06, 07, 2019-09 and 2020-12, chosen by {@code $schema}
 * (draft-07 without one). A schema is valid when it is JSON, an object or a boolean, its draft's meta-schema accepts
 * it, and each {@code $ref} leads within it or to one of its references — named by the reference's name, the URL
 * the {@code $ref} uses. See {@link JsonSchema} for the canonical text and the compatibility rules.
 */
public final class JsonSchemaParser implements SchemaParser {

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    @Override
    public ParsedSchema parse(String text, List<Reference> references, Map<String, ParsedSchema> dependencies)
            throws InvalidSchemaException {
        return JsonSchema.parse(text, references, dependencies);
    }
}
