package io.tributary.broker.security;

import java.time.Clock;
import java.util.Optional;

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
    private final Clock clock;
    private State state = State.HANDSHAKE;
    private SaslServerMechanism exchange;
    private String mechanism;
    /** Who the connection authenticated as first; a re-authentication must say the same. */
    private KafkaPrincipal authenticated;
    private long expiresAtMs = Long.MAX_VALUE;
    private long lifetimeMs;

    public SaslAuthentication(SaslMechanisms mechanisms) {
        this(mechanisms, Clock.systemUTC());
    }

    SaslAuthentication(SaslMechanisms mechanisms, Clock clock) {
        this.mechanisms = mechanisms;
        this.clock = clock;
    }

    /** Whether the session ended (KIP-368): only a re-authentication may follow. */
    public boolean expired() {
        return state == State.COMPLETE && clock.millis() > expiresAtMs;
    }

    /** Whether this is a re-authentication of an authenticated connection. */
    public boolean reauthenticating() {
        return authenticated != null && state != State.COMPLETE;
    }

    /**
     * The session's lifetime to tell the client (SaslAuthenticate v1+): 0 for a session without end. With
     * re-authentication on, a session ends no later than its credential (an OAUTHBEARER token's expiry), as in Kafka.
     */
    public long sessionLifetimeMs() {
        return lifetimeMs;
    }

    public State state() {
        return state;
    }

    public SaslMechanisms mechanisms() {
        return mechanisms;
    }

    /** Whether a SaslHandshake may come now: first, or to re-authenticate a session that has a lifetime. */
    public boolean expectsHandshake() {
        return state == State.HANDSHAKE || state == State.COMPLETE && lifetimeMs > 0;
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
                long now = clock.millis();
                long configured = mechanisms.sessionLifetimeMs(mechanism);
                lifetimeMs = configured <= 0 ? 0
                        : Math.max(1, Math.min(configured, exchange.credentialExpiresAtMs() - now));
                expiresAtMs = lifetimeMs > 0 ? now + lifetimeMs : Long.MAX_VALUE;
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
