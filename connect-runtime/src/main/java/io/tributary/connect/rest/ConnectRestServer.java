package io.tributary.connect.rest;

import io.tributary.connect.herder.Herder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The worker's REST server: Kafka Connect's REST API on Jetty (core handlers, no servlets) on each of the worker's
 * {@code listeners}, answering from the {@link Herder}.
 *
 * <p>Lifecycle: construct (listeners are checked here: a malformed one, or an https one without a key store, fails
 * with a {@link org.apache.kafka.common.config.ConfigException}), {@link #start()} (binds; a port in use fails here),
 * {@link #markReady()} once the herder has started (until then {@code GET /health} is 503 "starting", and requests
 * that need connector state wait for it), {@link #stop()}.
 */
public final class ConnectRestServer {

    private static final Logger LOG = Logger.getLogger(ConnectRestServer.class.getName());
    private static final int STOP_GRACE_SECONDS = 5;

    private final RestConfig config;
    private final List<Listener> listeners;
    private final Server server;
    private final List<ServerConnector> connectors = new ArrayList<>();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final RestHandler handler;
    private boolean started;

    public ConnectRestServer(Herder herder, RestConfig config) {
        this(herder, config, new LoggerLevels());
    }

    public ConnectRestServer(Herder herder, RestConfig config, LoggerLevels loggers) {
        this.config = config;
        this.listeners = config.listeners().stream().map(Listener::parse).toList();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
        threads.setName("connect-rest");
        // Daemon threads: the worker's own lifecycle, not a forgotten REST server, decides when the JVM exits.
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Connector names may hold characters clients percent-encode, '/' (%2F) among them.
        http.setUriCompliance(UriCompliance.LEGACY.with("encoded-slash",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        for (Listener listener : listeners) {
            ServerConnector connector = listener.protocol().equals(Listener.HTTPS)
                    ? new ServerConnector(server, new SslConnectionFactory(config.tls().server(), "http/1.1"),
                            new HttpConnectionFactory(https(http)))
                    : new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setName(listener.protocol() + "_" + listener.host() + listener.port());
            connector.setHost(listener.wildcard() ? null : listener.host());
            connector.setPort(listener.port());
            server.addConnector(connector);
            connectors.add(connector);
        }
        List<Route> routes = new ArrayList<>(new WorkerRoutes(herder, loggers, ready::get).routes());
        routes.addAll(new ConnectorRoutes(herder, config).routes());
        this.handler = new RestHandler(routes, new LeaderForwarder(config.forwardTimeout(), config.tls()),
                config.maxBodyBytes(), ready::get, config.forwardTimeout());
        server.setHandler(config.basicAuth() == null ? handler : config.basicAuth().guard(handler));
        server.setErrorHandler(new JsonErrorHandler());
        // Graceful stop is done by stop() itself (requests under way), not by Jetty, which would also wait for
        // every idle keep-alive connection to close.
        server.setStopTimeout(0);
    }

    /** The HTTP settings of an https listener: those of http, plus the TLS session's details on each request. */
    private static HttpConfiguration https(HttpConfiguration http) {
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);   // workers are often reached by IP address or another name than the cert's
        https.addCustomizer(secure);
        return https;
    }

    /** Binds every listener and starts serving. */
    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("Unable to start the REST server on " + config.listeners() + ": " + e, e);
        }
        started = true;
        LOG.info("REST server listening on " + listenerUrls() + ", advertising URL " + advertisedUrl());
    }

    /** KIP-1017: the worker has completed startup; {@code GET /health} answers 200 "healthy" from now on. */
    public void markReady() {
        ready.set(true);
    }

    public boolean isReady() {
        return ready.get();
    }

    /** Stops serving: requests under way are given {@value #STOP_GRACE_SECONDS} s to be answered first. */
    public synchronized void stop() {
        ready.set(false);
        try {
            handler.awaitIdle(Duration.ofSeconds(STOP_GRACE_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopQuietly();
        started = false;
        LOG.info("REST server stopped");
    }

    /** The port of the first listener: the one bound when it was configured as 0. */
    public int port() {
        ServerConnector first = connectors.get(0);
        int local = first.getLocalPort();
        return local > 0 ? local : listeners.get(0).port();
    }

    /** Each listener's URL with the port actually bound. */
    public List<URI> listenerUrls() {
        List<URI> out = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            int port = connectors.get(i).getLocalPort() > 0 ? connectors.get(i).getLocalPort() : l.port();
            out.add(URI.create(l.protocol() + "://" + hostForUrl(l.wildcard() ? "0.0.0.0" : l.host()) + ":" + port
                    + "/"));
        }
        return out;
    }

    /**
     * The URL other workers forward to and clients are given, Kafka Connect's way: scheme from
     * {@code rest.advertised.listener} (default http), host from {@code rest.advertised.host.name} else the first
     * listener's host, port from {@code rest.advertised.port} else the first listener's bound port. A listener on
     * every interface has no host to give, so this machine's address is advertised, as Jetty reports it (set
     * {@code rest.advertised.host.name} when workers run on several hosts). Ends with "/", as Kafka's does.
     */
    public URI advertisedUrl() {
        Listener first = listeners.get(0);
        String scheme = config.advertisedListener() == null ? Listener.HTTP
                : config.advertisedListener().toLowerCase(Locale.ROOT);
        String host = config.advertisedHostName();
        if (host == null || host.isEmpty()) {
            host = first.wildcard() ? localAddress() : first.host();
        }
        int port = config.advertisedPort() != null ? config.advertisedPort() : port();
        return URI.create(scheme + "://" + hostForUrl(host) + ":" + port + "/");
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warning("Error while stopping the REST server: " + e);
        }
    }

    /**
     * Errors Jetty answers itself, before the handler (a URI it cannot parse, headers too large), in Kafka
     * Connect's JSON error body rather than Jetty's HTML page.
     */
    private static final class JsonErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) throws IOException {
            String text = message != null ? message : "HTTP " + code;
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, RestHandler.JSON);
            response.write(true, ByteBuffer.wrap(Json.error(code, text)), callback);
        }
    }
}
