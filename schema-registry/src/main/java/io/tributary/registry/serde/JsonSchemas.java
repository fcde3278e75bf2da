package io.tributary.registry.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.json.JsonSchemaParser;
import io.tributary.registry.serde.RegistryClient.Ref;
import io.tributary.registry.serde.RegistryClient.SchemaText;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The JSON Schema serdes' view of schemas: a schema text with its references resolved through the registry (each
 * referenced version fetched once), its {@code title} (the record name of the record-name subject strategies), and
 * a compiled validator (networknt json-schema-validator), built on first use and kept per schema, so validating a
 * record costs no HTTP call and no compilation. Nothing is fetched from anywhere but the registry.
 */
final class JsonSchemas {

    static final String TYPE = "JSON";

    /** At most this many validation errors are quoted in an exception's message. */
    private static final int MAX_ERRORS = 10;
    /** The base URI of a schema without an absolute {@code $id}, against which relative reference names resolve. */
    private static final String DEFAULT_BASE = "https://schema-registry.tributary.invalid/schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClient client;
    private final Map<SchemaText, Loaded> loaded = new ConcurrentHashMap<>();

    JsonSchemas(RegistryClient client) {
        this.client = client;
    }

    /** A schema with its references' texts (the whole closure, by reference name) and its validator. */
    static final class Loaded {
        final SchemaText text;
        final JsonNode document;
        /** Every schema the references lead to, directly or not: reference name → text. */
        final Map<String, String> closure;
        private volatile Schema validator;

        Loaded(SchemaText text, JsonNode document, Map<String, String> closure) {
            this.text = text;
            this.document = document;
            this.closure = closure;
        }

        /** The {@code title}, Confluent's name of a JSON schema; null without one. */
        String title() {
            JsonNode title = document.get("title");
            return title != null && title.isTextual() ? title.asText() : null;
        }

        /** The value of the top-level keyword {@code property} when it is a string ({@code javaType}); else null. */
        String stringProperty(String property) {
            JsonNode v = document.get(property);
            return v != null && v.isTextual() ? v.asText() : null;
        }

        /** What is wrong with {@code value} against this schema: empty when it is valid. */
        List<String> errors(JsonNode value) {
            List<Error> found;
            try {
                found = validator().validate(value);
            } catch (SerializationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SerializationException("cannot validate against the JSON schema " + abbreviate(
                        document.toString()) + ": " + e.getMessage(), e);
            }
            List<String> out = new ArrayList<>();
            for (Error e : found) {
                if (out.size() == MAX_ERRORS) {
                    out.add("...");
                    break;
                }
                out.add(e.toString());
            }
            return out;
        }

        Schema validator() {
            Schema v = validator;
            if (v == null) {
                synchronized (this) {
                    v = validator;
                    if (v == null) {
                        v = compile(document, closure);
                        validator = v;
                    }
                }
            }
            return v;
        }
    }

    /** {@code text} with its references resolved (cached per schema). */
    Loaded load(SchemaText text) {
        Loaded l = loaded.get(text);
        if (l != null) {
            return l;
        }
        if (!TYPE.equals(text.type())) {
            throw new SerializationException("the schema is " + text.type() + ", not a JSON schema");
        }
        Map<String, String> closure = new LinkedHashMap<>();
        collect(text.references(), closure, 0);
        return loaded.computeIfAbsent(text, t -> new Loaded(t, parse(t.schema()), Map.copyOf(closure)));
    }

    private void collect(List<Ref> references, Map<String, String> into, int depth) {
        if (depth > 64) {
            throw new SerializationException("references nested deeper than 64 levels (a cycle?)");
        }
        for (Ref r : references) {
            if (into.containsKey(r.name())) {
                continue;
            }
            SchemaText referenced = client.version(r.subject(), r.version()).schema();
            into.put(r.name(), referenced.schema());
            collect(referenced.references(), into, depth + 1);
        }
    }

