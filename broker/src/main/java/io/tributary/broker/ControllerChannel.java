package io.tributary.broker;

import io.tributary.broker.security.InterBrokerSecurity;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ApiKey;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * This broker's connection to the active controller, for the commands its own quorum member may not run
 * (NOT_CONTROLLER): a {@link BrokerConnection} to the controller's Kafka listener.
 *
 * <p>Requests go one at a time on a thread of their own ({@code controller-channel}), each with a deadline of
 * {@code requestTimeoutMs} for connecting and for the answer. Before each request the controller is looked up again
 * ({@link Locator}); a different controller, or any failure, closes the connection, and the next request connects
 * afresh. A failure completes the request's future with a {@link ControllerUnavailableException}; retrying (and
 * acting on a NOT_CONTROLLER answer) is the caller's.
 */
final class ControllerChannel implements AutoCloseable {

    private static final int MAX_RESPONSE_BYTES = 16 << 20;

    /** Where the active controller's Kafka listener is, as far as this node knows. */
    @FunctionalInterface
    interface Locator {
        /** @throws ControllerUnavailableException saying why no address is known */
        Target locate();
    }

    /** The controller's id and the address of its Kafka listener. */
    record Target(int nodeId, InetSocketAddress address) {
        @Override
        public String toString() {
            return "node " + nodeId + " at " + address.getHostString() + ":" + address.getPort();
        }
    }

    private final Locator locator;
    private final BrokerConnection connection;

    ControllerChannel(Locator locator, String clientId, int requestTimeoutMs, InterBrokerSecurity security) {
        this.locator = locator;
        this.connection = new BrokerConnection("controller-channel", clientId, requestTimeoutMs, MAX_RESPONSE_BYTES,
                security);
    }

    /**
     * The active controller as {@code node} knows it: its id from the quorum, its Kafka listener from its broker
     * registration in the committed image ({@code listener}: the inter-broker listener's name).
     */
    static Locator locator(MetadataNode node, String listener) {
        return () -> {
            OptionalInt id = node.controllerId();
            if (id.isEmpty()) {
                throw new ControllerUnavailableException("no active controller is known yet (quorum election)");
            }
            if (id.getAsInt() == node.nodeId()) {
                // this node's own controller is taking over: the caller runs the command locally again
                throw new ControllerUnavailableException("this node is becoming the active controller");
            }
            BrokerRegistration controller = node.image().broker(id.getAsInt());
            Endpoint e = controller == null ? null : controller.endpoint(listener);
            if (e != null) {
                return new Target(id.getAsInt(), new InetSocketAddress(e.host(), e.port()));
            }
            throw new ControllerUnavailableException("the active controller, node " + id.getAsInt()
                    + ", has not registered its Kafka listener yet");
        };
    }

    /**
     * Sends {@code request} in {@code version} to the active controller; completes with its answer (which may carry
     * NOT_CONTROLLER) or fails with {@link ControllerUnavailableException}.
     */
    CompletableFuture<ApiMessage> send(ApiMessage request, short version) {
        String api = ApiKey.forId(request.apiKey()).name();
        Target[] target = new Target[1];
        return connection.send(() -> {
            target[0] = locator.locate();
            return target[0].address();
        }, request, version, e -> e instanceof ControllerUnavailableException c ? c
                : new ControllerUnavailableException(api + " to the controller (" + target[0] + ") failed: " + e, e));
    }

    @Override
    public void close() {
        connection.close();
    }
}
