package io.tributary.registry.schema;

import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Avro's incompatibilities in the verbose form Confluent's registry answers ({@code errorType}, a sentence, the
 * detail Avro gives). The sentences name the reading and the writing schema by their role in the check: checking
 * backward the new schema reads and the old one writes; checking forward it is the other way round, and Confluent's
 * sentences say so ("The field 'b' ... in the old schema has no default value and is missing in the new schema").
 */
final class AvroIncompatibilityText {

    private AvroIncompatibilityText() {
    }

    /** {@code reader} and {@code writer} are "new" or "old": which of the two schemas plays that part. */
    static String describe(Incompatibility i, String reader, String writer) {
        return "{errorType:'" + i.getType() + "', description:'" + sentence(i, reader, writer)
                + "', additionalInfo:'" + i.getMessage() + "'}";
    }

    private static String sentence(Incompatibility i, String reader, String writer) {
        String at = i.getLocation();
        String detail = i.getMessage();
        return switch (i.getType()) {
            case NAME_MISMATCH -> "The name of the schema has changed (path '" + at + "')";
            case FIXED_SIZE_MISMATCH -> "The size of FIXED type field at path '" + at + "' in the " + reader
                    + " schema does not match with the " + writer + " schema";
            case MISSING_ENUM_SYMBOLS -> "The " + reader + " schema is missing enum symbols '" + detail
                    + "' at path '" + at + "' in the " + writer + " schema";
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "The field '" + detail + "' at path '" + at + "' in the "
                    + reader + " schema has no default value and is missing in the " + writer + " schema";
            case TYPE_MISMATCH -> "The type (path '" + at + "') of a field in the " + reader
                    + " schema does not match with the " + writer + " schema";
            case MISSING_UNION_BRANCH -> "The " + reader + " schema is missing a type inside a union field at path '"
                    + at + "' in the " + writer + " schema";
        };
    }
}
