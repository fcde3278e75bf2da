package io.tributary.connect.rest;

import io.tributary.connect.herder.NotLeaderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a request this worker cannot serve (its herder threw {@link NotLeaderException}) to the leader: the same
 * method, path, query and body, with {@code forward=false} added so the leader never forwards it again, and relays
 * the leader's status and body. A request that already carries {@code forward=false} is answered 409 instead: the
 * leader moved between the hops (a rebalance), and the client should retry.
 */
final class LeaderForwarder {

    private static final Logger LOG = Logger.getLogger(LeaderForwarder.class.getName());

    private final Duration timeout;
    private final HttpClient http;

    LeaderForwarder(Duration timeout, RestTls tls) {
        this.timeout = timeout;
        Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
        this.http = tls.httpClient().connectTimeout(connect).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Reply forward(HttpCall call, NotLeaderException e) throws InterruptedException {
        if (e.leaderUrl() == null) {
            throw new RestException(409, e.getMessage());
        }
        if ("false".equalsIgnoreCase(call.query("forward"))) {
            throw new RestException(409,
                    "Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
        }
        URI target = URI.create(join(e.leaderUrl(), withForwardFalse(call.pathQuery())));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(call.method(), call.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        if (call.body().length > 0) {
            request.header("Content-Type", call.headers().getOrDefault("content-type", "application/json"));
        }
        // Kafka Connect forwards the caller's credentials (a REST extension on the leader may check them).
        String auth = call.headers().get("authorization");
        if (auth != null) {
            request.header("Authorization", auth);
        }
        LOG.fine(() -> "Forwarding " + call.method() + " " + call.pathQuery() + " to the leader at " + target);
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException io) {
            LOG.log(Level.WARNING, "Forwarding " + call.method() + " " + call.pathQuery() + " to " + target
                    + " failed", io);
            throw new RestException(500, "IO Error trying to forward REST request: " + io);
        }
        Map<String, String> headers = new HashMap<>();
        // The leader's Location names the leader; the client asked us, so it points here.
        answer.headers().firstValue("Location").ifPresent(loc -> headers.put("Location",
                call.baseUrl() + URI.create(loc).getRawPath()));
        String contentType = answer.headers().firstValue("Content-Type").orElse("application/json");
        return Reply.relayed(answer.statusCode(), answer.body(), contentType, headers);
    }

    /** The request's path and query with any {@code forward} parameter replaced by {@code forward=false}. */
    static String withForwardFalse(String pathQuery) {
        int q = pathQuery.indexOf('?');
        String path = q < 0 ? pathQuery : pathQuery.substring(0, q);
        StringBuilder query = new StringBuilder();
        if (q >= 0) {
            for (String param : pathQuery.substring(q + 1).split("&")) {
                String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
                if (!param.isEmpty() && !name.equals("forward")) {
                    query.append(param).append('&');
                }
            }
        }
        return path + "?" + query + "forward=false";
    }

    /** Joins the leader's base URL ({@code http://host:8083/}, with or without the slash) and a path. */
    static String join(String base, String pathQuery) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b + (pathQuery.startsWith("/") ? pathQuery : "/" + pathQuery);
    }
}
