package io.tributary.registry.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry for the Protobuf serde tests, on a JDK HTTP server: a schema is its type, text and references as
 * posted (no parsing: a base64 descriptor stays base64, so {@code ?format=serialized} answers what was posted and a
 * {@code .proto} text registered directly is answered as text, as a registry without that format does). One id per
 * schema; a subject gets a new version for a schema it does not hold. Records every request (method, path, query).
 */
final class ProtobufStubRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<ObjectNode> schemas = new ArrayList<>();
    private final Map<String, List<Integer>> subjects = new HashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    ProtobufStubRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers {@code schema} ({@code {"schema":..., "schemaType":..., "references":[...]}}); returns its id. */
    synchronized int register(String subject, ObjectNode schema) {
        ObjectNode key = JSON.createObjectNode();
        key.put("schemaType", schema.path("schemaType").asText("AVRO"));
        key.put("schema", schema.get("schema").asText());
        key.set("references", schema.has("references") ? schema.get("references") : JSON.createArrayNode());
        int id = ids.computeIfAbsent(key.toString(), k -> {
            schemas.add(key);
            return schemas.size();
        });
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    /** Registers a {@code .proto} text with references given as name, subject, version triples. */
    int registerProto(String subject, String text, String... refs) {
        ObjectNode body = JSON.createObjectNode().put("schema", text).put("schemaType", "PROTOBUF");
        ArrayNode list = body.putArray("references");
        for (int i = 0; i < refs.length; i += 3) {
            list.addObject().put("name", refs[i]).put("subject", refs[i + 1])
                    .put("version", Integer.parseInt(refs[i + 2]));
        }
        return register(subject, body);
    }

    synchronized List<Integer> versions(String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }

    synchronized ObjectNode schema(int id) {
        return schemas.get(id - 1).deepCopy();
    }

    long count(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(method + " " + path + (query == null ? "" : "?" + query));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = 200;
        JsonNode answer;
        synchronized (this) {
            String[] parts = rawPath.substring(1).split("/");
            for (int i = 0; i < parts.length; i++) {
                parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
            }
            if (method.equals("POST") && parts.length == 3 && parts[0].equals("subjects")
                    && parts[2].equals("versions")) {
                answer = JSON.createObjectNode().put("id", register(parts[1], (ObjectNode) JSON.readTree(body)));
            } else if (method.equals("POST") && parts.length == 2 && parts[0].equals("subjects")) {
                ObjectNode posted = (ObjectNode) JSON.readTree(body);
                ObjectNode key = JSON.createObjectNode();
                key.put("schemaType", posted.path("schemaType").asText("AVRO"));
                key.put("schema", posted.get("schema").asText());
                key.set("references", posted.has("references") ? posted.get("references")
                        : JSON.createArrayNode());
                Integer id = ids.get(key.toString());
                List<Integer> versions = subjects.get(parts[1]);
                if (versions == null) {
                    status = 404;
                    answer = error(40401, "Subject '" + parts[1] + "' not found.");
                } else if (id == null || !versions.contains(id)) {
                    status = 404;
                    answer = error(40403, "Schema not found");
                } else {
                    answer = version(parts[1], versions.indexOf(id) + 1, id);
                }
            } else if (method.equals("GET") && parts.length == 4 && parts[0].equals("subjects")
                    && parts[2].equals("versions")) {
                List<Integer> versions = subjects.get(parts[1]);
                if (versions == null) {
                    status = 404;
                    answer = error(40401, "Subject '" + parts[1] + "' not found.");
                } else {
                    int v = parts[3].equals("latest") ? versions.size() : Integer.parseInt(parts[3]);
                    answer = version(parts[1], v, versions.get(v - 1));
                }
            } else if (method.equals("GET") && parts.length == 3 && parts[0].equals("schemas")
                    && parts[1].equals("ids")) {
                int id = Integer.parseInt(parts[2]);
                if (id < 1 || id > schemas.size()) {
                    status = 404;
                    answer = error(40403, "Schema " + id + " not found");
                } else {
                    answer = schemas.get(id - 1).deepCopy();
                }
            } else {
                status = 404;
                answer = error(404, "HTTP 404 Not Found");
            }
        }
        byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ObjectNode version(String subject, int version, int id) {
        ObjectNode out = JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id);
        out.setAll(schemas.get(id - 1).deepCopy());
        return out;
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
