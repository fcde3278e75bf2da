package io.tributary.registry.schema.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaText;
import io.tributary.registry.schema.SchemaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed JSON Schema (schema type {@code JSON}), as Confluent's registry keeps one.
 *
 * <p>Canonical text: the document re-serialized compactly, keys in the order given, numbers as written
 * ({@code 1.50} stays {@code 1.50}, {@code 1e3} becomes {@code 1E+3}) — Confluent's {@code canonicalString()}; so
 * whitespace does not make another schema, key order does. {@link #normalized()} also sorts every object's keys (at
 * every depth) and the references, as Confluent's {@code normalize()} does.
 *
 * <p>Compatibility: {@link SchemaDiff} classifies the differences between the writer's schema and this one as
 * Confluent's checker does (its default STRICT policy), and each incompatible one is reported in Confluent's words.
 */
public final class JsonSchema extends SchemaText {

    /** Confluent's reading of a schema text: big decimals kept as written, nothing after the document. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** The same, with every object's keys sorted (for {@link #normalized()}). */
    private static final ObjectMapper SORTED = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(new SortingNodeFactory())
            .build();

    private static final String DIFFERENT_TYPE = "Incompatible because of different schema type";

    private final JsonNode document;
    /** The schemas the references name, by reference name. */
    private final Map<String, JsonSchema> dependencies;
    /** Those, and the schemas they reference in turn: what a {@code $ref} here may name. */
    private final Map<String, JsonSchema> closure;
    private final Dialect dialect;
    private final Resolver resolver;
    private final Model.Node model;

    private JsonSchema(JsonNode document, String canonical, List<Reference> references,
                       Map<String, JsonSchema> dependencies, Dialect dialect) throws InvalidSchemaException {
        super(canonical, references);
        this.document = document;
        this.dependencies = Map.copyOf(dependencies);
        Map<String, JsonSchema> all = new LinkedHashMap<>(dependencies);
        for (JsonSchema dependency : dependencies.values()) {
            dependency.closure.forEach(all::putIfAbsent);
        }
        this.closure = all;
        this.dialect = dialect;
        this.resolver = new Resolver(document, dialect, closure);
        this.model = resolver.rootModel();
    }

    /**
     * Parses a schema text: JSON that is an object or a boolean, and a valid schema of its draft (its meta-schema
     * accepts it, every {@code $ref} leads somewhere).
     */
    static JsonSchema parse(String text, List<Reference> references, Map<String, ?> dependencies)
            throws InvalidSchemaException {
        JsonNode document;
        try {
            document = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            // Jackson's own location ("[Source: REDACTED ...]") says nothing a user can use; ours replaces it.
            String what = e.getOriginalMessage().replaceAll("\\s*\\(?(start marker )?at \\[Source:[^\\]]*\\]\\)?", "");
            throw invalid(text, "it is not JSON: " + what + where);
        }
        if (document == null || document.isMissingNode()) {
            throw invalid(text, "it is empty");
        }
        if (!document.isObject() && !document.isBoolean()) {
            throw invalid(text, "a JSON Schema is an object or a boolean, not " + document.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        Dialect dialect = Dialect.of(document);
        if (document.isObject()) {
            List<String> errors = dialect.metaSchemaErrors(document);
            if (!errors.isEmpty()) {
                throw invalid(text, "the " + draftName(dialect) + " meta-schema refuses it: "
                        + String.join("; ", errors));
            }
        }
        Map<String, JsonSchema> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : dependencies.entrySet()) {
            if (!(e.getValue() instanceof JsonSchema json)) {
                throw invalid(text, "a JSON schema can only reference JSON schemas; reference " + e.getKey()
                        + " is " + (e.getValue() instanceof ParsedSchema p ? p.type() : e.getValue()));
            }
            resolved.put(e.getKey(), json);
        }
        try {
            return new JsonSchema(document, write(JSON, document), references, resolved, dialect);
        } catch (InvalidSchemaException e) {
            throw invalid(text, e.getMessage());
        }
    }

    private static InvalidSchemaException invalid(String text, String why) {
        return new InvalidSchemaException("Invalid schema " + text + ", details: " + why);
    }

    private static String write(ObjectMapper mapper, JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree: " + e.getMessage(), e);
        }
    }

    /** The schema document (a copy; the schema itself does not change). */
    public JsonNode document() {
        return document.deepCopy();
    }

    /** The draft the schema is written in, as {@code draft-07}, {@code draft/2020-12}: from its {@code $schema}. */
    public String draft() {
        return draftName(dialect);
    }

    private static String draftName(Dialect dialect) {
        return switch (dialect) {
            case DRAFT_4 -> "draft-04";
            case DRAFT_6 -> "draft-06";
            case DRAFT_7 -> "draft-07";
            case DRAFT_2019_09 -> "draft/2019-09";
            case DRAFT_2020_12 -> "draft/2020-12";
        };
    }

    Resolver resolver() {
        return resolver;
    }

    Model.Node model() {
        return model;
    }

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    @Override
    public ParsedSchema normalized() {
        try {
            JsonNode sorted = SORTED.readTree(canonical());
            List<Reference> refs = new ArrayList<>(references().stream().distinct().toList());
            refs.sort(Comparator.comparing(Reference::subject, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparingInt(Reference::version));
            return new JsonSchema(sorted, write(SORTED, sorted), refs, dependencies, dialect);
        } catch (JsonProcessingException | InvalidSchemaException e) {
            // The canonical text was produced from a schema that parsed: it reads back the same.
            throw new IllegalStateException("cannot normalize a parsed JSON schema: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> incompatibilitiesReading(ParsedSchema writer, boolean readerIsNew) {
        if (!(writer instanceof JsonSchema json)) {
            return List.of(DIFFERENT_TYPE);
        }
        String reader = readerIsNew ? "new" : "old";
        String wrote = readerIsNew ? "old" : "new";
        List<String> out = new ArrayList<>();
        for (Difference d : SchemaDiff.compare(json.model, model)) {
            if (!d.type().compatible) {
                out.add(d.describe(reader, wrote));
            }
        }
        return out;
    }

    /** Objects whose keys iterate in sorted order, at every depth. */
    private static final class SortingNodeFactory extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new TreeMap<>());
        }
    }
}
