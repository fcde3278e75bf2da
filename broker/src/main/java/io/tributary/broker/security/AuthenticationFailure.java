package io.tributary.broker.security;

/**
 * A client failed to authenticate: the message goes back to it in the SaslAuthenticate answer (Kafka's client shows
 * it in its {@code SaslAuthenticationException}) — so it never says whether the user or the password was wrong.
 */
public class AuthenticationFailure extends Exception {

    public AuthenticationFailure(String message) {
        super(message, null, false, false);
    }

    /** What went wrong, for the broker's log (may say more than the client is told). */
    public String reason() {
        return getMessage();
    }
}
