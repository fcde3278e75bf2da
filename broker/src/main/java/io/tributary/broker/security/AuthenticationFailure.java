package io.tributary.broker.security;

/**
 * A client failed to authenticate: the message goes back to it in the SaslAuthenticate answer (Kafka's client shows
 * it in its {@code SaslAuthenticationException}) — so it never says whether the user or the password was wrong.
 */
public class AuthenticationFailure extends Exception {

    private final String reason;

    public AuthenticationFailure(String message) {
        this(message, message);
    }

    /** A failure whose {@code message} goes to the client and whose {@code reason} only to the broker's log. */
    public AuthenticationFailure(String message, String reason) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** What went wrong, for the broker's log (may say more than the client is told). */
    public String reason() {
        return reason;
    }
}
