package io.tributary.compat;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A small client of Kafka Connect's REST API (java.net.http and Jackson), as a script with curl would use it. */
public final class ConnectRest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: the status and the body as JSON (null when empty or not JSON), with the raw text. */
    public record Reply(int status, JsonNode json, String text) {

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRest(String baseUrl) {
        this.base = baseUrl;
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null);
    }

    public Reply post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    public Reply put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    public Reply patch(String path, Object body) throws IOException, InterruptedException {
        return send("PATCH", path, body);
    }

    /** The base URL requests go to. */
    public String baseUrl() {
        return base;
    }

    /** One request; {@code body} is JSON text or an object Jackson writes. */
    public Reply send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90))
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        b.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(text));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        return new Reply(r.statusCode(), json, r.body());
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Creates (or updates) a connector with {@code PUT /connectors/{name}/config}, retrying for up to 60 s while the
     * worker answers that it cannot yet (409 during a rebalance, 5xx while it starts or the leader is unknown). Any
     * other failure fails at once.
     */
    public JsonNode createConnector(String name, Map<String, String> config) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Reply last;
        do {
            last = put("/connectors/" + segment(name) + "/config", config);
            if (last.status() == 200 || last.status() == 201) {
                return last.json();
            }
            if (last.status() != 409 && last.status() < 500) {
                throw new AssertionError("creating connector " + name + " answered " + last);
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("connector " + name + " not created within 60 s; last answer " + last);
    }

    /** {@code GET /connectors/{name}/status}: its JSON, or null when the worker answers 404. */
    public JsonNode status(String name) throws IOException, InterruptedException {
        Reply r = get("/connectors/" + segment(name) + "/status");
        if (r.status() == 404) {
            return null;
        }
        if (r.status() != 200) {
            throw new AssertionError("status of " + name + " answered " + r);
        }
        return r.json();
    }

    /**
     * Waits until the connector and exactly {@code tasks} tasks are RUNNING. A FAILED connector or task fails at once
     * with its trace.
     */
    public JsonNode waitRunning(String name, int tasks, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        String lastError = "";
        while (System.nanoTime() < deadline) {
            try {
                last = status(name);
                lastError = "";
            } catch (IOException | AssertionError e) {
                lastError = e.toString();   // a worker still starting, or forwarding to a leader not known yet
                last = null;
            }
            if (last != null) {
                if ("FAILED".equals(last.path("connector").path("state").asText())) {
                    throw new AssertionError("connector " + name + " FAILED: " + last.toPrettyString());
                }
                int running = 0;
                for (JsonNode task : last.path("tasks")) {
                    String state = task.path("state").asText();
                    if ("FAILED".equals(state)) {
                        throw new AssertionError("a task of " + name + " FAILED: " + last.toPrettyString());
                    }
                    if ("RUNNING".equals(state)) {
                        running++;
                    }
                }
                if ("RUNNING".equals(last.path("connector").path("state").asText()) && running == tasks
                        && last.path("tasks").size() == tasks) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("connector " + name + " not RUNNING with " + tasks + " running tasks within "
                + timeout + "; last status " + (last == null ? lastError : last.toPrettyString()));
    }

    /** {@code DELETE /connectors/{name}}, retrying like {@link #createConnector} while a rebalance runs. */
    public void deleteConnector(String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Reply last;
        do {
            last = delete("/connectors/" + segment(name));
            if (last.status() == 204 || last.status() == 200 || last.status() == 404) {
                return;
            }
            if (last.status() != 409 && last.status() < 500) {
                throw new AssertionError("deleting connector " + name + " answered " + last);
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("connector " + name + " not deleted within 60 s; last answer " + last);
    }

    /** {@code GET /connectors/{name}/offsets} (KIP-875): the offsets the worker has committed for it. */
    public JsonNode offsets(String name) throws IOException, InterruptedException {
        Reply r = get("/connectors/" + segment(name) + "/offsets");
        if (r.status() != 200) {
            throw new AssertionError("offsets of " + name + " answered " + r);
        }
        return r.json();
    }
}
