package io.tributary.broker.security.oauthbearer;

/**
 * A token failed validation. The message says why, for the broker's log only: the client is told no more than
 * {@code invalid_token}, as Kafka tells it.
 */
public final class InvalidJwtException extends Exception {

    public InvalidJwtException(String reason) {
        super(reason, null, false, false);
    }
}
