package io.tributary.broker.security;

/**
 * A SCRAM login failed. {@link #getMessage()} is what the client may be told (Kafka's wording, the same for a wrong
 * password, an unknown user and a malformed or tampered message, so it reveals nothing); {@link #reason()} says
 * what actually went wrong, for the broker's log. Neither ever holds a password, proof or key.
 */
public final class ScramAuthenticationException extends AuthenticationFailure {

    private final String reason;

    ScramAuthenticationException(String clientMessage, String reason) {
        super(clientMessage);
        this.reason = reason;
    }

    /** What went wrong, for the broker's log only (it may say that a user does not exist). */
    @Override
    public String reason() {
        return reason;
    }
}
