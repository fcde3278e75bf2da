package io.tributary.registry.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The normalized text of an Avro schema ({@code normalize=true}), in the style Confluent's registry normalizes:
 * every named type under its full name with no {@code namespace} key (aliases too), attributes in a fixed order,
 * every field's {@code order} written (also the default {@code ascending}), aliases and custom properties sorted. Two
 * schemas that differ only in how names are qualified, in attribute order or in spelling out defaults normalize to
 * the same text. Works on Avro's own compact text of a parsed schema, so the input is known to be valid.
 */
final class AvroNormalizer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PRIMITIVES = Set.of("null", "boolean", "int", "long", "float", "double",
            "bytes", "string");
    /** Attributes written in this order; any other is a custom property, written after them, sorted. */
    private static final List<String> TYPE_KEYS = List.of("type", "name", "doc", "aliases", "fields", "symbols",
            "default", "items", "values", "size", "logicalType", "precision", "scale");
    private static final List<String> FIELD_KEYS = List.of("name", "type", "doc", "default", "order", "aliases");

    private AvroNormalizer() {
    }

    static String normalize(String avroText) {
        try {
            return JSON.writeValueAsString(type(JSON.readTree(avroText), ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode type(JsonNode node, String namespace) {
        if (node.isTextual()) {
            String name = node.asText();
            return PRIMITIVES.contains(name) ? node : JSON.getNodeFactory().textNode(fullName(name, namespace));
        }
        if (node.isArray()) {
            ArrayNode union = JSON.createArrayNode();
            node.forEach(branch -> union.add(type(branch, namespace)));
            return union;
        }
        ObjectNode in = (ObjectNode) node;
        ObjectNode out = JSON.createObjectNode();
        String inner = namespace;
        TreeMap<String, JsonNode> extra = new TreeMap<>();
        if (in.has("name")) {
            String space = in.has("namespace") ? in.get("namespace").asText() : namespace;
            String full = fullName(in.get("name").asText(), space);
            inner = full.contains(".") ? full.substring(0, full.lastIndexOf('.')) : "";
            in = in.deepCopy();
            in.put("name", full);
            in.remove("namespace");
            if (in.has("aliases")) {
                in.set("aliases", sortedNames(in.get("aliases"), inner));
            }
        }
        for (String key : TYPE_KEYS) {
            if (!in.has(key)) {
                continue;
            }
            JsonNode value = in.get(key);
            switch (key) {
                case "type" -> out.set(key, value);   // the kind: record, enum, array, long (with a logicalType)...
                case "fields" -> {
                    ArrayNode fields = out.putArray("fields");
                    for (JsonNode f : value) {
                        fields.add(field((ObjectNode) f, inner));
                    }
                }
                case "items", "values" -> out.set(key, type(value, inner));
                case "scale" -> {
                    if (value.asInt() != 0) {
                        out.set(key, value);
                    }
                }
                default -> out.set(key, value);
            }
        }
        for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!TYPE_KEYS.contains(key) && !key.equals("namespace")) {
                extra.put(key, in.get(key));
            }
        }
        extra.forEach(out::set);
        return out;
    }

    private static ObjectNode field(ObjectNode in, String namespace) {
        ObjectNode out = JSON.createObjectNode();
        for (String key : FIELD_KEYS) {
            switch (key) {
                case "type" -> out.set(key, type(in.get(key), namespace));
                case "order" -> out.put(key, in.path("order").asText("ascending"));
                case "aliases" -> {
                    if (in.has(key)) {
                        List<String> sorted = new ArrayList<>();
                        in.get(key).forEach(a -> sorted.add(a.asText()));
                        sorted.sort(null);
                        ArrayNode aliases = out.putArray(key);
                        sorted.forEach(aliases::add);
                    }
                }
                default -> {
                    if (in.has(key)) {
                        out.set(key, in.get(key));
                    }
                }
            }
        }
        TreeMap<String, JsonNode> extra = new TreeMap<>();
        in.fieldNames().forEachRemaining(key -> {
            if (!FIELD_KEYS.contains(key)) {
                extra.put(key, in.get(key));
            }
        });
        extra.forEach(out::set);
        return out;
    }

    private static ArrayNode sortedNames(JsonNode names, String namespace) {
        List<String> sorted = new ArrayList<>();
        names.forEach(n -> sorted.add(fullName(n.asText(), namespace)));
        sorted.sort(null);
        ArrayNode out = JSON.createArrayNode();
        sorted.forEach(out::add);
        return out;
    }

    private static String fullName(String name, String namespace) {
        return name.contains(".") || namespace.isEmpty() ? name : namespace + "." + name;
    }
}
