package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.ClientSession;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.security.AuthenticationFailure;
import io.tributary.broker.security.SaslAuthentication;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.SaslAuthenticateRequestData;
import io.tributary.protocol.message.SaslAuthenticateResponseData;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * SaslAuthenticate (KIP-152): one token of the exchange the handshake chose. When the exchange completes the
 * connection takes its principal; a failure is SASL_AUTHENTICATION_FAILED with the mechanism's message, logged once,
 * and the connection closes after the answer — the client raises {@code SaslAuthenticationException} and does not
 * retry. Outside an exchange: ILLEGAL_SASL_STATE.
 */
public final class SaslAuthenticateHandler implements ApiHandler {

    private static final Logger LOG = Logger.getLogger(SaslAuthenticateHandler.class.getName());

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        SaslAuthenticateRequestData request = (SaslAuthenticateRequestData) body;
        ClientSession session = context.session();
        SaslAuthentication sasl = session.sasl();
        SaslAuthenticateResponseData response = new SaslAuthenticateResponseData().setAuthBytes(new byte[0]);
        if (sasl == null || sasl.state() != SaslAuthentication.State.AUTHENTICATE) {
            session.closeAfterAnswer();
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                    .setErrorMessage("Unexpected SaslAuthenticate: no SASL exchange is in progress"));
        }
        try {
            response.setAuthBytes(sasl.authenticate(request.authBytes()));
            if (sasl.state() == SaslAuthentication.State.COMPLETE) {
                session.authenticated(sasl.principal());
                response.setSessionLifetimeMs(sasl.sessionLifetimeMs());   // KIP-368: re-authenticate before
            }
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.NONE.code()));
        } catch (AuthenticationFailure e) {
            LOG.info(() -> "failed authentication from " + session.peer() + " on " + session.listenerName() + ": "
                    + e.reason());
            session.closeAfterAnswer();
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                    .setErrorMessage(e.getMessage()));
        }
    }

    @Override
    public boolean runsOnEventLoop() {
        return true;
    }
}
