package io.tributary.registry.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.registry.serde.RegistryClient.Ref;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A value together with the JSON schema to write it with, for {@link KafkaJsonSchemaSerializer}: the serializer
 * registers (or looks up) {@code schema} and writes {@code payload} — a {@link JsonNode} or any object Jackson
 * writes. Confluent's {@code JsonSchemaUtils.envelope(schema, payload)} builds the same thing as an
 * {@link ObjectNode} {@code {"schema": ..., "payload": ...[, "references": [...]]}}; the serializer takes that shape
 * too ({@link #toJsonNode()} writes it, {@link #from(Object)} reads it).
 *
 * @param schema     the schema's text (a JSON Schema document)
 * @param references the registered schemas its {@code $ref}s name (name = the URL the {@code $ref} uses)
 * @param payload    the value written
 */
public record JsonSchemaEnvelope(String schema, List<Ref> references, Object payload) {

    private static final Set<String> ENVELOPE_FIELDS = Set.of("schema", "payload", "references",
            "resolvedReferences");

    public JsonSchemaEnvelope {
        if (schema == null) {
            throw new IllegalArgumentException("an envelope needs a schema");
        }
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** {@code payload} with {@code schema} (a schema without references). */
    public static JsonSchemaEnvelope of(String schema, Object payload) {
        return new JsonSchemaEnvelope(schema, List.of(), payload);
    }

    /** {@code payload} with {@code schema}, a schema document as a tree. */
    public static JsonSchemaEnvelope of(JsonNode schema, Object payload) {
        return new JsonSchemaEnvelope(schema.toString(), List.of(), payload);
    }

    /** Confluent's envelope shape: {@code {"schema": S, "payload": P[, "references": [...]]}}. */
    public ObjectNode toJsonNode() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("schema", JsonSchemas.parse(schema));
        out.set("payload", payload instanceof JsonNode node ? node : KafkaJsonSchemaSerializer.DEFAULT_MAPPER
                .valueToTree(payload));
        if (!references.isEmpty()) {
            var refs = out.putArray("references");
            for (Ref r : references) {
                refs.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version());
            }
        }
        return out;
    }

    /**
     * {@code value} as an envelope: itself, or an {@link ObjectNode} of Confluent's envelope shape (a {@code schema}
     * object or boolean and a {@code payload}, and nothing but {@code references}/{@code resolvedReferences}
     * besides); null for anything else. (Confluent takes any object node with a {@code schema} field for an
     * envelope; here a record whose data merely has a {@code schema} field is written as it is.)
     */
    static JsonSchemaEnvelope from(Object value) {
        if (value instanceof JsonSchemaEnvelope envelope) {
            return envelope;
        }
        if (!(value instanceof ObjectNode node) || !node.has("payload")) {
            return null;
        }
        JsonNode schema = node.get("schema");
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
            return null;
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            if (!ENVELOPE_FIELDS.contains(names.next())) {
                return null;
            }
        }
        List<Ref> refs = new ArrayList<>();
        for (JsonNode r : node.path("references")) {
            refs.add(new Ref(r.path("name").asText(), r.path("subject").asText(), r.path("version").asInt()));
        }
        return new JsonSchemaEnvelope(schema.toString(), refs, node.get("payload"));
    }
}
