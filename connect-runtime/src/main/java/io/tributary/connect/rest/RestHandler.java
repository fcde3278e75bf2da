package io.tributary.connect.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.connect.herder.HerderException;
import io.tributary.connect.herder.NotLeaderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The Jetty handler of the Connect REST API: finds the route of a request, runs it, forwards it to the leader when
 * the herder says this worker is not the one to serve it, and writes the answer as JSON — or Kafka Connect's error
 * body {@code {"error_code": N, "message": "..."}}: unknown path 404, known path with another method 405, a body
 * over the limit 413, a body of another content type 415, a herder refusal its status, anything unforeseen 500
 * with its message (the stack trace goes to the log).
 */
final class RestHandler extends Handler.Abstract {

    private static final Logger LOG = Logger.getLogger(RestHandler.class.getName());
    static final String JSON = "application/json";
    /** A body over the limit is still read and dropped up to this many bytes, so the client sees the 413. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final List<Route> routes;
    private final LeaderForwarder forwarder;
    private final int maxBodyBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.function.BooleanSupplier ready;
    private final Duration startupWait;

    /**
     * @param ready       whether the worker has started: until then only what needs no connector state is answered
     *                    ({@code /}, {@code /health}, {@code /connector-plugins}, {@code /admin}); other requests wait
     *                    for it, as Apache's herder queues them, and get 500 "Request timed out" after
     *                    {@code startupWait}
     */
    RestHandler(List<Route> routes, LeaderForwarder forwarder, int maxBodyBytes,
                java.util.function.BooleanSupplier ready, Duration startupWait) {
        this.routes = List.copyOf(routes);
        this.forwarder = forwarder;
        this.maxBodyBytes = maxBodyBytes;
        this.ready = ready;
        this.startupWait = startupWait;
    }

    /** Waits for the worker to finish starting, unless the path needs no connector state. */
    private void awaitStarted(String path) throws InterruptedException {
        if (ready.getAsBoolean() || path.equals("/") || path.isEmpty() || path.startsWith("/health")
                || path.startsWith("/connector-plugins") || path.startsWith("/admin")) {
            return;
        }
        long deadline = System.nanoTime() + startupWait.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw RestException.timedOut("Request timed out: the worker has not finished starting");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        inFlight.incrementAndGet();
        try {
            serve(request, response, callback);
        } finally {
            inFlight.decrementAndGet();
        }
        return true;
    }

