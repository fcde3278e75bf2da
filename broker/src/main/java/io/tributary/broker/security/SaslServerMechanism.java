package io.tributary.broker.security;

/**
 * The server side of one SASL exchange on one connection (RFC 4422): the client's tokens arrive in
 * SaslAuthenticate requests, each answer's token goes back in the response. One instance per attempt.
 */
public interface SaslServerMechanism {

    /** Evaluates the client's next token; returns the server's (empty when it has nothing to say). */
    byte[] evaluate(byte[] clientToken) throws AuthenticationFailure;

    /** Whether the exchange finished successfully. */
    boolean isComplete();

    /** Who the client authenticated as; valid once {@link #isComplete()}. */
    KafkaPrincipal principal();

    /** When the credential presented expires (epoch ms; a token's {@code exp}), or {@link Long#MAX_VALUE}. */
    default long credentialExpiresAtMs() {
        return Long.MAX_VALUE;
    }
}
