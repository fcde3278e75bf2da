package io.tributary.registry.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Jetty handler that finds the route of a request, runs it, and writes its answer as JSON ({@code GET /metrics}:
 * the metrics as Prometheus text) — or the error as
 * Confluent's {@code {"error_code":N,"message":"..."}} body: unknown paths 404, a known path with another method 405,
 * bodies over the limit 413, bodies that are not the JSON expected 422, anything unforeseen 500 without a stack
 * trace (which goes to the log instead).
 */
public final class RestHandler extends Handler.Abstract {

    private static final Logger LOG = Logger.getLogger(RestHandler.class.getName());
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Bodies over the limit are still read, and discarded, up to this many bytes before the 413 is sent. */
    private static final long DRAIN_LIMIT = 256L * 1024 * 1024;

    private final List<Route> routes;
    private final ObjectMapper json;
    private final int maxBodyBytes;
    private final RequestMetrics metrics;
    private final BasicAuthentication authentication;
    private final java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);

    /** {@code authentication}: HTTP basic authentication every request must pass, or null for none. */
    public RestHandler(List<Route> routes, ObjectMapper json, int maxBodyBytes, RequestMetrics metrics,
                       BasicAuthentication authentication) {
        this.authentication = authentication;
        this.routes = List.copyOf(routes);
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
    }

    /** Lets requests through: the registry has read its store. Until then they wait (at most a minute). */
    public void open() {
        opened.countDown();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws InterruptedException {
        long start = System.nanoTime();
        int status;
        byte[] body;
        String contentType = CONTENT_TYPE;
        try {
            if (!opened.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw RegistryException.storeTimeout("The schema registry is still reading its store");
            }
            refuseUnauthenticated(request, response);
            Answer answer = answer(request);
            status = answer.status();
            body = answer.body();
            contentType = answer.contentType();
        } catch (RegistryException e) {
            status = e.httpStatus();
            body = errorBody(e.errorCode(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, request.getMethod() + " " + request.getHttpURI().getPath() + " failed", e);
            status = 500;
            body = errorBody(500, "Internal Server Error");
        }
        metrics.record(status, System.nanoTime() - start);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** 401 (with the realm's challenge) or 403 unless the request's credentials pass basic authentication. */
    private void refuseUnauthenticated(Request request, Response response) throws RegistryException {
        if (authentication == null) {
            return;
        }
        switch (authentication.check(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            case ALLOWED -> { }
            case UNAUTHORIZED -> {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + authentication.realm()
                        + "\"");
                throw new RegistryException(401, 401, "Unauthorized");
            }
            case FORBIDDEN -> throw new RegistryException(403, 403, "Forbidden: the user has no role in"
                    + " authentication.roles");
        }
    }

    private record Answer(int status, byte[] body, String contentType) {

        Answer(int status, byte[] body) {
            this(status, body, CONTENT_TYPE);
        }
    }

    private Answer answer(Request request) throws RegistryException, IOException {
        List<String> segments = segments(request.getHttpURI().getPath());
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (segments.equals(List.of("metrics")) && method.equals("GET")) {
            return new Answer(200, metrics.prometheus().getBytes(StandardCharsets.UTF_8),
                    "text/plain; version=0.0.4; charset=utf-8");
        }
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(method)) {
                continue;
            }
            String target = request.getHttpURI().getPathQuery();
            HttpCall call = new HttpCall(method, target, params, query(request), body(request), headers(request));
            try {
                Object value = route.action().answer(call);
                if (value instanceof Forwarded f) {
                    return new Answer(f.status(), f.body());
                }
                return new Answer(200, value instanceof RawJson raw ? raw.text().getBytes(StandardCharsets.UTF_8)
                        : json.writeValueAsBytes(value));
            } catch (RegistryException | IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (pathKnown) {
            throw new RegistryException(405, 405, "HTTP " + method + " is not allowed on this path");
        }
        throw new RegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                // Subjects may hold any character; clients percent-encode them, '/' as %2F included.
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
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

    private byte[] body(Request request) throws RegistryException, IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = request.getLength() > maxBodyBytes ? null : in.readNBytes(maxBodyBytes + 1);
            if (bytes == null || bytes.length > maxBodyBytes) {
                // Read the rest before answering (up to a bound): a client still sending when the connection
                // closes would see a reset instead of the 413.
                byte[] sink = new byte[64 * 1024];
                long drained = 0;
                for (int n; drained < DRAIN_LIMIT && (n = in.read(sink)) != -1; ) {
                    drained += n;
                }
                throw tooLarge();
            }
            return bytes;
        }
    }

    private RegistryException tooLarge() {
        return new RegistryException(413, 413, "Request body is larger than " + maxBodyBytes + " bytes");
    }

    private byte[] errorBody(int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message);
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return ("{\"error_code\":" + code + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
