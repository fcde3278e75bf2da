package io.tributary.registry.connect;

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
import org.apache.avro.Schema;

/**
 * A registry for tests, on a JDK HTTP server: the routes the serdes and the converter call, with the registry's
 * identity rules (a schema is its canonical text, {@code Schema.toString} of the parsed text; one id per text; a
 * subject gets a new version only for a text it does not hold). No compatibility checks. Records every request.
 */
final class StubRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request: method, path (decoded) and its Authorization header. */
    record Request(String method, String path, String authorization) {
    }

    private final HttpServer server;
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final List<String> texts = new ArrayList<>();
    private final Map<String, List<Integer>> subjects = new HashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    StubRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers directly; returns the id. */
    synchronized int register(String subject, String schema) {
        String text = new Schema.Parser().parse(schema).toString();
        int id = idsByText.computeIfAbsent(text, t -> {
            texts.add(t);
            return texts.size();
        });
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    synchronized List<Integer> versions(String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }

    synchronized String schema(int id) {
        return texts.get(id - 1);
    }

    long count(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Authorization")));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = 200;
        JsonNode answer;
        synchronized (this) {
            String[] parts = path.substring(1).split("/");
            try {
                if (method.equals("POST") && parts.length == 3 && parts[0].equals("subjects")
                        && parts[2].equals("versions")) {
                    int id = register(parts[1], JSON.readTree(body).get("schema").asText());
                    answer = JSON.createObjectNode().put("id", id);
                } else if (method.equals("POST") && parts.length == 2 && parts[0].equals("subjects")) {
                    String text = new Schema.Parser().parse(JSON.readTree(body).get("schema").asText()).toString();
                    Integer id = idsByText.get(text);
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
                    if (id < 1 || id > texts.size()) {
                        status = 404;
                        answer = error(40403, "Schema " + id + " not found");
                    } else {
                        answer = JSON.createObjectNode().put("schema", texts.get(id - 1));
                    }
                } else if (method.equals("GET") && parts.length == 4 && parts[0].equals("schemas")
                        && parts[1].equals("ids") && parts[3].equals("versions")) {
                    int id = Integer.parseInt(parts[2]);
                    ArrayNode list = JSON.createArrayNode();
                    subjects.forEach((subject, versions) -> {
                        if (versions.contains(id)) {
                            list.addObject().put("subject", subject).put("version", versions.indexOf(id) + 1);
                        }
                    });
                    answer = list;
                } else {
                    status = 404;
                    answer = error(404, "HTTP 404 Not Found");
                }
            } catch (RuntimeException e) {
                status = 422;
                answer = error(42201, "Invalid schema: " + e.getMessage());
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
        return JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
                .put("schema", texts.get(id - 1));
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
