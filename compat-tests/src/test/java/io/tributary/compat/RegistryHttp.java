package io.tributary.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client of a schema registry's REST API, as a script with curl would use it. */
final class RegistryHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** An answer: the status, the body as JSON (null if it is not JSON), and the raw text. */
    record Reply(int status, JsonNode json, String text, String contentType) {

        int errorCode() {
            return json == null ? -1 : json.path("error_code").asInt(-1);
        }
    }

    private final String base;
    private final HttpClient http;
    private final String authorization;

    RegistryHttp(String base) {
        this(base, null, null);
    }

    /** A client of an https registry ({@code tls}) sending basic-auth {@code userInfo} ("user:password"); both may be null. */
    RegistryHttp(String base, javax.net.ssl.SSLContext tls, String userInfo) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        this.http = (tls == null ? builder : builder.sslContext(tls)).build();
        this.authorization = userInfo == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
                userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null);
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    Reply put(String path, String body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    Reply send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", CONTENT_TYPE);
        if (body != null) {
            b.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        return new Reply(r.statusCode(), json, r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    /** The request body registering (or looking up) {@code schema}, with optional extra fields. */
    static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    static ObjectNode body(String schema) {
        return JSON.createObjectNode().put("schema", schema);
    }

    /** Waits until this instance answers {@code path} as {@code other} does (its reader caught up), up to 10 s. */
    void catchUpWith(RegistryHttp other, String path) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!get(path).text().equals(other.get(path).text()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * Registers, retrying while the store or the writer is unavailable (a 5000x answer: broker down, a writer being
     * elected); any other answer fails. Gives up after 60 s.
     */
    int registerRetrying(String subject, String schema) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        Reply last;
        do {
            last = post("/subjects/" + subject + "/versions", schemaBody(schema));
            if (last.status() == 200) {
                return last.json().get("id").asInt();
            }
            int code = last.errorCode();
            if (code < 50001 || code > 50004) {
                throw new AssertionError("register in " + subject + " answered " + last.status() + " " + last.text());
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not registered within 60 s; last answer " + last.text());
    }

    /** Registers a schema and returns its id, failing on anything but 200. */
    int register(String subject, String schema) throws IOException, InterruptedException {
        Reply r = post("/subjects/" + subject + "/versions", schemaBody(schema));
        if (r.status() != 200) {
            throw new AssertionError("register in " + subject + " answered " + r.status() + " " + r.text());
        }
        return r.json().get("id").asInt();
    }
}