    /**
     * Waits (up to {@code timeout}) for the requests under way to be answered, so stopping the server does not cut
     * them off; idle keep-alive connections, which Jetty's own graceful stop would wait for, are not waited for.
     */
    void awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void serve(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        Reply reply;
        try {
            awaitStarted(request.getHttpURI().getPath());
            reply = answer(request, method);
        } catch (RestException e) {
            reply = Reply.error(e.status(), e.getMessage());
        } catch (HerderException e) {
            reply = Reply.error(e.status(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = Reply.error(500, "Request interrupted");
        } catch (Exception | LinkageError e) {
            // LinkageError: a plugin missing a class it needs (NoClassDefFoundError) still gets a JSON answer
            LOG.log(Level.SEVERE, "Uncaught exception in REST call to " + method + " "
                    + request.getHttpURI().getPathQuery(), e);
            reply = Reply.error(500, e.getMessage() != null ? e.getMessage() : e.toString());
        }
        write(request, response, callback, method, reply);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(method + " " + request.getHttpURI().getPathQuery() + " " + reply.status() + " "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }

    private Reply answer(Request request, String method) throws Exception {
        List<String> segments = segments(request.getHttpURI().getPath());
        // HEAD is GET without the body, as JAX-RS serves it.
        String lookup = method.equals("HEAD") ? "GET" : method;
        Set<String> allowed = new LinkedHashSet<>();
        Route route = null;
        Map<String, String> params = null;
        for (Route r : routes) {
            Map<String, String> p = r.match(segments);
            if (p == null) {
                continue;
            }
            allowed.add(r.method());
            if (route == null && r.method().equals(lookup)) {
                route = r;
                params = p;
            }
        }
        if (allowed.isEmpty()) {
            throw RestException.notFound("HTTP 404 Not Found");
        }
        if (route == null) {
            Reply reply = method.equals("OPTIONS") ? Reply.empty(200)
                    : Reply.error(405, "HTTP 405 Method Not Allowed");
            return reply.with("Allow", allowHeader(allowed));
        }
        byte[] body = body(request);
        if (route.readsBody() && body.length > 0) {
            checkContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        }
        HttpCall call = new HttpCall(method, request.getHttpURI().getPathQuery(), baseUrl(request.getHttpURI()),
                params, query(request), body, headers(request));
        try {
            return route.action().answer(call);
        } catch (NotLeaderException e) {
            return forwarder.forward(call, e);
        }
    }

    /** Kafka Connect consumes only JSON (Jersey's {@code @Consumes}): anything else with a body is 415. */
    private static void checkContentType(String contentType) {
        if (contentType == null) {
            return; // no header: taken as JSON, as Jersey does
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!(type.equals(JSON) || type.equals("*/*") || type.equals("application/*") || type.isEmpty())) {
            throw new RestException(415, "HTTP 415 Unsupported Media Type");
        }
    }

    private void write(Request request, Response response, Callback callback, String method, Reply reply) {
        byte[] body;
        String contentType = reply.contentType();
        int status = reply.status();
        try {
            body = reply.raw() != null ? reply.raw()
                    : reply.entity() != null ? Json.MAPPER.writeValueAsBytes(reply.entity()) : new byte[0];
            if (reply.entity() != null) {
                contentType = JSON;
            }
        } catch (JsonProcessingException e) {
            LOG.log(Level.SEVERE, "Cannot write the answer to " + method + " " + request.getHttpURI().getPath(), e);
            status = 500;
            body = Json.error(500, "Cannot write the answer as JSON: " + e.getOriginalMessage());
            contentType = JSON;
        }
        response.setStatus(status);
        reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        if (body.length > 0 && contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        // 204 carries no body; for HEAD, Jetty sends the headers of the body written and drops the body itself.
        response.write(true, status == 204 || body.length == 0 ? null : ByteBuffer.wrap(body), callback);
    }

    private static String allowHeader(Set<String> methods) {
        Set<String> all = new LinkedHashSet<>(methods);
        if (all.contains("GET")) {
            all.add("HEAD");
        }
        all.add("OPTIONS");
        return String.join(", ", all);
    }

    /** The decoded path segments; empty segments (a trailing or doubled slash) are dropped, as Jersey matches. */
    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath == null) {
            return out;
        }
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                // '+' is a literal plus in a path (URLDecoder would make it a space); %2F stays inside the segment.
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String baseUrl(HttpURI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private static Map<String, List<String>> query(Request request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field f : fields) {
            out.put(f.getName(), f.getValues());
        }
        return out;
    }

    private static Map<String, String> headers(Request request) {
        Map<String, String> out = new HashMap<>();
        for (HttpField f : request.getHeaders()) {
            out.put(f.getName().toLowerCase(Locale.ROOT), f.getValue());
        }
        return out;
    }

    private byte[] body(Request request) throws IOException {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = declared > maxBodyBytes ? null : in.readNBytes(maxBodyBytes + 1);
            if (bytes == null || bytes.length > maxBodyBytes) {
                // Read the rest before answering (up to a bound): a client still sending when the connection
                // closes would see a reset instead of the 413.
                byte[] sink = new byte[64 * 1024];
                long drained = 0;
                for (int n; drained < DRAIN_LIMIT && (n = in.read(sink)) != -1; ) {
                    drained += n;
                }
                throw new RestException(413, "Request body is larger than the limit of " + maxBodyBytes
                        + " bytes");
            }
            return bytes;
        }
    }
}
