package io.tributary.registry.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The serializers' client of a Confluent-compatible registry: registers or looks up schemas and fetches them by id,
 * caching every answer, so once warm a record costs no HTTP call. Thread-safe.
 */
public final class RegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final List<String> urls;
    private final String authorization;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Latest> latestBySubject = new ConcurrentHashMap<>();
    // Schemas of any type as text (the JSON Schema serdes): by id, by subject and text, latest, subject versions.
    private final Map<Integer, SchemaText> textsById = new ConcurrentHashMap<>();
    private final Map<String, Map<SchemaText, Integer>> textIdsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Versioned> latestTextBySubject = new ConcurrentHashMap<>();
    private final Map<String, Versioned> versionsBySubject = new ConcurrentHashMap<>();

    /** The latest version of a subject: its id and schema. */
    public record Latest(int id, Schema schema) {
    }

    /** A reference from one schema to another registered one: how the schema names it, and where it lives. */
    public record Ref(String name, String subject, int version) {
    }

    /**
     * A schema of any type as the registry holds it: its {@code schemaType} ({@code AVRO}, {@code JSON},
     * {@code PROTOBUF}), its text and its references. Equal records are one schema to the caches.
     */
    public record SchemaText(String type, String schema, List<Ref> references) {
        public SchemaText {
            references = references == null ? List.of() : List.copyOf(references);
        }
    }

    /** A subject's version of a schema: its id, version number and schema. */
    public record Versioned(int id, int version, SchemaText schema) {
    }

    /**
     * @param urls          {@code schema.registry.url} (tried in order)
     * @param basicUserInfo {@code basic.auth.user.info} ("user:password") or null
     * @param tls           an https registry's TLS ({@code schema.registry.ssl.*}), or null for the JDK's defaults
     */
    public RegistryClient(List<String> urls, String basicUserInfo, javax.net.ssl.SSLContext tls) {
        this.urls = List.copyOf(urls);
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        this.http = (tls == null ? http : http.sslContext(tls)).build();
        this.authorization = basicUserInfo == null || basicUserInfo.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(basicUserInfo.getBytes(StandardCharsets.UTF_8));
    }

    /** Registers (or finds) {@code schema} under {@code subject}; returns its id. */
    public int register(String subject, Schema schema, boolean normalize) {
        return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).computeIfAbsent(schema, s -> {
            JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions" + (normalize
                    ? "?normalize=true" : ""), body(schema));
            int id = answer.get("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    /** The id {@code schema} already has under {@code subject} (no registration). */
    public int lookup(String subject, Schema schema, boolean normalize) {
        return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).computeIfAbsent(schema, s -> {
            JsonNode answer = call("POST", "/subjects/" + encode(subject) + (normalize ? "?normalize=true" : ""),
                    body(schema));
            return answer.get("id").asInt();
        });
    }

    /** The latest version of {@code subject} (cached: a later registration elsewhere is seen after a restart). */
    public Latest latest(String subject) {
        return latestBySubject.computeIfAbsent(subject, s -> {
            JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
            int id = answer.get("id").asInt();
            Schema schema = schemasById.computeIfAbsent(id, i -> new Schema.Parser().parse(
                    answer.get("schema").asText()));
            return new Latest(id, schema);
        });
    }

    /** The schema with this id. */
    public Schema schema(int id) {
        return schemasById.computeIfAbsent(id, i -> {
            JsonNode answer = call("GET", "/schemas/ids/" + id, null);
            if (answer.hasNonNull("schemaType") && !"AVRO".equals(answer.get("schemaType").asText())) {
                throw new SerializationException("schema " + id + " is " + answer.get("schemaType").asText()
                        + ", not Avro");
            }
            return new Schema.Parser().parse(answer.get("schema").asText());
        });
    }

    /** Registers (or finds) {@code schema}, of any type, under {@code subject}; returns its id. */
    public int register(String subject, SchemaText schema, boolean normalize) {
        return textIdsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).computeIfAbsent(schema,
                s -> {
                    JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions" + (normalize
                            ? "?normalize=true" : ""), body(schema));
                    int id = answer.get("id").asInt();
                    textsById.putIfAbsent(id, schema);
                    return id;
                });
    }

    /** The id {@code schema}, of any type, already has under {@code subject} (no registration). */
    public int lookup(String subject, SchemaText schema, boolean normalize) {
        return textIdsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).computeIfAbsent(schema,
                s -> call("POST", "/subjects/" + encode(subject) + (normalize ? "?normalize=true" : ""), body(schema))
                        .get("id").asInt());
    }

    /** The schema with this id, of any type, as text (cached). */
    public SchemaText schemaText(int id) {
        return textsById.computeIfAbsent(id, i -> schemaText(call("GET", "/schemas/ids/" + id, null)));
    }

    /** The latest version of {@code subject}, of any type (cached, as {@link #latest}). */
    public Versioned latestText(String subject) {
        return latestTextBySubject.computeIfAbsent(subject, s -> versioned(call("GET", "/subjects/" + encode(subject)
                + "/versions/latest", null)));
    }

    /** Version {@code version} of {@code subject} (how references are resolved; cached: a version never changes). */
    public Versioned version(String subject, int version) {
        return versionsBySubject.computeIfAbsent(version + "/" + subject, k -> versioned(call("GET", "/subjects/"
                + encode(subject) + "/versions/" + version, null)));
    }

    // The Protobuf serdes: answers in a ?format= (serialized: a base64 FileDescriptorProto; a registry ignoring the
    // parameter answers the text), cached apart from the plain texts; and the version a schema has in a subject.
    private final Map<String, SchemaText> formattedById = new ConcurrentHashMap<>();
    private final Map<String, Versioned> formattedVersions = new ConcurrentHashMap<>();
    private final Map<String, Map<SchemaText, Versioned>> versionsBySchema = new ConcurrentHashMap<>();

    /** The schema with this id as {@code GET /schemas/ids/{id}?format=...} answers it (cached). */
    public SchemaText schemaText(int id, String format) {
        return formattedById.computeIfAbsent(format + "/" + id, k -> schemaText(call("GET", "/schemas/ids/" + id
                + "?format=" + encode(format), null)));
    }

    /** Version {@code version} of {@code subject} as {@code ?format=...} answers it (cached). */
    public Versioned version(String subject, int version, String format) {
        return formattedVersions.computeIfAbsent(format + "/" + version + "/" + subject, k -> {
            JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/" + version + "?format="
                    + encode(format), null);
            return new Versioned(answer.get("id").asInt(), answer.path("version").asInt(), schemaText(answer));
        });
    }

    /** The id and version {@code schema}, of any type, has under {@code subject} (no registration; cached). */
    public Versioned lookupVersion(String subject, SchemaText schema, boolean normalize) {
        return versionsBySchema.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).computeIfAbsent(schema,
                s -> {
                    JsonNode answer = call("POST", "/subjects/" + encode(subject) + (normalize ? "?normalize=true"
                            : ""), body(schema));
                    return new Versioned(answer.get("id").asInt(), answer.path("version").asInt(), schema);
                });
    }

    private Versioned versioned(JsonNode answer) {
        SchemaText schema = schemaText(answer);
        int id = answer.get("id").asInt();
        textsById.putIfAbsent(id, schema);
        return new Versioned(id, answer.path("version").asInt(), schema);
    }

    private static SchemaText schemaText(JsonNode answer) {
        List<Ref> refs = new ArrayList<>();
        for (JsonNode r : answer.path("references")) {
            refs.add(new Ref(r.path("name").asText(), r.path("subject").asText(), r.path("version").asInt()));
        }
        return new SchemaText(answer.path("schemaType").asText("AVRO"), answer.get("schema").asText(), refs);
    }

    private static String body(SchemaText schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema.schema());
        if (!"AVRO".equals(schema.type())) {
            body.put("schemaType", schema.type());
        }
        if (!schema.references().isEmpty()) {
            ArrayNode refs = body.putArray("references");
            for (Ref r : schema.references()) {
                refs.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version());
            }
        }
        return body.toString();
    }

    private static String body(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, String body) {
        SerializationException last = null;
        for (String url : urls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(30)).header("Accept", CONTENT_TYPE)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                JsonNode json = JSON.readTree(r.body());
                if (r.statusCode() == 200) {
                    return json;
                }
                // An answer from the registry is final: only unreachable URLs move on to the next one.
                throw new SerializationException("schema registry " + url + " answered " + method + " " + path + ": "
                        + r.statusCode() + " error_code " + json.path("error_code").asInt(-1) + ": "
                        + json.path("message").asText(r.body()));
            } catch (IOException e) {
                last = new SerializationException("schema registry " + url + " unreachable: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SerializationException("interrupted calling the schema registry", e);
            }
        }
        throw last;
    }
}
