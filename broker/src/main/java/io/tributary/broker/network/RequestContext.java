package io.tributary.broker.network;

import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.RequestHeaderData;
import java.net.SocketAddress;

/**
 * Who sent a request and how: the API and version (responses use the same version), the header, the peer.
 */
public record RequestContext(ApiKey apiKey, short apiVersion, RequestHeaderData header, SocketAddress peer) {

    public String clientId() {
        return header.clientId();
    }
}
