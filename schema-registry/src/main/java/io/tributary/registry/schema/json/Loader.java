package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.registry.schema.json.Model.ArraySchema;
import io.tributary.registry.schema.json.Model.BooleanSchema;
import io.tributary.registry.schema.json.Model.CombinedSchema;
import io.tributary.registry.schema.json.Model.Common;
import io.tributary.registry.schema.json.Model.ConditionalSchema;
import io.tributary.registry.schema.json.Model.ConstSchema;
import io.tributary.registry.schema.json.Model.Criterion;
import io.tributary.registry.schema.json.Model.EmptySchema;
import io.tributary.registry.schema.json.Model.EnumSchema;
import io.tributary.registry.schema.json.Model.FalseSchema;
import io.tributary.registry.schema.json.Model.Node;
import io.tributary.registry.schema.json.Model.NotSchema;
import io.tributary.registry.schema.json.Model.NullSchema;
import io.tributary.registry.schema.json.Model.NumberSchema;
import io.tributary.registry.schema.json.Model.ObjectSchema;
import io.tributary.registry.schema.json.Model.RefSchema;
import io.tributary.registry.schema.json.Model.StringSchema;
import io.tributary.registry.schema.json.Model.TrueSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link Model} of a schema node the way everit's loader (which Confluent's checker works on) reads a
 * draft-04/06/07 schema: a {@code $ref} stands for the schema it names and its siblings other than the annotations
 * are ignored; otherwise {@code enum}, each combinator, {@code not}, {@code const} and {@code type} (with the
 * keywords of that type) give one schema each, then keywords of other types found without their {@code type}
 * ("implicit" types) one per type, and {@code if}/{@code then}/{@code else} one. 2019-09 and 2020-12 documents are
 * read into the same shape, their new keywords mapped onto it: {@code $ref} beside assertions joins them in an
 * {@code allOf}, {@code prefixItems} is the tuple (and 2020-12 {@code items} beside it the additional items),
 * {@code dependentRequired}/{@code dependentSchemas} are dependencies, {@code unevaluated*},
 * {@code minContains}/{@code maxContains} are kept.
 */
final class Loader {

    private static final List<String> NUMBER_KEYWORDS = List.of("minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf");
    private static final List<String> STRING_KEYWORDS = List.of("minLength", "maxLength", "pattern", "format");
    private static final List<String> OBJECT_KEYWORDS_4 = List.of("properties", "required", "minProperties",
            "maxProperties", "dependencies", "patternProperties", "additionalProperties");
    private static final List<String> ARRAY_KEYWORDS_4 = List.of("items", "additionalItems", "minItems", "maxItems",
            "uniqueItems");
    private static final List<String> CONDITIONAL_KEYWORDS = List.of("if", "then", "else");
    /** Keywords that only annotate: a 2019-09+ {@code $ref} beside only these is a plain reference. */
    private static final Set<String> NOT_ASSERTIONS = Set.of("$ref", "$schema", "$id", "id", "$anchor",
            "$dynamicAnchor", "$recursiveAnchor", "$comment", "$defs", "definitions", "$vocabulary", "title",
            "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "format",
            "contentEncoding", "contentMediaType", "connect.type");

    private final Resolver resolver;
    private final Dialect dialect;
    private final List<String> objectKeywords;
    private final List<String> arrayKeywords;

    Loader(Resolver resolver, Dialect dialect) {
        this.resolver = resolver;
        this.dialect = dialect;
        List<String> object = new ArrayList<>(OBJECT_KEYWORDS_4);
        List<String> array = new ArrayList<>(ARRAY_KEYWORDS_4);
        if (dialect.atLeast(Dialect.DRAFT_6)) {
            object.add("propertyNames");
            array.add("contains");
        }
        if (dialect.modern()) {
            object.addAll(List.of("dependentRequired", "dependentSchemas", "unevaluatedProperties"));
            array.addAll(List.of("prefixItems", "unevaluatedItems", "minContains", "maxContains"));
        }
        this.objectKeywords = List.copyOf(object);
        this.arrayKeywords = List.copyOf(array);
    }

    /** The model of {@code json}, found where {@code outerScope} is the base URI. */
    Node load(JsonNode json, String outerScope) {
        if (json.isBoolean()) {
            return json.booleanValue() ? new TrueSchema(Common.NONE) : new FalseSchema(Common.NONE);
        }
        if (!json.isObject()) {
            return new EmptySchema(Common.NONE);
        }
        String scope = resolver.applyId(json, outerScope);
        Common common = common(json);
        JsonNode ref = json.get("$ref");
        if (ref != null && ref.isTextual()) {
            String target = ref.asText();
            RefSchema reference = new RefSchema(Common.NONE, target, () -> resolver.modelOfRef(target, scope));
            if (!dialect.modern() || !hasAssertionsBesideRef(json)) {
                return reference.with(common);
            }
            List<Node> all = new ArrayList<>();
            all.add(reference);
            all.addAll(parts(json, scope));
            return new CombinedSchema(common, Criterion.ALL_OF, List.copyOf(all), true);
        }
        List<Node> parts = parts(json, scope);
        Node effective = parts.isEmpty() ? new EmptySchema(Common.NONE)
                : parts.size() == 1 ? parts.get(0)
                : new CombinedSchema(Common.NONE, Criterion.ALL_OF, List.copyOf(parts), true);
        return effective.with(common);
    }

