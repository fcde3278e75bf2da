package io.tributary.broker.security;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One connection's SASL state (KIP-43/KIP-152): a SaslHandshake picks the mechanism, then SaslAuthenticate requests
 * carry the exchange until it completes or fails. Until then only ApiVersions and these two APIs are served; after
 * a failure the connection is closed once the failure is answered. With {@code connections.max.reauth.ms} (KIP-368)
 * a session lasts that long: the client re-authenticates on the same connection (same mechanism, same principal)
 * before it ends, and a connection whose session ended is closed at its next request. Used on the connection's
 * event loop only.
 */
public final class SaslAuthentication {

    /** Where the exchange is. */
    public enum State { HANDSHAKE, AUTHENTICATE, COMPLETE, FAILED }

    private final SaslMechanisms mechanisms;
    private final LongSupplier nanoClock;
    private State state = State.HANDSHAKE;
    private SaslServerMechanism exchange;
    private String mechanism;
    /** Who the connection authenticated as first; a re-authentication must say the same. */
    private KafkaPrincipal authenticated;
    private long expiresAtNanos = Long.MAX_VALUE;

    public SaslAuthentication(SaslMechanisms mechanisms) {
        this(mechanisms, System::nanoTime);
    }

    SaslAuthentication(SaslMechanisms mechanisms, LongSupplier nanoClock) {
        this.mechanisms = mechanisms;
        this.nanoClock = nanoClock;
    }

    /** Whether the session ended (KIP-368): only a re-authentication may follow. */
    public boolean expired() {
        return state == State.COMPLETE && nanoClock.getAsLong() - expiresAtNanos > 0;
    }

    /** Whether this is a re-authentication of an authenticated connection. */
    public boolean reauthenticating() {
        return authenticated != null && state != State.COMPLETE;
    }

    /** The session's lifetime to tell the client (SaslAuthenticate v1+): 0 for a session without end. */
    public long sessionLifetimeMs() {
        return mechanism == null ? 0 : mechanisms.sessionLifetimeMs(mechanism);
    }

    public State state() {
        return state;
    }

    public SaslMechanisms mechanisms() {
        return mechanisms;
    }

    /** Whether a SaslHandshake may come now: first, or to re-authenticate a session that has a lifetime. */
    public boolean expectsHandshake() {
        return state == State.HANDSHAKE || state == State.COMPLETE && sessionLifetimeMs() > 0;
    }

    /**
     * A SaslHandshake naming {@code mechanism}: whether it is enabled — and, to re-authenticate, the one the
     * connection authenticated with (if not, the connection is to close).
     */
    public boolean handshake(String mechanism) {
        Optional<SaslServerMechanism> m = mechanisms.start(mechanism);
        if (m.isEmpty() || authenticated != null && !mechanism.equals(this.mechanism)) {
            state = State.FAILED;
            return false;
        }
        this.mechanism = mechanism;
        exchange = m.get();
        state = State.AUTHENTICATE;
        return true;
    }

    /** A SaslAuthenticate token; returns the server's token. On failure the state is FAILED. */
    public byte[] authenticate(byte[] clientToken) throws AuthenticationFailure {
        try {
            byte[] answer = exchange.evaluate(clientToken);
            if (exchange.isComplete()) {
                if (authenticated != null && !authenticated.equals(exchange.principal())) {
                    throw new AuthenticationFailure("Cannot change principals during re-authentication from "
                            + authenticated + " to " + exchange.principal());
                }
                authenticated = exchange.principal();
                state = State.COMPLETE;
                long lifetime = sessionLifetimeMs();
                expiresAtNanos = lifetime > 0 ? nanoClock.getAsLong() + lifetime * 1_000_000 : Long.MAX_VALUE;
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
