package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A JSON Schema as the compatibility checker sees it. Confluent's checker compares schemas in the shape its loader
 * (everit) gives them, so this model has that shape: a schema object becomes one typed schema per kind of keyword it
 * carries ({@code type} and the keywords of that type, {@code enum}, {@code const}, {@code not}, each of
 * {@code allOf}/{@code anyOf}/{@code oneOf}, and the keywords of other types found without a {@code type}), and
 * several of them are joined in a synthetic {@code allOf}; a {@code type} array is an {@code anyOf} of one typed
 * schema per type; {@code {}} is an empty schema, {@code true} and {@code false} are schemas of their own.
 * Annotations ({@code $id}, {@code title}, {@code description}, {@code default}) belong to the schema as a whole.
 * Records compare structurally (what makes two subschemas of a combined schema duplicates); a reference compares by
 * its text, so a recursive schema can be compared at all.
 */
final class Model {

    private Model() {
    }

    /** The annotations of a schema object; {@code defaultValue} is null when there is no {@code default}. */
    record Common(String id, String title, String description, JsonNode defaultValue, String connectType) {
        static final Common NONE = new Common(null, null, null, null, null);

        boolean hasDefault() {
            return defaultValue != null;
        }
    }

    sealed interface Node permits EmptySchema, TrueSchema, FalseSchema, BooleanSchema, NullSchema, StringSchema,
            NumberSchema, ObjectSchema, ArraySchema, EnumSchema, ConstSchema, CombinedSchema, NotSchema,
            ConditionalSchema, RefSchema {

        Common common();

        /** This schema with these annotations (the loader adds them to the schema an object became). */
        Node with(Common common);
    }

    /** {@code {}} or an object with no assertion this model knows: every value. */
    record EmptySchema(Common common) implements Node {
        @Override
        public Node with(Common c) {
            return new EmptySchema(c);
        }
    }

    /** The boolean schema {@code true}: every value (an empty schema of its own kind, as in everit). */
    record TrueSchema(Common common) implements Node {
        @Override
        public Node with(Common c) {
            return new TrueSchema(c);
        }
    }

    /** The boolean schema {@code false}: no value. */
    record FalseSchema(Common common) implements Node {
        @Override
        public Node with(Common c) {
            return new FalseSchema(c);
        }
    }

    record BooleanSchema(Common common) implements Node {
        @Override
        public Node with(Common c) {
            return new BooleanSchema(c);
        }
    }

    record NullSchema(Common common) implements Node {
        @Override
        public Node with(Common c) {
            return new NullSchema(c);
        }
    }

    record StringSchema(Common common, Integer minLength, Integer maxLength, String pattern) implements Node {
        @Override
        public Node with(Common c) {
            return new StringSchema(c, minLength, maxLength, pattern);
        }
    }

    /** {@code number} or {@code integer} ({@code requiresInteger}); draft-04's boolean exclusive flags are not kept. */
    record NumberSchema(Common common, BigDecimal minimum, BigDecimal maximum, BigDecimal exclusiveMinimum,
                        BigDecimal exclusiveMaximum, BigDecimal multipleOf, boolean requiresInteger) implements Node {
        @Override
        public Node with(Common c) {
            return new NumberSchema(c, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf,
                    requiresInteger);
        }
    }

    /**
     * An object schema. {@code additionalSchema} is {@code additionalProperties} given as a schema (then
     * {@code permitsAdditional} is true); {@code additionalProperties: false} is {@code permitsAdditional} false.
     * {@code unevaluated} is {@code unevaluatedProperties} (2019-09 and later only).
     */
    record ObjectSchema(Common common, Map<String, Node> properties, List<String> required,
                        Map<String, Node> patternProperties, boolean permitsAdditional, Node additionalSchema,
                        Map<String, Set<String>> propertyDependencies, Map<String, Node> schemaDependencies,
                        Integer minProperties, Integer maxProperties, Node unevaluated) implements Node {
        @Override
        public Node with(Common c) {
            return new ObjectSchema(c, properties, required, patternProperties, permitsAdditional, additionalSchema,
                    propertyDependencies, schemaDependencies, minProperties, maxProperties, unevaluated);
        }
    }

    /**
     * An array schema: {@code allItems} is {@code items} given as one schema, {@code itemSchemas} a tuple
     * ({@code items} as an array, or {@code prefixItems}); {@code additionalItems} (2020-12: {@code items} beside
     * {@code prefixItems}) as {@code permitsAdditional}/{@code additionalSchema}.
     */
    record ArraySchema(Common common, Node allItems, List<Node> itemSchemas, boolean permitsAdditional,
                       Node additionalSchema, Integer minItems, Integer maxItems, boolean uniqueItems,
                       Node unevaluated, Integer minContains, Integer maxContains) implements Node {
        @Override
        public Node with(Common c) {
            return new ArraySchema(c, allItems, itemSchemas, permitsAdditional, additionalSchema, minItems, maxItems,
                    uniqueItems, unevaluated, minContains, maxContains);
        }
    }

    record EnumSchema(Common common, Set<JsonNode> values) implements Node {
        @Override
        public Node with(Common c) {
            return new EnumSchema(c, values);
        }
    }

    record ConstSchema(Common common, JsonNode value) implements Node {
        @Override
        public Node with(Common c) {
            return new ConstSchema(c, value);
        }
    }

    enum Criterion {
        ALL_OF("allOf"), ANY_OF("anyOf"), ONE_OF("oneOf");

        final String keyword;

        Criterion(String keyword) {
            this.keyword = keyword;
        }
    }

    /** {@code allOf}/{@code anyOf}/{@code oneOf}; {@code synthetic} when the loader joined an object's parts. */
    record CombinedSchema(Common common, Criterion criterion, List<Node> subschemas, boolean synthetic)
            implements Node {
        @Override
        public Node with(Common c) {
            return new CombinedSchema(c, criterion, subschemas, synthetic);
        }
    }

    record NotSchema(Common common, Node mustNotMatch) implements Node {
        @Override
        public Node with(Common c) {
            return new NotSchema(c, mustNotMatch);
        }
    }

    /** {@code if}/{@code then}/{@code else}: kept, but (as in Confluent's checker) not compared. */
    record ConditionalSchema(Common common, Node ifSchema, Node thenSchema, Node elseSchema) implements Node {
        @Override
        public Node with(Common c) {
            return new ConditionalSchema(c, ifSchema, thenSchema, elseSchema);
        }
    }

    /** A {@code $ref}; the schema it names is loaded when first asked for (a schema may refer to itself). */
    static final class RefSchema implements Node {
        private final Common common;
        private final String ref;
        private final Supplier<Node> resolver;
        private volatile Node target;

        RefSchema(Common common, String ref, Supplier<Node> resolver) {
            this.common = common;
            this.ref = ref;
            this.resolver = resolver;
        }

        @Override
        public Common common() {
            return common;
        }

        String ref() {
            return ref;
        }

        Node target() {
            Node t = target;
            if (t == null) {
                t = resolver.get();
                target = t;
            }
            return t;
        }

        @Override
        public Node with(Common c) {
            return new RefSchema(c, ref, resolver);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RefSchema other && ref.equals(other.ref) && common.equals(other.common);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ref, common);
        }

        @Override
        public String toString() {
            return "RefSchema[" + ref + "]";
        }
    }
}
