package io.tributary.broker;

import io.tributary.broker.security.InterBrokerSecurity;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ApiKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests this broker sends to other brokers' Kafka listeners as a Kafka broker does — transaction markers to the
 * leaders of a transaction's partitions (WriteTxnMarkers), a partition leader's transaction check to the transaction
 * coordinator (AddPartitionsToTxn): one {@link BrokerConnection} per destination ({@code broker-channel-<id>}), the
 * address looked up in the committed image at each request. A failure completes the future with an
 * {@link UncheckedIOException}; retrying is the caller's.
 */
public final class InterBrokerClient implements AutoCloseable {

    private static final int MAX_RESPONSE_BYTES = 16 << 20;

    private final MetadataNode metadata;
    /** The inter-broker listener's name: every broker registers it. */
    private final String listener;
    private final String clientId;
    private final int timeoutMs;
    private final InterBrokerSecurity security;
    private final Map<Integer, BrokerConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    InterBrokerClient(MetadataNode metadata, String listener, String clientId, int timeoutMs,
                      InterBrokerSecurity security) {
        this.metadata = metadata;
        this.security = security;
        this.listener = listener;
        this.clientId = clientId;
        this.timeoutMs = timeoutMs;
    }

    /** Sends {@code request} in {@code version} to broker {@code brokerId}; completes with its answer. */
    public CompletableFuture<ApiMessage> send(int brokerId, ApiMessage request, short version) {
        if (closed) {
            return CompletableFuture.failedFuture(new UncheckedIOException(new IOException("closed")));
        }
        BrokerConnection connection = connections.computeIfAbsent(brokerId, id -> new BrokerConnection(
                "broker-channel-" + id, clientId, timeoutMs, MAX_RESPONSE_BYTES, security));
        String api = ApiKey.forId(request.apiKey()).name();
        return connection.send(() -> kafkaAddress(brokerId), request, version, e -> new UncheckedIOException(
                new IOException(api + " to broker " + brokerId + " failed: " + e, e)));
    }

    /** A broker's Kafka listener as it registered it; throws if it has none (yet). */
    InetSocketAddress kafkaAddress(int brokerId) {
        BrokerRegistration b = metadata.image().broker(brokerId);
        Endpoint e = b == null ? null : b.endpoint(listener);
        if (e == null) {
            throw new IllegalStateException("broker " + brokerId + " has no registered " + listener
                    + " listener");
        }
        return new InetSocketAddress(e.host(), e.port());
    }

    @Override
    public void close() {
        closed = true;
        connections.values().forEach(BrokerConnection::close);
        connections.clear();
    }
}
