package io.tributary.registry.schema;

import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Avro's incompatibilities in the verbose form Confluent's registry answers ({@code errorType}, a sentence, the
 * detail Avro gives). "New" is the reading schema and "old" the writing one, as in Confluent's messages.
 */
final class AvroIncompatibilityText {

    private AvroIncompatibilityText() {
    }

    static String describe(Incompatibility i) {
        return "{errorType:'" + i.getType() + "', description:'" + sentence(i) + "', additionalInfo:'"
                + i.getMessage() + "'}";
    }

    private static String sentence(Incompatibility i) {
        String at = i.getLocation();
        String detail = i.getMessage();
        return switch (i.getType()) {
            case NAME_MISMATCH -> "The type (path '" + at + "') of a field in the new schema does not match with "
                    + "the old schema";
            case FIXED_SIZE_MISMATCH -> "The size of FIXED type field at path '" + at + "' in the new schema does "
                    + "not match with the old schema";
            case MISSING_ENUM_SYMBOLS -> "The new schema is missing enum symbols '" + detail + "' at path '" + at
                    + "' in the old schema";
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "The field '" + detail + "' at path '" + at
                    + "' in the new schema has no default value and is missing in the old schema";
            case TYPE_MISMATCH -> "The type (path '" + at + "') of a field in the new schema does not match with "
                    + "the old schema";
            case MISSING_UNION_BRANCH -> "The new schema is missing a type inside a union field at path '" + at
                    + "' in the old schema";
        };
    }
}
