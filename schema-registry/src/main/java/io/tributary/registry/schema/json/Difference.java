package io.tributary.registry.schema.json;

/**
 * One difference between a writer's JSON Schema ("original") and a reader's ("update"), at a JSON pointer into the
 * schemas ({@code #/properties/a}), with Confluent's name for its kind.
 */
record Difference(Type type, String path) {

    /** How Confluent's registry words a kind of difference; R is the reading schema, W the writing one. */
    enum Sentence {
        NONE,
        /** The keyword at path 'P' in the R schema is not present in the W schema. */
        KEYWORD,
        VALUE_MORE,
        VALUE_LESS,
        VALUE_CHANGED,
        FEWER_ELEMENTS,
        MORE_ELEMENTS,
        TYPE,
        ADDED_TO_OPEN,
        REQUIRED_ADDED_TO_UNOPEN,
        REMOVED_FROM_CLOSED,
        REMOVED_NOT_COVERED,
        ADDED_NOT_COVERED
    }

    /**
     * Confluent's difference types. {@code compatible} is whether a reader with this difference still reads
     * everything the writer may write — Confluent's default (STRICT) policy.
     */
    enum Type {
        ID_CHANGED(true, Sentence.NONE),
        DESCRIPTION_CHANGED(true, Sentence.NONE),
        TITLE_CHANGED(true, Sentence.NONE),
        DEFAULT_CHANGED(true, Sentence.NONE),
        SCHEMA_ADDED(false, Sentence.NONE),
        SCHEMA_REMOVED(true, Sentence.NONE),
        TYPE_EXTENDED(true, Sentence.NONE),
        TYPE_NARROWED(false, Sentence.TYPE),
        TYPE_CHANGED(false, Sentence.TYPE),

        MAX_LENGTH_ADDED(false, Sentence.KEYWORD),
        MAX_LENGTH_REMOVED(true, Sentence.NONE),
        MAX_LENGTH_INCREASED(true, Sentence.NONE),
        MAX_LENGTH_DECREASED(false, Sentence.VALUE_LESS),
        MIN_LENGTH_ADDED(false, Sentence.KEYWORD),
        MIN_LENGTH_REMOVED(true, Sentence.NONE),
        MIN_LENGTH_INCREASED(false, Sentence.VALUE_MORE),
        MIN_LENGTH_DECREASED(true, Sentence.NONE),
        PATTERN_ADDED(false, Sentence.KEYWORD),
        PATTERN_REMOVED(true, Sentence.NONE),
        PATTERN_CHANGED(false, Sentence.VALUE_CHANGED),

        MAXIMUM_ADDED(false, Sentence.KEYWORD),
        MAXIMUM_REMOVED(true, Sentence.NONE),
        MAXIMUM_INCREASED(true, Sentence.NONE),
        MAXIMUM_DECREASED(false, Sentence.VALUE_LESS),
        MINIMUM_ADDED(false, Sentence.KEYWORD),
        MINIMUM_REMOVED(true, Sentence.NONE),
        MINIMUM_INCREASED(false, Sentence.VALUE_MORE),
        MINIMUM_DECREASED(true, Sentence.NONE),
        EXCLUSIVE_MAXIMUM_ADDED(false, Sentence.KEYWORD),
        EXCLUSIVE_MAXIMUM_REMOVED(true, Sentence.NONE),
        EXCLUSIVE_MAXIMUM_INCREASED(true, Sentence.NONE),
        EXCLUSIVE_MAXIMUM_DECREASED(false, Sentence.VALUE_LESS),
        EXCLUSIVE_MINIMUM_ADDED(false, Sentence.KEYWORD),
        EXCLUSIVE_MINIMUM_REMOVED(true, Sentence.NONE),
        EXCLUSIVE_MINIMUM_INCREASED(false, Sentence.VALUE_MORE),
        EXCLUSIVE_MINIMUM_DECREASED(true, Sentence.NONE),
        MULTIPLE_OF_ADDED(false, Sentence.KEYWORD),
        MULTIPLE_OF_REMOVED(true, Sentence.NONE),
        MULTIPLE_OF_EXPANDED(false, Sentence.VALUE_MORE),
        MULTIPLE_OF_REDUCED(true, Sentence.NONE),
        MULTIPLE_OF_CHANGED(false, Sentence.VALUE_CHANGED),

