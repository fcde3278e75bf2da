package io.tributary.broker.security;

import io.tributary.cluster.metadata.ScramMechanism;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Makes one {@link ScramServer} per SCRAM login on a broker: all share the credential lookup, the random source
 * and the secret unknown users' fake salts come from (drawn once here, so an unknown user sees the same salt on
 * every attempt while this broker runs, as a real user would).
 */
public final class ScramServerFactory {

    private final ScramCredentials credentials;
    private final SecureRandom random;
    private final byte[] fakeSaltKey = new byte[32];

    public ScramServerFactory(ScramCredentials credentials, SecureRandom random) {
        this.credentials = credentials;
        this.random = random;
        random.nextBytes(fakeSaltKey);
    }

    /** A server for a login with {@code mechanism}. */
    public ScramServer create(ScramMechanism mechanism) {
        return new ScramServer(mechanism, credentials, random, fakeSaltKey);
    }

    /** A server for the mechanism SaslHandshake named ({@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}); empty if not SCRAM. */
    public Optional<ScramServer> create(String mechanismName) {
        return ScramMechanism.forMechanismName(mechanismName).map(this::create);
    }
}
