package io.tributary.broker.handler;

import io.tributary.broker.group.ClientInfo;
import io.tributary.broker.network.RequestContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The {@link ClientInfo} of a group request: client id, the peer host as Kafka shows it, the API version. */
final class GroupClients {

    private GroupClients() {
    }

    static ClientInfo of(RequestContext context) {
        SocketAddress peer = context.peer();
        String host = peer instanceof InetSocketAddress a && a.getAddress() != null
                ? "/" + a.getAddress().getHostAddress() : String.valueOf(peer);
        String clientId = context.clientId() == null ? "" : context.clientId();
        return new ClientInfo(clientId, host, context.apiVersion());
    }
}
