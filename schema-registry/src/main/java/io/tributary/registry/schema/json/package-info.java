/**
 * JSON Schema for the registry, as Confluent's registry handles schema type {@code JSON}: parsing and validation
 * ({@link io.tributary.registry.schema.json.JsonSchemaParser}), the canonical text, references between schemas by
 * {@code $ref} URL, and the compatibility checker that classifies differences between two schemas as Confluent's
 * does.
 */
package io.tributary.registry.schema.json;
