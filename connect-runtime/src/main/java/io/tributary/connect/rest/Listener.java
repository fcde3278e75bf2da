package io.tributary.connect.rest;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * One entry of the worker's {@code listeners}: {@code protocol://host:port}, protocol {@code http} or {@code https}
 * (its TLS from {@link RestTls}). An empty host ({@code http://:8083},
 * Kafka's default) or a wildcard one ({@code 0.0.0.0}, {@code [::]}) listens on every interface; IPv6 hosts come in
 * brackets; port 0 takes an ephemeral port.
 */
record Listener(String protocol, String host, int port) {

    static final String HTTP = "http";
    static final String HTTPS = "https";

    /** Parses a listener, failing with a {@link ConfigException} naming it when it is not of the form above. */
    static Listener parse(String listener) {
        String text = listener.trim();
        int sep = text.indexOf("://");
        if (sep <= 0) {
            throw invalid(listener, "it does not have the right format (protocol://hostname:port)");
        }
        String protocol = text.substring(0, sep).toLowerCase(Locale.ROOT);
        String hostPort = text.substring(sep + 3);
        if (hostPort.endsWith("/")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1);
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(listener, "it has no port (protocol://hostname:port)");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(listener, "an IPv6 host must be written in brackets, e.g. http://[::1]:8083");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(listener, "its port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw invalid(listener, "its port is out of range");
        }
        if (!protocol.equals(HTTP) && !protocol.equals(HTTPS)) {
            throw invalid(listener, "its protocol must be \"http\" or \"https\"");
        }
        return new Listener(protocol, host, port);
    }

    /** Whether this listener binds every interface (so its host is no address to advertise). */
    boolean wildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static ConfigException invalid(String listener, String why) {
        return new ConfigException("listeners", listener, "Invalid REST listener: " + why);
    }
}
