package io.tributary.registry.rest;

import io.tributary.registry.tls.TlsSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The registry's HTTP (or HTTPS) listener: Jetty with one core handler, no servlets. */
public final class RestServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    /** A listener on {@code listener}; {@code tls} for an https one (else null). */
    public RestServer(URI listener, TlsSettings tls) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4, 60_000);
        threads.setName("schema-registry-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Subject names may contain '/', which clients send as %2F inside one path segment.
        http.setUriCompliance(UriCompliance.LEGACY.with("encoded-slash",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        this.connector = tls == null ? new ServerConnector(server, 1, 1, new HttpConnectionFactory(http))
                : new ServerConnector(server, 1, 1, new SslConnectionFactory(tls.server(), "http/1.1"),
                        new HttpConnectionFactory(http));
        String host = listener.getHost();
        connector.setHost(host == null || host.equals("0.0.0.0") ? null : host);
        connector.setPort(listener.getPort() < 0 ? 8081 : listener.getPort());
        server.addConnector(connector);
        server.setStopTimeout(2_000);
    }

    /** Binds the listener (a port in use fails here, before anything serves); returns the address bound. */
    public InetSocketAddress bind() throws Exception {
        connector.open();
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(),
                connector.getLocalPort());
    }

    /** Serves requests with {@code handler} on the bound listener. */
    public void serve(RestHandler handler) throws Exception {
        server.setHandler(handler);
        server.start();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}
