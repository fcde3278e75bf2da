package io.tributary.broker.security.oauthbearer;

import java.security.PublicKey;
import java.util.Optional;

/** Where a validator finds the public key a token's signature is checked with. */
@FunctionalInterface
public interface VerificationKeys {

    /** The key for a token whose header names {@code kid} (may be null) and {@code alg}; empty if there is none. */
    Optional<PublicKey> find(String kid, JwsAlgorithm alg);
}
