package io.tributary.cluster.metadata;

import java.util.Objects;

/**
 * A user's SCRAM credential for one mechanism was created or replaced. Type 10.
 *
 * @param user       the user name (the {@code User:} principal's name)
 * @param mechanism  SCRAM-SHA-256 or SCRAM-SHA-512
 * @param credential salt, stored key, server key and iterations (never the password)
 */
public record UserScramCredentialRecord(String user, ScramMechanism mechanism, ScramCredential credential)
        implements MetadataRecord {
    public UserScramCredentialRecord {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(credential, "credential");
    }
}
