package io.tributary.broker.security;

import java.util.Optional;

/**
 * One connection's SASL state (KIP-43/KIP-152): a SaslHandshake picks the mechanism, then SaslAuthenticate requests
 * carry the exchange until it completes or fails. Until then only ApiVersions and these two APIs are served; after
 * a failure the connection is closed once the failure is answered. Used on the connection's event loop only.
 */
public final class SaslAuthentication {

    /** Where the exchange is. */
    public enum State { HANDSHAKE, AUTHENTICATE, COMPLETE, FAILED }

    private final SaslMechanisms mechanisms;
    private State state = State.HANDSHAKE;
    private SaslServerMechanism exchange;

    public SaslAuthentication(SaslMechanisms mechanisms) {
        this.mechanisms = mechanisms;
    }

    public State state() {
        return state;
    }

    public SaslMechanisms mechanisms() {
        return mechanisms;
    }

    /** A SaslHandshake naming {@code mechanism}: whether it is enabled (if not, the connection is to close). */
    public boolean handshake(String mechanism) {
        Optional<SaslServerMechanism> m = mechanisms.start(mechanism);
        if (m.isEmpty()) {
            state = State.FAILED;
            return false;
        }
        exchange = m.get();
        state = State.AUTHENTICATE;
        return true;
    }

    /** A SaslAuthenticate token; returns the server's token. On failure the state is FAILED. */
    public byte[] authenticate(byte[] clientToken) throws AuthenticationFailure {
        try {
            byte[] answer = exchange.evaluate(clientToken);
            if (exchange.isComplete()) {
                state = State.COMPLETE;
            }
            return answer;
        } catch (AuthenticationFailure | RuntimeException e) {
            state = State.FAILED;
            throw e instanceof AuthenticationFailure f ? f
                    : new AuthenticationFailure("Authentication failed: malformed SASL token");
        }
    }

    /** The authenticated principal, once COMPLETE. */
    public KafkaPrincipal principal() {
        return exchange.principal();
    }
}