    private static boolean hasAssertionsBesideRef(JsonNode json) {
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            if (!NOT_ASSERTIONS.contains(it.next())) {
                return true;
            }
        }
        return false;
    }

    private Common common(JsonNode json) {
        return new Common(text(json, dialect.idKeyword), text(json, "title"), text(json, "description"),
                json.get("default"), text(json, "connect.type"));
    }

    /** The schemas one object gives, in everit's extraction order. */
    private List<Node> parts(JsonNode json, String scope) {
        List<Node> out = new ArrayList<>();
        Set<String> consumed = new HashSet<>();
        JsonNode values = json.get("enum");
        if (values != null && values.isArray()) {
            Set<JsonNode> set = new LinkedHashSet<>();
            values.forEach(set::add);
            out.add(new EnumSchema(Common.NONE, Collections.unmodifiableSet(set)));
        }
        for (Criterion c : Criterion.values()) {
            JsonNode subschemas = json.get(c.keyword);
            if (subschemas != null && subschemas.isArray()) {
                List<Node> subs = new ArrayList<>();
                subschemas.forEach(s -> subs.add(load(s, scope)));
                out.add(new CombinedSchema(Common.NONE, c, List.copyOf(subs), false));
            }
        }
        JsonNode not = json.get("not");
        if (not != null) {
            out.add(new NotSchema(Common.NONE, load(not, scope)));
        }
        if (dialect != Dialect.DRAFT_4 && json.has("const")) {
            out.add(new ConstSchema(Common.NONE, json.get("const")));
        }
        JsonNode type = json.get("type");
        if (type != null && type.isTextual()) {
            out.add(typed(json, type.asText(), scope, consumed));
        } else if (type != null && type.isArray()) {
            List<Node> subs = new ArrayList<>();
            type.forEach(t -> subs.add(typed(json, t.asText(), scope, consumed)));
            out.add(new CombinedSchema(Common.NONE, Criterion.ANY_OF, List.copyOf(subs), false));
        }
        // Keywords of a type the object does not declare still constrain values of that type.
        if (hasAny(json, arrayKeywords, consumed)) {
            out.add(array(json, scope));
        }
        if (hasAny(json, objectKeywords, consumed)) {
            out.add(object(json, scope));
        }
        if (hasAny(json, NUMBER_KEYWORDS, consumed)) {
            out.add(number(json, false));
        }
        if (hasAny(json, STRING_KEYWORDS, consumed)) {
            out.add(string(json));
        }
        if (dialect.atLeast(Dialect.DRAFT_7) && hasAny(json, CONDITIONAL_KEYWORDS, consumed)) {
            out.add(new ConditionalSchema(Common.NONE, child(json, "if", scope), child(json, "then", scope),
                    child(json, "else", scope)));
        }
        return out;
    }

    private Node typed(JsonNode json, String type, String scope, Set<String> consumed) {
        switch (type) {
            case "string":
                consumed.addAll(STRING_KEYWORDS);
                return string(json);
            case "integer":
            case "number":
                consumed.addAll(NUMBER_KEYWORDS);
                return number(json, type.equals("integer"));
            case "boolean":
                return new BooleanSchema(Common.NONE);
            case "null":
                return new NullSchema(Common.NONE);
            case "array":
                consumed.addAll(arrayKeywords);
                return array(json, scope);
            case "object":
                consumed.addAll(objectKeywords);
                return object(json, scope);
            default:
                // The meta-schema refuses unknown types before a model is built.
                return new EmptySchema(Common.NONE);
        }
    }

    private static StringSchema string(JsonNode json) {
        return new StringSchema(Common.NONE, integer(json, "minLength"), integer(json, "maxLength"),
                text(json, "pattern"));
    }

    private static NumberSchema number(JsonNode json, boolean integer) {
        return new NumberSchema(Common.NONE, decimal(json, "minimum"), decimal(json, "maximum"),
                decimal(json, "exclusiveMinimum"), decimal(json, "exclusiveMaximum"), decimal(json, "multipleOf"),
                integer);
    }

    private ObjectSchema object(JsonNode json, String scope) {
        Map<String, Node> properties = schemaMap(json.get("properties"), scope);
        List<String> required = new ArrayList<>();
        JsonNode req = json.get("required");
        if (req != null && req.isArray()) {
            req.forEach(r -> required.add(r.asText()));
        }
        Map<String, Node> patterns = schemaMap(json.get("patternProperties"), scope);
        boolean permits = true;
        Node additional = null;
        JsonNode add = json.get("additionalProperties");
        if (add != null && add.isBoolean()) {
            permits = add.booleanValue();
        } else if (add != null && add.isObject()) {
            additional = load(add, scope);
        }
        Map<String, Set<String>> propertyDeps = new LinkedHashMap<>();
        Map<String, Node> schemaDeps = new LinkedHashMap<>();
        dependencies(json.get("dependencies"), scope, propertyDeps, schemaDeps);
        Node unevaluated = null;
        if (dialect.modern()) {
            dependencies(json.get("dependentRequired"), scope, propertyDeps, schemaDeps);
            dependencies(json.get("dependentSchemas"), scope, propertyDeps, schemaDeps);
            unevaluated = child(json, "unevaluatedProperties", scope);
        }
        return new ObjectSchema(Common.NONE, properties, List.copyOf(required), patterns, permits, additional,
                Collections.unmodifiableMap(propertyDeps), Collections.unmodifiableMap(schemaDeps),
                integer(json, "minProperties"), integer(json, "maxProperties"), unevaluated);
    }

    private void dependencies(JsonNode deps, String scope, Map<String, Set<String>> propertyDeps,
                              Map<String, Node> schemaDeps) {
        if (deps == null || !deps.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = deps.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray()) {
                Set<String> names = new LinkedHashSet<>();
                e.getValue().forEach(n -> names.add(n.asText()));
                propertyDeps.putIfAbsent(e.getKey(), Collections.unmodifiableSet(names));
            } else {
                schemaDeps.putIfAbsent(e.getKey(), load(e.getValue(), scope));
            }
        }
    }

    private ArraySchema array(JsonNode json, String scope) {
        Node allItems = null;
        List<Node> tuple = null;
        boolean permits = true;
        Node additional = null;
        JsonNode items = json.get("items");
        JsonNode prefixItems = dialect.modern() ? json.get("prefixItems") : null;
        if (prefixItems != null && prefixItems.isArray()) {
            tuple = schemaList(prefixItems, scope);
        }
        JsonNode additionalItems = dialect == Dialect.DRAFT_2020_12 ? null : json.get("additionalItems");
        if (dialect == Dialect.DRAFT_2020_12 && tuple != null) {
            // 2020-12: items beside prefixItems is what additionalItems was.
            additionalItems = items;
            items = null;
        }
        if (items != null && items.isArray()) {
            tuple = schemaList(items, scope);
        } else if (items != null) {
            allItems = load(items, scope);
        }
        if (additionalItems != null && additionalItems.isBoolean()) {
            permits = additionalItems.booleanValue();
        } else if (additionalItems != null && additionalItems.isObject()) {
            additional = load(additionalItems, scope);
        }
        JsonNode unique = json.get("uniqueItems");
        Node unevaluated = dialect.modern() ? child(json, "unevaluatedItems", scope) : null;
        Integer minContains = dialect.modern() ? integer(json, "minContains") : null;
        Integer maxContains = dialect.modern() ? integer(json, "maxContains") : null;
        return new ArraySchema(Common.NONE, allItems, tuple, permits, additional, integer(json, "minItems"),
                integer(json, "maxItems"), unique != null && unique.asBoolean(), unevaluated, minContains,
                maxContains);
    }

    private Map<String, Node> schemaMap(JsonNode map, String scope) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (map != null && map.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), load(e.getValue(), scope));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private List<Node> schemaList(JsonNode array, String scope) {
        List<Node> out = new ArrayList<>();
        array.forEach(s -> out.add(load(s, scope)));
        return List.copyOf(out);
    }

    private Node child(JsonNode json, String keyword, String scope) {
        JsonNode child = json.get(keyword);
        return child == null ? null : load(child, scope);
    }

    private static boolean hasAny(JsonNode json, List<String> keywords, Set<String> consumed) {
        for (String k : keywords) {
            if (json.has(k) && !consumed.contains(k)) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode json, String keyword) {
        JsonNode v = json.get(keyword);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Integer integer(JsonNode json, String keyword) {
        JsonNode v = json.get(keyword);
        return v != null && v.isNumber() ? v.intValue() : null;
    }

    /** A numeric keyword; draft-04's boolean {@code exclusiveMinimum}/{@code exclusiveMaximum} are not limits. */
    private static BigDecimal decimal(JsonNode json, String keyword) {
        JsonNode v = json.get(keyword);
        return v != null && v.isNumber() ? v.decimalValue() : null;
    }
}
