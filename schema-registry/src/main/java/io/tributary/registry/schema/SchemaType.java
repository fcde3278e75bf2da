package io.tributary.registry.schema;

import java.util.Locale;
import java.util.Optional;

/** The schema languages a registry may know; Confluent's names, as clients send them in {@code schemaType}. */
public enum SchemaType {
    AVRO, JSON, PROTOBUF;

    /** The type named in a request; an absent name means AVRO, as in Confluent's API. */
    public static Optional<SchemaType> fromName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(AVRO);
        }
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
