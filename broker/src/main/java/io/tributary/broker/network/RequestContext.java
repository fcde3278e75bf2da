package io.tributary.broker.network;

import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.RequestHeaderData;
import io.tributary.broker.security.KafkaPrincipal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Who sent a request and how: the API and version (responses use the same version), the header, the peer, the
 * client's session (its listener and principal), and the connection's event loop — where a handler that
 * {@linkplain ApiHandler#runsOnEventLoop runs there} goes on after a wait, so its answer is written without
 * another hand-off.
 */
public record RequestContext(ApiKey apiKey, short apiVersion, RequestHeaderData header, SocketAddress peer,
                             ScheduledExecutorService connectionLoop, ClientSession session) {

    /** The listener the request came in on: answers name brokers by their endpoints on it. */
    public String listenerName() {
        return session == null ? "PLAINTEXT" : session.listenerName();   // in-process calls have no connection
    }

    /** Who sent the request: the connection's principal (ANONYMOUS for in-process calls). */
    public KafkaPrincipal principal() {
        return session == null ? KafkaPrincipal.ANONYMOUS : session.principal();
    }

    /** The client's address, as ACL hosts name it (loopback for in-process calls). */
    public InetAddress clientAddress() {
        return peer instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress()
                : InetAddress.getLoopbackAddress();
    }

    public String clientId() {
        return header.clientId();
    }
}
