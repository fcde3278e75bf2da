package io.tributary.cluster.metadata;

import java.util.Objects;

/**
 * One listener a broker accepts clients on, as it registered it.
 *
 * @param listener         the listener name ({@code PLAINTEXT}, {@code SSL}, or a custom name)
 * @param host             the advertised host
 * @param port             the advertised port
 * @param securityProtocol Kafka's security protocol id (0 PLAINTEXT, 1 SSL, 2 SASL_PLAINTEXT, 3 SASL_SSL)
 */
public record Endpoint(String listener, String host, int port, short securityProtocol) {
    public Endpoint {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
