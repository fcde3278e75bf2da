package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.ClientSession;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.security.SaslAuthentication;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.SaslHandshakeRequestData;
import io.tributary.protocol.message.SaslHandshakeResponseData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * SaslHandshake: the client names its mechanism; the answer lists the listener's enabled mechanisms. An unknown
 * mechanism is UNSUPPORTED_SASL_MECHANISM and the connection closes; a handshake on a listener without SASL, or a
 * second one (unless the session has a lifetime and the client re-authenticates, KIP-368, with the same mechanism), is
 * ILLEGAL_SASL_STATE (as Kafka answers).
 */
public final class SaslHandshakeHandler implements ApiHandler {

    private static final Logger LOG = Logger.getLogger(SaslHandshakeHandler.class.getName());

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        SaslHandshakeRequestData request = (SaslHandshakeRequestData) body;
        ClientSession session = context.session();
        SaslAuthentication sasl = session.sasl();
        SaslHandshakeResponseData response = new SaslHandshakeResponseData();
        if (sasl == null || !sasl.expectsHandshake()) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                    .setMechanisms(sasl == null ? List.of() : sasl.mechanisms().names()));
        }
        response.setMechanisms(sasl.mechanisms().names());
        if (!sasl.handshake(request.mechanism())) {
            LOG.info(() -> "closing " + session.peer() + " on " + session.listenerName() + ": it asked for SASL"
                    + " mechanism " + request.mechanism() + ", enabled are " + sasl.mechanisms().names());
            session.closeAfterAnswer();
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
        }
        return CompletableFuture.completedFuture(response.setErrorCode(Errors.NONE.code()));
    }

    @Override
    public boolean runsOnEventLoop() {
        return true;
    }
}
