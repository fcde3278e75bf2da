package io.tributary.broker.security.oauthbearer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JWKS of {@code sasl.oauthbearer.jwks.endpoint.url}, kept current off the event loops: read once when the listener
 * starts (an unreadable or empty document fails the start), then by one daemon thread — an {@code https:} document
 * every {@code sasl.oauthbearer.jwks.endpoint.refresh.ms}, a {@code file:} document whenever its modification time or
 * size changes (checked every second, or every refresh.ms if that is shorter). A failed refresh keeps the keys it had
 * and retries after {@code ...retry.backoff.ms}, doubling up to {@code ...retry.backoff.max.ms}. A token naming a
 * {@code kid} the document lacks asks for an early refresh (at most one per backoff-max interval) — the key an
 * identity provider has just rotated in then works for the next login, though not for this one.
 */
public final class RefreshingJwks implements VerificationKeys, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RefreshingJwks.class.getName());
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final long refreshMs;
    private final long backoffMs;
    private final long backoffMaxMs;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService thread;
    private volatile JsonWebKeys keys;
    private volatile long lastEarlyRefreshMs = Long.MIN_VALUE / 2;
    private String fileVersion;
    private long failures;

    private RefreshingJwks(URI uri, long refreshMs, long backoffMs, long backoffMaxMs, Clock clock, HttpClient http) {
        this.uri = uri;
        this.refreshMs = refreshMs;
        this.backoffMs = backoffMs;
        this.backoffMaxMs = backoffMaxMs;
        this.clock = clock;
        this.http = http;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jwks-refresh " + uri);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads the document at {@code uri} ({@code https:} or {@code file:}) and starts refreshing it.
     * {@link IOException}: it cannot be read; {@link IllegalArgumentException}: it is no usable JWKS.
     */
    public static RefreshingJwks start(URI uri, long refreshMs, long backoffMs, long backoffMaxMs, Clock clock)
            throws IOException {
        // the JVM's default trust store checks an https: endpoint's certificate (javax.net.ssl.trustStore)
        HttpClient http = "file".equals(uri.getScheme()) ? null : HttpClient.newBuilder()
                .connectTimeout(HTTP_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        return start(uri, refreshMs, backoffMs, backoffMaxMs, clock, http);
    }

    /** As above, fetching {@code https:} documents with {@code http} (a test's, trusting its own certificate). */
    static RefreshingJwks start(URI uri, long refreshMs, long backoffMs, long backoffMaxMs, Clock clock,
                                HttpClient http) throws IOException {
        RefreshingJwks jwks = new RefreshingJwks(uri, refreshMs, backoffMs, backoffMaxMs, clock, http);
        try {
            jwks.refresh();
        } catch (IOException | RuntimeException e) {
            jwks.close();
            throw e;
        }
        jwks.thread.schedule(jwks::scheduledRefresh, jwks.interval(), TimeUnit.MILLISECONDS);
        return jwks;
    }

    @Override
    public Optional<PublicKey> find(String kid, JwsAlgorithm alg) {
        Optional<PublicKey> key = keys.select(kid, alg);
        long now = clock.millis();
        if (key.isEmpty() && kid != null && now - lastEarlyRefreshMs >= backoffMaxMs && !thread.isShutdown()) {
            lastEarlyRefreshMs = now;
            try {
                thread.execute(this::quietRefresh);
            } catch (RejectedExecutionException e) {
                // closed meanwhile (the listener is stopping): the login fails on the keys it has
            }
        }
        return key;
    }

    /** The keys read last. */
    public JsonWebKeys keys() {
        return keys;
    }

    /** Reads the document again (a file only if it changed); whether the keys were replaced. On the refresh thread. */
    synchronized boolean refresh() throws IOException {
        String document;
        if (isFile()) {
            Path path = Path.of(uri);
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            String version = attributes.lastModifiedTime() + "/" + attributes.size();
            if (version.equals(fileVersion)) {
                return false;
            }
            document = Files.readString(path);
            fileVersion = version;
        } else {
            document = fetch();
        }
        JsonWebKeys parsed = JsonWebKeys.parse(document);
        if (!parsed.skipped().isEmpty()) {
            LOG.info(() -> "JWKS " + uri + ": skipped " + parsed.skipped());
        }
        keys = parsed;
        return true;
    }

    private String fetch() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + uri);
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri);
        }
    }

    private void scheduledRefresh() {
        long next = interval();
        if (quietRefresh()) {
            failures = 0;
        } else {
            failures++;
            next = Math.min(backoffMaxMs, backoffMs << Math.min(failures - 1, 20));
        }
        if (!thread.isShutdown()) {
            thread.schedule(this::scheduledRefresh, next, TimeUnit.MILLISECONDS);
        }
    }

    private boolean quietRefresh() {
        try {
            if (refresh()) {
                LOG.fine(() -> "JWKS " + uri + " reloaded: " + keys.size() + " keys");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (thread.isShutdown()) {
                return false; // closing interrupted the fetch: nothing went wrong
            }
            // keep the keys we have: an identity provider's brief outage must not lock every client out
            LOG.log(Level.WARNING, "could not refresh the JWKS " + uri + " (keeping the keys read before): " + e);
            return false;
        }
    }

    private long interval() {
        return isFile() ? Math.min(refreshMs, 1000) : refreshMs;
    }

    private boolean isFile() {
        return "file".equals(uri.getScheme());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
