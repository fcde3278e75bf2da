package io.tributary.cluster.metadata;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the cluster keeps of one user's password for one SCRAM mechanism (RFC 5802): enough to check a login and
 * to prove the server knows it, never the password. {@link #toString()} shows none of the bytes.
 *
 * @param salt       the salt the client derived the salted password with
 * @param storedKey  H(ClientKey)
 * @param serverKey  HMAC(SaltedPassword, "Server Key")
 * @param iterations the iteration count of Hi
 */
public record ScramCredential(byte[] salt, byte[] storedKey, byte[] serverKey, int iterations) {

    public ScramCredential {
        salt = Objects.requireNonNull(salt, "salt").clone();
        storedKey = Objects.requireNonNull(storedKey, "storedKey").clone();
        serverKey = Objects.requireNonNull(serverKey, "serverKey").clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential c && iterations == c.iterations && Arrays.equals(salt, c.salt)
                && Arrays.equals(storedKey, c.storedKey) && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(salt), Arrays.hashCode(storedKey), Arrays.hashCode(serverKey),
                iterations);
    }

    @Override
    public String toString() {
        return "ScramCredential(salt=[hidden], storedKey=[hidden], serverKey=[hidden], iterations=" + iterations + ")";
    }
}
