package io.tributary.registry.schema;

/**
 * A schema's dependency on a schema registered elsewhere: {@code name} is how the referring schema names it (an
 * Avro full name, a JSON Schema URL, a {@code .proto} import path), {@code subject}/{@code version} where it lives.
 */
public record Reference(String name, String subject, int version) {
}
