package io.tributary.broker.security;

import io.tributary.cluster.metadata.ScramMechanism;
import java.security.SecureRandom;

/**
 * The client side of one SASL login this broker makes to another node (inter-broker traffic): the tokens it sends
 * in SaslAuthenticate, one per round, until {@link #isComplete()}.
 */
public interface SaslClientMechanism {

    /** The first token. */
    byte[] initialResponse();

    /** The next token for the server's {@code challenge}; empty when there is nothing more to send. */
    byte[] evaluate(byte[] challenge) throws AuthenticationFailure;

    /** Whether the login is done on the client's side (and, for SCRAM, the server proved it knows the password). */
    boolean isComplete();

    /** A login with {@code mechanism} (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) as {@code user}. */
    static SaslClientMechanism of(String mechanism, String user, String password, SecureRandom random) {
        if (mechanism.equals(SaslMechanisms.PLAIN)) {
            return new PlainClient(user, password);
        }
        ScramMechanism scram = ScramMechanism.forMechanismName(mechanism).orElseThrow(() ->
                new IllegalArgumentException("SASL mechanism " + mechanism + " cannot be used between brokers"
                        + " (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)"));
        return new ScramClient(scram, user, password, random);
    }
}
