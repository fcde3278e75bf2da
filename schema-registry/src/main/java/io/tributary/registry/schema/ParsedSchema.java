package io.tributary.registry.schema;

import java.util.List;

/** A schema its language's parser accepted, in the canonical text the registry stores, compares and returns. */
public interface ParsedSchema {

    SchemaType type();

    /** The text stored in {@code _schemas} and returned to clients; equal texts (and references) are one schema. */
    String canonical();

    List<Reference> references();

    /**
     * The schema as a read with {@code ?format=} answers it. This default answers the canonical text for every format
     * ({@code null}, empty, {@code default}, or one the language does not have): Confluent's Avro, JSON Schema and
     * Protobuf providers all answer an unknown format with the canonical text rather than an error. A language with
     * formats of its own overrides this (Protobuf: {@code serialized}, {@code ignore_extensions}; Avro:
     * {@code resolved}).
     */
    default String formatted(String format) {
        return canonical();
    }

    /** This schema in its normalized form (what {@code normalize=true} registers and compares). */
    ParsedSchema normalized();

    /**
     * Why data written with {@code writer} could not be read with this schema, one line per problem in Confluent's
     * verbose form; empty when it can. {@code readerIsNew} says which of the two is the schema being registered, so
     * the sentences can call each "new" or "old" as Confluent's do (a backward check reads old data with the new
     * schema, a forward check new data with the old one).
     */
    List<String> incompatibilitiesReading(ParsedSchema writer, boolean readerIsNew);
}
