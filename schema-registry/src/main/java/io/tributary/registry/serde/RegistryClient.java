package io.tributary.registry.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Latest> latestBySubject = new ConcurrentHashMap<>();

    /** The latest version of a subject: its id and schema. */
    public record Latest(int id, Schema schema) {
    }

    /**
     * @param urls          {@code schema.registry.url} (tried in order)
     * @param basicUserInfo {@code basic.auth.user.info} ("user:password") or null
     */
    public RegistryClient(List<String> urls, String basicUserInfo) {
        this.urls = List.copyOf(urls);
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