    static JsonNode parse(String schema) {
        try {
            JsonNode node = JSON.readTree(schema);
            if (node == null || !(node.isObject() || node.isBoolean())) {
                throw new SerializationException("a JSON schema is an object or a boolean: " + abbreviate(schema));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SerializationException("the JSON schema is not JSON: " + e.getOriginalMessage() + ": "
                    + abbreviate(schema), e);
        }
    }

    /**
     * The draft a schema is validated in, chosen by {@code $schema} as Confluent chooses (a draft's meta-schema URL,
     * http or https, with or without {@code #}); none or any other: draft-07.
     */
    static SpecificationVersion draft(JsonNode document) {
        JsonNode declared = document.isObject() ? document.get("$schema") : null;
        if (declared == null || !declared.isTextual()) {
            return SpecificationVersion.DRAFT_7;
        }
        String url = declared.asText().replaceFirst("^https://", "http://").replaceFirst("#$", "");
        return switch (url) {
            case "http://json-schema.org/draft-04/schema", "http://json-schema.org/schema" ->
                    SpecificationVersion.DRAFT_4;
            case "http://json-schema.org/draft-06/schema" -> SpecificationVersion.DRAFT_6;
            case "http://json-schema.org/draft/2019-09/schema" -> SpecificationVersion.DRAFT_2019_09;
            case "http://json-schema.org/draft/2020-12/schema" -> SpecificationVersion.DRAFT_2020_12;
            default -> SpecificationVersion.DRAFT_7;
        };
    }

    /**
     * The validator of {@code document}: its draft chosen as {@link #draft} does ({@code $schema} rewritten to the
     * draft's own id, so the meta-schema always comes from the validator's jar), the referenced schemas served from
     * {@code closure} under their reference names — as written and resolved against the document's {@code $id} (or
     * a base of ours when it has none), as Confluent registers them — and nothing fetched over the network.
     */
    static Schema compile(JsonNode document, Map<String, String> closure) {
        SpecificationVersion version = draft(document);
        String idKeyword = version == SpecificationVersion.DRAFT_4 ? "id" : "$id";
        String base = DEFAULT_BASE;
        JsonNode id = document.isObject() ? document.get(idKeyword) : null;
        if (id != null && id.isTextual()) {
            String resolved = resolve(DEFAULT_BASE, id.asText());
            if (resolved != null) {
                base = resolved;
            }
        }
        Map<String, String> resources = new HashMap<>();
        for (Map.Entry<String, String> e : closure.entrySet()) {
            String text = withOwnDialect(e.getValue());
            resources.putIfAbsent(withoutFragment(e.getKey()), text);
            String resolved = resolve(base, e.getKey());
            if (resolved != null) {
                resources.putIfAbsent(withoutFragment(resolved), text);
            }
        }
        try {
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(version, b -> b
                    .schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemas(iri -> resources.get(withoutFragment(iri))));
            Schema schema = registry.getSchema(SchemaLocation.of(base), withOwnDialect(document, version));
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.io.FileNotFoundException missing) {
                    throw new SerializationException("cannot compile the JSON schema " + abbreviate(document
                            .toString()) + " for validation: it refers to " + missing.getMessage() + ", which is not "
                            + "in the document and not one of the schema's references (nothing is fetched over the "
                            + "network)", e);
                }
            }
            throw new SerializationException("cannot compile the JSON schema " + abbreviate(document.toString())
                    + " for validation: " + e.getMessage(), e);
        }
    }

    private static String withOwnDialect(String text) {
        JsonNode document = parse(text);
        return withOwnDialect(document, draft(document)).toString();
    }

    private static JsonNode withOwnDialect(JsonNode document, SpecificationVersion version) {
        if (!document.isObject() || !document.has("$schema")) {
            return document;
        }
        ObjectNode copy = ((ObjectNode) document).deepCopy();
        copy.put("$schema", version.getDialectId());
        return copy;
    }

    private static String resolve(String base, String name) {
        try {
            return URI.create(base).resolve(name).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String withoutFragment(String iri) {
        int hash = iri.indexOf('#');
        return hash < 0 ? iri : iri.substring(0, hash);
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /**
     * Why {@code reader} cannot read everything {@code writer} may write (Confluent's backward check of
     * {@code latest.compatibility.strict}, by the registry's own JSON Schema checker): empty when it can.
     */
    List<String> incompatibilities(SchemaText reader, SchemaText writer) {
        try {
            return parsed(reader, new HashMap<>(), 0).incompatibilitiesReading(parsed(writer, new HashMap<>(), 0),
                    true);
        } catch (InvalidSchemaException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    private ParsedSchema parsed(SchemaText text, Map<String, ParsedSchema> memo, int depth)
            throws InvalidSchemaException {
        if (depth > 64) {
            throw new SerializationException("references nested deeper than 64 levels (a cycle?)");
        }
        Map<String, ParsedSchema> dependencies = new LinkedHashMap<>();
        List<Reference> references = new ArrayList<>();
        for (Ref r : text.references()) {
            references.add(new Reference(r.name(), r.subject(), r.version()));
            String key = r.version() + "/" + r.subject();
            ParsedSchema dependency = memo.get(key);
            if (dependency == null) {
                dependency = parsed(client.version(r.subject(), r.version()).schema(), memo, depth + 1);
                memo.put(key, dependency);
            }
            dependencies.put(r.name(), dependency);
        }
        return new JsonSchemaParser().parse(text.schema(), references, dependencies);
    }
}
