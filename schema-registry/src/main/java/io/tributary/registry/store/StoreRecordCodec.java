package io.tributary.registry.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaType;
import io.tributary.registry.state.CompatibilityLevel;
import io.tributary.registry.state.Mode;
import io.tributary.registry.state.SchemaVersion;
import io.tributary.registry.state.StoreRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code _schemas} record layout: Confluent's, so a topic written by either registry reads in the other, and
 * readable with any console consumer. Keys and values are UTF-8 JSON objects:
 * <pre>
 * key {"keytype":"SCHEMA","subject":S,"version":V,"magic":1}
 *   value {"subject":S,"version":V,"id":N,"schemaType":T (absent for AVRO),"references":[{"name","subject",
 *          "version"}] (absent when none),"schema":TEXT,"deleted":BOOL}; null: version V permanently deleted
 * key {"keytype":"CONFIG","subject":S or null,"magic":0}   value {"compatibilityLevel":L}; null: level removed
 * key {"keytype":"MODE","subject":S or null,"magic":0}     value {"mode":M}; null: mode removed
 * key {"keytype":"DELETE_SUBJECT","subject":S,"magic":0}   value {"subject":S,"version":V} (read, not written)
 * key {"keytype":"CLEAR_SUBJECT","subject":S,"magic":0}    value {"subject":S} (read, not written)
 * key {"keytype":"NOOP","magic":0}                         value null (read, not written)
 * </pre>
 * Soft deletes rewrite a version's record with {@code "deleted":true}, so compaction keeps what a reader needs.
 */
public final class StoreRecordCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreRecordCodec() {
    }

    /** Decodes a record; an unknown key type decodes as a no-op (a newer writer's record this reader ignores). */
    public static StoreRecord decode(byte[] key, byte[] value) {
        try {
            JsonNode k = JSON.readTree(key);
            JsonNode v = value == null ? null : JSON.readTree(value);
            String subject = k.hasNonNull("subject") ? k.get("subject").asText() : null;
            switch (k.path("keytype").asText()) {
                case "SCHEMA":
                    return new StoreRecord.Schema(subject, k.path("version").asInt(), v == null ? null : schema(v));
                case "CONFIG":
                    return new StoreRecord.Config(subject, v == null ? null : CompatibilityLevel.fromName(
                            text(v, "compatibilityLevel", "compatibility")).orElse(null));
                case "MODE":
                    return new StoreRecord.ModeChange(subject, v == null ? null
                            : Mode.fromName(v.path("mode").asText(null)).orElse(null));
                case "DELETE_SUBJECT":
                    return v == null ? new StoreRecord.Noop()
                            : new StoreRecord.DeleteSubject(subject, v.path("version").asInt());
                case "CLEAR_SUBJECT":
                    return new StoreRecord.ClearSubject(subject);
                default:
                    return new StoreRecord.Noop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not a _schemas record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String name, String alternative) {
        return node.hasNonNull(name) ? node.get(name).asText() : node.path(alternative).asText(null);
    }

    private static SchemaVersion schema(JsonNode v) {
        List<Reference> refs = new ArrayList<>();
        for (JsonNode r : v.path("references")) {
            refs.add(new Reference(r.path("name").asText(), r.path("subject").asText(), r.path("version").asInt()));
        }
        SchemaType type = SchemaType.fromName(v.path("schemaType").asText(null)).orElseThrow(
                () -> new IllegalArgumentException("unknown schemaType " + v.path("schemaType")));
        return new SchemaVersion(v.path("subject").asText(), v.path("version").asInt(), v.path("id").asInt(), type,
                v.path("schema").asText(), refs, v.path("deleted").asBoolean(false));
    }

    public static byte[] schemaKey(String subject, int version) {
        ObjectNode k = JSON.createObjectNode();
        k.put("keytype", "SCHEMA");
        k.put("subject", subject);
        k.put("version", version);
        k.put("magic", 1);
        return bytes(k);
    }

    public static byte[] schemaValue(SchemaVersion sv) {
        ObjectNode v = JSON.createObjectNode();
        v.put("subject", sv.subject());
        v.put("version", sv.version());
        v.put("id", sv.id());
        if (sv.type() != SchemaType.AVRO) {
            v.put("schemaType", sv.type().name());
        }
        if (!sv.references().isEmpty()) {
            ArrayNode refs = v.putArray("references");
            for (Reference r : sv.references()) {
                refs.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version());
            }
        }
        v.put("schema", sv.schema());
        v.put("deleted", sv.deleted());
        return bytes(v);
    }

    public static byte[] configKey(String subject) {
        return subjectKey("CONFIG", subject);
    }

    public static byte[] configValue(CompatibilityLevel level) {
        return bytes(JSON.createObjectNode().put("compatibilityLevel", level.name()));
    }

    public static byte[] modeKey(String subject) {
        return subjectKey("MODE", subject);
    }

    public static byte[] modeValue(Mode mode) {
        return bytes(JSON.createObjectNode().put("mode", mode.name()));
    }

    private static byte[] subjectKey(String type, String subject) {
        ObjectNode k = JSON.createObjectNode();
        k.put("keytype", type);
        if (subject == null) {
            k.putNull("subject");
        } else {
            k.put("subject", subject);
        }
        k.put("magic", 0);
        return bytes(k);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
