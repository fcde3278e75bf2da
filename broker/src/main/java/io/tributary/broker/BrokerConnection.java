package io.tributary.broker;

import io.tributary.broker.security.InterBrokerSecurity;
import io.tributary.protocol.ApiMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * This broker's connection to one other node's Kafka listener: requests go one at a time on a thread of its own,
 * over a {@link KafkaSocket} opened on first use, to the address the target supplier gives at that moment (a
 * different address closes the old connection); any failure closes it, and the next request connects afresh.
 */
final class BrokerConnection implements AutoCloseable {

    /** Where a request goes; may throw (with a message saying why no address is known). */
    @FunctionalInterface
    interface Target {
        InetSocketAddress address();
    }

    private final String clientId;
    private final int timeoutMs;
    private final int maxResponseBytes;
    private final InterBrokerSecurity security;
    private final ExecutorService thread;
    private KafkaSocket socket;
    private InetSocketAddress connectedTo;

    BrokerConnection(String threadName, String clientId, int timeoutMs, int maxResponseBytes,
                     InterBrokerSecurity security) {
        this.security = security;
        this.clientId = clientId;
        this.timeoutMs = timeoutMs;
        this.maxResponseBytes = maxResponseBytes;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Sends {@code request} in {@code version} to {@code target}'s address; completes with the answer, or fails with
     * what {@code failure} makes of the cause (connection, I/O or target lookup failure; or a closed connection).
     */
    CompletableFuture<ApiMessage> send(Target target, ApiMessage request, short version,
                                       java.util.function.Function<Exception, RuntimeException> failure) {
        CompletableFuture<ApiMessage> answer = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    answer.complete(exchange(target.address(), request, version));
                } catch (IOException | RuntimeException e) {
                    disconnect();
                    answer.completeExceptionally(failure.apply(e));
                }
            });
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(failure.apply(new IOException("the connection is closed")));
        }
        return answer;
    }

    private ApiMessage exchange(InetSocketAddress address, ApiMessage request, short version) throws IOException {
        if (socket != null && !address.equals(connectedTo)) {
            disconnect();
        }
        if (socket == null) {
            socket = KafkaSocket.connect(address, clientId, timeoutMs, maxResponseBytes, security);
            connectedTo = address;
        }
        return socket.exchange(request, version);
    }

    private void disconnect() {
        if (socket != null) {
            socket.close();
        }
        socket = null;
        connectedTo = null;
    }

    @Override
    public void close() {
        try {
            thread.execute(this::disconnect);
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        thread.shutdown();
    }
}