        REQUIRED_ATTRIBUTE_ADDED(false, Sentence.KEYWORD),
        REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED(true, Sentence.NONE),
        REQUIRED_ATTRIBUTE_REMOVED(true, Sentence.NONE),
        MAX_PROPERTIES_ADDED(false, Sentence.KEYWORD),
        MAX_PROPERTIES_REMOVED(true, Sentence.NONE),
        MAX_PROPERTIES_INCREASED(true, Sentence.NONE),
        MAX_PROPERTIES_DECREASED(false, Sentence.VALUE_LESS),
        MIN_PROPERTIES_ADDED(false, Sentence.KEYWORD),
        MIN_PROPERTIES_REMOVED(true, Sentence.NONE),
        MIN_PROPERTIES_INCREASED(false, Sentence.VALUE_MORE),
        MIN_PROPERTIES_DECREASED(true, Sentence.NONE),
        ADDITIONAL_PROPERTIES_ADDED(true, Sentence.NONE),
        ADDITIONAL_PROPERTIES_REMOVED(false, Sentence.KEYWORD),
        ADDITIONAL_PROPERTIES_EXTENDED(true, Sentence.NONE),
        ADDITIONAL_PROPERTIES_NARROWED(false, Sentence.FEWER_ELEMENTS),
        DEPENDENCY_ARRAY_ADDED(false, Sentence.KEYWORD),
        DEPENDENCY_ARRAY_REMOVED(true, Sentence.NONE),
        DEPENDENCY_ARRAY_EXTENDED(false, Sentence.MORE_ELEMENTS),
        DEPENDENCY_ARRAY_NARROWED(true, Sentence.NONE),
        DEPENDENCY_ARRAY_CHANGED(false, Sentence.VALUE_CHANGED),
        DEPENDENCY_SCHEMA_ADDED(false, Sentence.KEYWORD),
        DEPENDENCY_SCHEMA_REMOVED(true, Sentence.NONE),
        REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL(false, Sentence.ADDED_TO_OPEN),
        REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL(false, Sentence.ADDED_TO_OPEN),
        OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL(false, Sentence.ADDED_TO_OPEN),
        PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL(true, Sentence.NONE),
        REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL(false, Sentence.REQUIRED_ADDED_TO_UNOPEN),
        REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL(true, Sentence.NONE),
        OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL(true, Sentence.NONE),
        PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL(true, Sentence.NONE),
        PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL(true, Sentence.NONE),
        PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL(false, Sentence.REMOVED_FROM_CLOSED),
        PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(true, Sentence.NONE),
        PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(false, Sentence.REMOVED_NOT_COVERED),
        PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(true, Sentence.NONE),
        PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(false, Sentence.ADDED_NOT_COVERED),
        UNEVALUATED_PROPERTIES_ADDED(true, Sentence.NONE),
        UNEVALUATED_PROPERTIES_REMOVED(false, Sentence.KEYWORD),
        UNEVALUATED_PROPERTIES_EXTENDED(true, Sentence.NONE),
        UNEVALUATED_PROPERTIES_NARROWED(false, Sentence.FEWER_ELEMENTS),

        MAX_ITEMS_ADDED(false, Sentence.KEYWORD),
        MAX_ITEMS_REMOVED(true, Sentence.NONE),
        MAX_ITEMS_INCREASED(true, Sentence.NONE),
        MAX_ITEMS_DECREASED(false, Sentence.VALUE_LESS),
        MIN_ITEMS_ADDED(false, Sentence.KEYWORD),
        MIN_ITEMS_REMOVED(true, Sentence.NONE),
        MIN_ITEMS_INCREASED(false, Sentence.VALUE_MORE),
        MIN_ITEMS_DECREASED(true, Sentence.NONE),
        MAX_CONTAINS_ADDED(false, Sentence.KEYWORD),
        MAX_CONTAINS_REMOVED(true, Sentence.NONE),
        MAX_CONTAINS_INCREASED(true, Sentence.NONE),
        MAX_CONTAINS_DECREASED(false, Sentence.VALUE_LESS),
        MIN_CONTAINS_ADDED(false, Sentence.KEYWORD),
        MIN_CONTAINS_REMOVED(true, Sentence.NONE),
        MIN_CONTAINS_INCREASED(false, Sentence.VALUE_MORE),
        MIN_CONTAINS_DECREASED(true, Sentence.NONE),
        UNIQUE_ITEMS_ADDED(false, Sentence.KEYWORD),
        UNIQUE_ITEMS_REMOVED(true, Sentence.NONE),
        ADDITIONAL_ITEMS_ADDED(true, Sentence.NONE),
        ADDITIONAL_ITEMS_REMOVED(false, Sentence.KEYWORD),
        ADDITIONAL_ITEMS_EXTENDED(true, Sentence.NONE),
        ADDITIONAL_ITEMS_NARROWED(false, Sentence.FEWER_ELEMENTS),
        UNEVALUATED_ITEMS_ADDED(true, Sentence.NONE),
        UNEVALUATED_ITEMS_REMOVED(false, Sentence.KEYWORD),
        UNEVALUATED_ITEMS_EXTENDED(true, Sentence.NONE),
        UNEVALUATED_ITEMS_NARROWED(false, Sentence.FEWER_ELEMENTS),
        ITEM_ADDED_TO_OPEN_CONTENT_MODEL(false, Sentence.ADDED_TO_OPEN),
        ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL(true, Sentence.NONE),
        ITEM_ADDED_TO_CLOSED_CONTENT_MODEL(true, Sentence.NONE),
        ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL(true, Sentence.NONE),
        ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL(true, Sentence.NONE),
        ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL(false, Sentence.REMOVED_FROM_CLOSED),
        ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(true, Sentence.NONE),
        ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(false, Sentence.REMOVED_NOT_COVERED),
        ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(true, Sentence.NONE),
        ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL(false, Sentence.ADDED_NOT_COVERED),

