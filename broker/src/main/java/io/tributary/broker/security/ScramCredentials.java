package io.tributary.broker.security;

import io.tributary.cluster.metadata.ScramCredential;
import io.tributary.cluster.metadata.ScramMechanism;
import java.util.Optional;

/** Where {@link ScramServer} finds the stored credential of a user logging in. */
@FunctionalInterface
public interface ScramCredentials {

    /** The credential {@code user} logs in with over {@code mechanism}; empty when it has none. */
    Optional<ScramCredential> find(String user, ScramMechanism mechanism);
}
