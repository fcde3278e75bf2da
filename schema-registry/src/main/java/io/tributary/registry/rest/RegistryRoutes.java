package io.tributary.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.registry.RegistryException;
import io.tributary.registry.SchemaRegistry;
import io.tributary.registry.SchemaRequest;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaType;
import io.tributary.registry.state.CompatibilityLevel;
import io.tributary.registry.state.Mode;
import io.tributary.registry.state.SchemaVersion;
import io.tributary.registry.state.StoredSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Confluent's REST API over {@link SchemaRegistry}: the routes, how their bodies and query parameters are read, and
 * the JSON shapes they answer. Writes go through {@link Writes} (this instance when it is the writer, else the
 * writer over HTTP).
 */
public final class RegistryRoutes {

    /** Where a write goes: this instance's registry, or the elected writer. */
    public interface Writes {
        /** Runs a write here, or forwards the call to the writer and returns its answer. */
        Object write(HttpCall call, Route.Action local) throws Exception;
    }

    private final SchemaRegistry registry;
    private final ObjectMapper json;
    private final Writes writes;

    public RegistryRoutes(SchemaRegistry registry, ObjectMapper json, Writes writes) {
        this.registry = registry;
        this.json = json;
        this.writes = writes;
    }

    public List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(Route.of("GET", "/", c -> Map.of()));
        r.add(Route.of("GET", "/schemas/types", c -> registry.types().stream().map(Enum::name).toList()));
        // subjects
        r.add(Route.of("GET", "/subjects", c -> registry.subjects(c.query("subjectPrefix"),
                c.flag("deleted", false), c.flag("deletedOnly", false))));
        r.add(Route.of("GET", "/subjects/{subject}/versions", c -> registry.versions(c.path("subject"),
                c.flag("deleted", false), c.flag("deletedOnly", false))));
        r.add(Route.of("POST", "/subjects/{subject}/versions", c -> {
            // A schema the subject already has is answered here, with no write and no trip to the writer.
            Optional<SchemaRegistry.Registered> known = registry.alreadyRegistered(c.path("subject"),
                    schemaRequest(c), c.flag("normalize", false));
            return known.isPresent() ? Map.of("id", known.get().id()) : write(c, this::register);
        }));
        r.add(Route.of("POST", "/subjects/{subject}", c -> {
            SchemaVersion v = registry.lookup(c.path("subject"), schemaRequest(c), c.flag("normalize", false),
                    c.flag("deleted", false));
            return versionBody(v);
        }));
        r.add(Route.of("GET", "/subjects/{subject}/versions/{version}", c -> {
            SchemaVersion v = registry.version(c.path("subject"), c.path("version"), c.flag("deleted", false));
            Map<String, Object> body = versionBody(v);
            body.put("schema", registry.formatted(v.stored(), c.query("format")));
            return body;
        }));
        r.add(Route.of("GET", "/subjects/{subject}/versions/{version}/schema", c -> new RawJson(
                registry.formatted(registry.version(c.path("subject"), c.path("version"), c.flag("deleted", false))
                        .stored(), c.query("format")))));
        r.add(Route.of("GET", "/subjects/{subject}/versions/{version}/referencedby", c -> registry.referencedBy(
                c.path("subject"), c.path("version"))));
        r.add(Route.of("DELETE", "/subjects/{subject}", c -> write(c, w -> registry.deleteSubject(
                w.path("subject"), w.flag("permanent", false)))));
        r.add(Route.of("DELETE", "/subjects/{subject}/versions/{version}", c -> write(c, w -> registry.deleteVersion(
                w.path("subject"), w.path("version"), w.flag("permanent", false)))));
        // schemas
        r.add(Route.of("GET", "/schemas", c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            List<SchemaVersion> all = registry.schemas(c.query("subjectPrefix"), c.flag("deleted", false),
                    c.flag("latestOnly", false));
            int offset = intParam(c, "offset", 0);
            int limit = intParam(c, "limit", -1);
            for (int i = offset; i < all.size() && (limit < 0 || out.size() < limit); i++) {
                out.add(versionBody(all.get(i)));
            }
            return out;
        }));
        r.add(Route.of("GET", "/schemas/ids/{id}", c -> {
            StoredSchema s = registry.schemaById(id(c));
            Map<String, Object> body = new LinkedHashMap<>();
            if (s.type() != SchemaType.AVRO) {
                body.put("schemaType", s.type().name());
            }
            if (!s.references().isEmpty()) {
                body.put("references", s.references());
            }
            body.put("schema", registry.formatted(s, c.query("format")));
            if (c.flag("fetchMaxId", false)) {
                body.put("maxId", registry.state().maxId());
            }
            return body;
        }));
        r.add(Route.of("GET", "/schemas/ids/{id}/schema", c -> new RawJson(
                registry.formatted(registry.schemaById(id(c)), c.query("format")))));
        r.add(Route.of("GET", "/schemas/ids/{id}/versions", c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (SchemaVersion v : registry.usesOf(id(c), c.flag("deleted", false))) {
                Map<String, Object> sv = new LinkedHashMap<>();
                sv.put("subject", v.subject());
                sv.put("version", v.version());
                out.add(sv);
            }
            return out;
        }));
        r.add(Route.of("GET", "/schemas/ids/{id}/subjects", c -> registry.usesOf(id(c), c.flag("deleted", false))
                .stream().map(SchemaVersion::subject).distinct().toList()));
        // compatibility
        r.add(Route.of("POST", "/compatibility/subjects/{subject}/versions/{version}", c -> compatibility(c,
                c.path("version"))));
        r.add(Route.of("POST", "/compatibility/subjects/{subject}/versions", c -> compatibility(c, null)));
        // config
        r.add(Route.of("GET", "/config", c -> Map.of("compatibilityLevel", registry.effectiveLevel(null).name())));
        r.add(Route.of("PUT", "/config", c -> write(c, w -> {
            CompatibilityLevel level = levelBody(w);
            registry.setLevel(null, level);
            return Map.of("compatibility", level.name());
        })));
        r.add(Route.of("DELETE", "/config", c -> write(c, w -> Map.of("compatibilityLevel",
                registry.deleteLevel(null).name()))));
        r.add(Route.of("GET", "/config/{subject}", c -> {
            String subject = c.path("subject");
            CompatibilityLevel level = c.flag("defaultToGlobal", false) ? registry.effectiveLevel(subject)
                    : registry.subjectLevel(subject).orElseThrow(
                            () -> RegistryException.subjectLevelCompatibilityNotConfigured(subject));
            return Map.of("compatibilityLevel", level.name());
        }));
        r.add(Route.of("PUT", "/config/{subject}", c -> write(c, w -> {
            CompatibilityLevel level = levelBody(w);
            registry.setLevel(w.path("subject"), level);
            return Map.of("compatibility", level.name());
        })));
        r.add(Route.of("DELETE", "/config/{subject}", c -> write(c, w -> Map.of("compatibilityLevel",
                registry.deleteLevel(w.path("subject")).name()))));
        // mode
        r.add(Route.of("GET", "/mode", c -> Map.of("mode", registry.effectiveMode(null).name())));
        r.add(Route.of("PUT", "/mode", c -> write(c, w -> {
            Mode mode = modeBody(w);
            registry.setMode(null, mode, w.flag("force", false));
            return Map.of("mode", mode.name());
        })));
        r.add(Route.of("GET", "/mode/{subject}", c -> {
            String subject = c.path("subject");
            Mode mode = c.flag("defaultToGlobal", false) ? registry.effectiveMode(subject)
                    : registry.subjectMode(subject).orElseThrow(
                            () -> RegistryException.subjectLevelModeNotConfigured(subject));
            return Map.of("mode", mode.name());
        }));
        r.add(Route.of("PUT", "/mode/{subject}", c -> write(c, w -> {
            Mode mode = modeBody(w);
            registry.setMode(w.path("subject"), mode, w.flag("force", false));
            return Map.of("mode", mode.name());
        })));
        r.add(Route.of("DELETE", "/mode/{subject}", c -> write(c, w -> Map.of("mode",
                registry.deleteMode(w.path("subject")).name()))));
        return r;
    }

    private Object write(HttpCall call, Route.Action local) throws Exception {
        return writes.write(call, local);
    }

    private Object register(HttpCall c) throws Exception {
        SchemaRequest request = schemaRequest(c);
        SchemaRegistry.Registered registered = registry.register(c.path("subject"), request,
                c.flag("normalize", false));
        return Map.of("id", registered.id());
    }

    private Object compatibility(HttpCall c, String version) throws Exception {
        List<String> problems = registry.checkCompatibility(c.path("subject"), version, schemaRequest(c),
                c.flag("normalize", false));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_compatible", problems.isEmpty());
        if (c.flag("verbose", false)) {
            body.put("messages", problems);
        }
        return body;
    }

    static Map<String, Object> versionBody(SchemaVersion v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", v.subject());
        body.put("version", v.version());
        body.put("id", v.id());
        if (v.type() != SchemaType.AVRO) {
            body.put("schemaType", v.type().name());
        }
        if (!v.references().isEmpty()) {
            body.put("references", v.references());
        }
        body.put("schema", v.schema());
        return body;
    }

    private JsonNode bodyJson(HttpCall c) throws RegistryException {
        if (c.body().length == 0) {
            throw RegistryException.unprocessable("The request body is empty; a JSON object is expected");
        }
        try {
            JsonNode node = json.readTree(c.body());
            if (node == null || !node.isObject()) {
                throw RegistryException.unprocessable("The request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Confluent's REST layer answers unparsable JSON with 400 (a well-formed body of the wrong shape: 422).
            throw new RegistryException(400, 400, "Unrecognized JSON in the request body: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw RegistryException.unprocessable("Unreadable request body: " + e.getMessage());
        }
    }

    private SchemaRequest schemaRequest(HttpCall c) throws RegistryException {
        JsonNode body = bodyJson(c);
        JsonNode schema = body.get("schema");
        if (schema == null || schema.isNull()) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        if (!schema.isTextual()) {
            throw RegistryException.unprocessable("schema must be a string holding the schema's text");
        }
        String typeName = body.hasNonNull("schemaType") ? body.get("schemaType").asText() : null;
        SchemaType type = SchemaType.fromName(typeName).orElseThrow(
                () -> RegistryException.invalidSchema("Unknown schema type " + typeName));
        List<Reference> refs = new ArrayList<>();
        JsonNode references = body.path("references");
        if (!references.isMissingNode() && !references.isNull()) {
            if (!references.isArray()) {
                throw RegistryException.unprocessable("references must be an array");
            }
            for (JsonNode ref : references) {
                if (!ref.path("version").canConvertToInt()) {
                    throw RegistryException.unprocessable("a reference needs name, subject and a version number");
                }
                refs.add(new Reference(ref.path("name").asText(null), ref.path("subject").asText(null),
                        ref.path("version").asInt()));
            }
        }
        Integer id = body.hasNonNull("id") && body.get("id").asInt() > 0 ? body.get("id").asInt() : null;
        Integer version = body.hasNonNull("version") && body.get("version").asInt() > 0
                ? body.get("version").asInt() : null;
        return new SchemaRequest(schema.asText(), type, refs, id, version);
    }

    private CompatibilityLevel levelBody(HttpCall c) throws RegistryException {
        JsonNode body = bodyJson(c);
        String name = body.hasNonNull("compatibility") ? body.get("compatibility").asText()
                : body.path("compatibilityLevel").asText(null);
        return CompatibilityLevel.fromName(name).orElseThrow(() -> RegistryException.invalidCompatibilityLevel(name));
    }

    private Mode modeBody(HttpCall c) throws RegistryException {
        String name = bodyJson(c).path("mode").asText(null);
        return Mode.fromName(name).orElseThrow(() -> RegistryException.invalidMode(name));
    }

    private static int id(HttpCall c) throws RegistryException {
        try {
            return Integer.parseInt(c.path("id"));
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound();
        }
    }

    private static int intParam(HttpCall c, String name, int fallback) throws RegistryException {
        String v = c.query(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw RegistryException.unprocessable(name + " must be a whole number");
        }
    }
}