        ENUM_ARRAY_EXTENDED(true, Sentence.NONE),
        ENUM_ARRAY_NARROWED(false, Sentence.FEWER_ELEMENTS),
        ENUM_ARRAY_CHANGED(false, Sentence.TYPE),

        COMBINED_TYPE_EXTENDED(true, Sentence.NONE),
        COMBINED_TYPE_CHANGED(false, Sentence.TYPE),
        PRODUCT_TYPE_EXTENDED(false, Sentence.MORE_ELEMENTS),
        PRODUCT_TYPE_NARROWED(true, Sentence.NONE),
        SUM_TYPE_EXTENDED(true, Sentence.MORE_ELEMENTS),
        SUM_TYPE_NARROWED(false, Sentence.FEWER_ELEMENTS),
        COMBINED_TYPE_SUBSCHEMAS_CHANGED(false, Sentence.TYPE),
        NOT_TYPE_EXTENDED(false, Sentence.MORE_ELEMENTS),
        NOT_TYPE_NARROWED(true, Sentence.NONE);

        final boolean compatible;
        final Sentence sentence;

        Type(boolean compatible, Sentence sentence) {
            this.compatible = compatible;
            this.sentence = sentence;
        }
    }

    /**
     * The line Confluent's registry answers for this difference, {@code reader} and {@code writer} naming the two
     * schemas by their part in the check ("new"/"old"). The text is Confluent's to the character, including the
     * single quote that closes a double-quoted description.
     */
    String describe(String reader, String writer) {
        return "{errorType:\"" + type + "\", description:\"" + sentence(reader, writer) + "'}";
    }

    private String sentence(String r, String w) {
        String at = "'" + path + "'";
        return switch (type.sentence) {
            case NONE -> "";
            case KEYWORD -> "The keyword at path " + at + " in the " + r + " schema is not present in the " + w
                    + " schema";
            case VALUE_MORE -> "The value at path " + at + " in the " + r + " schema is more than its value in the "
                    + w + " schema";
            case VALUE_LESS -> "The value at path " + at + " in the " + r + " schema is less than its value in the "
                    + w + " schema";
            case VALUE_CHANGED -> "The value at path " + at + " is different between the " + r + " and " + w
                    + " schema";
            case FEWER_ELEMENTS -> "An array or combined type at path " + at + " has fewer elements in the " + r
                    + " schema than the " + w + " schema";
            case MORE_ELEMENTS -> "An array or combined type at path " + at + " has more elements in the " + r
                    + " schema than the " + w + " schema";
            case TYPE -> "A type at path " + at + " is different between the " + r + " schema and the " + w
                    + " schema";
            case ADDED_TO_OPEN -> "The " + r + " schema has an open content model and has a property or item at path "
                    + at + " which is missing in the " + w + " schema";
            case REQUIRED_ADDED_TO_UNOPEN -> "The " + r + " schema has an unopen content model and has a required "
                    + "property at path " + at + " which is missing in the " + w + " schema";
            case REMOVED_FROM_CLOSED -> "The " + r + " has a closed content model and is missing a property or item "
                    + "present at path " + at + " in the " + w + " schema";
            case REMOVED_NOT_COVERED -> "A property or item is missing in the " + r + " schema but present at path "
                    + at + " in the " + w + " schema and is not covered by its partially open content model";
            case ADDED_NOT_COVERED -> "The " + r + " schema has a property or item at path " + at + " which is "
                    + "missing in the " + w + " schema and is not covered by its partially open content model";
        };
    }
}
