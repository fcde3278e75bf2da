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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry on the JDK's HTTP server answering the routes the serdes call — register, lookup, a subject's
 * version, a schema by id — from memory, with the request log the tests count HTTP calls by. Texts are kept as
 * given (no canonical form); the same schema (type, text, references) gets one id everywhere.
 */
final class JsonStubRegistry implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    record Stored(int id, String type, String schema, JsonNode references) {
    }

    final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, List<Stored>> subjects = new ConcurrentHashMap<>();
    private final Map<Integer, Stored> byId = new ConcurrentHashMap<>();
    private final Map<String, Stored> byContent = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(100);

    JsonStubRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers directly (no HTTP request logged); returns the id. */
    synchronized int register(String subject, String type, String schema, JsonNode references) {
        JsonNode refs = references == null ? JSON.createArrayNode() : references;
        Stored s = byContent.computeIfAbsent(type + "\u0000" + schema + "\u0000" + refs, k -> {
            Stored n = new Stored(nextId.getAndIncrement(), type, schema, refs);
            byId.put(n.id(), n);
            return n;
        });
        List<Stored> versions = subjects.computeIfAbsent(subject, k -> new ArrayList<>());
        if (!versions.contains(s)) {
            versions.add(s);
        }
        return s.id();
    }

    int register(String subject, String schema) {
        return register(subject, "JSON", schema, null);
    }

    List<Stored> versions(String subject) {
        return subjects.getOrDefault(subject, List.of());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(method + " " + exchange.getRequestURI());
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            authorizations.add(auth);
        }
        String[] parts = path.substring(1).split("/");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
        }
        try {
            if (method.equals("POST") && parts.length == 3 && parts[0].equals("subjects")
                    && parts[2].equals("versions")) {
                JsonNode req = JSON.readTree(body);
                int id = register(parts[1], req.path("schemaType").asText("AVRO"), req.get("schema").asText(),
                        req.get("references"));
                reply(exchange, 200, JSON.createObjectNode().put("id", id));
            } else if (method.equals("POST") && parts.length == 2 && parts[0].equals("subjects")) {
                JsonNode req = JSON.readTree(body);
                List<Stored> versions = subjects.get(parts[1]);
                if (versions == null) {
                    error(exchange, 404, 40401, "Subject '" + parts[1] + "' not found.");
                    return;
                }
                JsonNode refs = req.has("references") ? req.get("references") : JSON.createArrayNode();
                for (int v = 0; v < versions.size(); v++) {
                    Stored s = versions.get(v);
                    if (s.schema().equals(req.get("schema").asText()) && s.references().equals(refs)
                            && s.type().equals(req.path("schemaType").asText("AVRO"))) {
                        reply(exchange, 200, body(parts[1], v + 1, s));
                        return;
                    }
                }
                error(exchange, 404, 40403, "Schema not found");
            } else if (method.equals("GET") && parts.length == 4 && parts[0].equals("subjects")
                    && parts[2].equals("versions")) {
                List<Stored> versions = subjects.get(parts[1]);
                if (versions == null || versions.isEmpty()) {
                    error(exchange, 404, 40401, "Subject '" + parts[1] + "' not found.");
                    return;
                }
                int v = parts[3].equals("latest") || parts[3].equals("-1") ? versions.size()
                        : Integer.parseInt(parts[3]);
                if (v < 1 || v > versions.size()) {
                    error(exchange, 404, 40402, "Version " + parts[3] + " not found.");
                    return;
                }
                reply(exchange, 200, body(parts[1], v, versions.get(v - 1)));
            } else if (method.equals("GET") && parts.length == 3 && parts[0].equals("schemas")
                    && parts[1].equals("ids")) {
                Stored s = byId.get(Integer.parseInt(parts[2]));
                if (s == null) {
                    error(exchange, 404, 40403, "Schema " + parts[2] + " not found");
                    return;
                }
                ObjectNode out = JSON.createObjectNode();
                if (!s.type().equals("AVRO")) {
                    out.put("schemaType", s.type());
                }
                if (!s.references().isEmpty()) {
                    out.set("references", s.references());
                }
                out.put("schema", s.schema());
                reply(exchange, 200, out);
            } else {
                error(exchange, 404, 404, "HTTP 404 Not Found");
            }
        } catch (RuntimeException e) {
            error(exchange, 500, 500, e.toString());
        }
    }

    private static ObjectNode body(String subject, int version, Stored s) {
        ObjectNode out = JSON.createObjectNode().put("subject", subject).put("version", version).put("id", s.id());
        if (!s.type().equals("AVRO")) {
            out.put("schemaType", s.type());
        }
        if (!s.references().isEmpty()) {
            out.set("references", s.references());
        }
        return out.put("schema", s.schema());
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        reply(exchange, status, JSON.createObjectNode().put("error_code", code).put("message", message));
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static ArrayNode refs(String name, String subject, int version) {
        ArrayNode a = JSON.createArrayNode();
        a.addObject().put("name", name).put("subject", subject).put("version", version);
        return a;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
