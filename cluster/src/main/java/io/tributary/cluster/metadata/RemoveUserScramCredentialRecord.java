package io.tributary.cluster.metadata;

import java.util.Objects;

/**
 * A user's SCRAM credential for one mechanism was deleted. Type 11.
 *
 * @param user      the user name
 * @param mechanism the mechanism whose credential goes
 */
public record RemoveUserScramCredentialRecord(String user, ScramMechanism mechanism) implements MetadataRecord {
    public RemoveUserScramCredentialRecord {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(mechanism, "mechanism");
    }
}
