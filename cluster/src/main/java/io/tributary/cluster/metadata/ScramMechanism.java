package io.tributary.cluster.metadata;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SCRAM mechanism (RFC 5802 with the hash of RFC 7677 / RFC 5802's SHA-512 variant), with Kafka's type ids as
 * AlterUserScramCredentials, DescribeUserScramCredentials and the metadata records carry them, and the key
 * derivations the controller (storing a credential) and the broker (checking a login) share:
 *
 * <pre>
 * SaltedPassword = Hi(password, salt, iterations)        (PBKDF2 with HMAC-H; the client computes it)
 * ClientKey      = HMAC(SaltedPassword, "Client Key")
 * StoredKey      = H(ClientKey)
 * ServerKey      = HMAC(SaltedPassword, "Server Key")
 * </pre>
 */
public enum ScramMechanism {
    SCRAM_SHA_256((byte) 1, "SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 256),
    SCRAM_SHA_512((byte) 2, "SCRAM-SHA-512", "SHA-512", "HmacSHA512", "PBKDF2WithHmacSHA512", 512);

    /** Kafka's lower bound on the iteration count of both mechanisms. */
    public static final int MIN_ITERATIONS = 4096;
    /** Kafka's controller refuses more iterations than this (UNACCEPTABLE_CREDENTIAL). */
    public static final int MAX_ITERATIONS = 16384;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private final byte type;
    private final String mechanismName;
    private final String hashAlgorithm;
    private final String macAlgorithm;
    private final String pbkdf2Algorithm;
    private final int hashBits;

    ScramMechanism(byte type, String mechanismName, String hashAlgorithm, String macAlgorithm,
                   String pbkdf2Algorithm, int hashBits) {
        this.type = type;
        this.mechanismName = mechanismName;
        this.hashAlgorithm = hashAlgorithm;
        this.macAlgorithm = macAlgorithm;
        this.pbkdf2Algorithm = pbkdf2Algorithm;
        this.hashBits = hashBits;
    }

    /** Kafka's ScramMechanism type id: 1 for SCRAM-SHA-256, 2 for SCRAM-SHA-512. */
    public byte type() {
        return type;
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** The mechanism of a Kafka type id; empty for 0 (Kafka's UNKNOWN) and any other unknown id. */
    public static Optional<ScramMechanism> forType(byte type) {
        return Arrays.stream(values()).filter(m -> m.type == type).findFirst();
    }

    /** The mechanism of a SASL mechanism name (exact, as SaslHandshake sends it); empty if none. */
    public static Optional<ScramMechanism> forMechanismName(String name) {
        return Arrays.stream(values()).filter(m -> m.mechanismName.equals(name)).findFirst();
    }

    /** H(data). */
    public byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(hashAlgorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hashAlgorithm + " is part of every JDK", e);
        }
    }

    /** HMAC(key, data). */
    public byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macAlgorithm + " is part of every JDK", e);
        }
    }

    /** StoredKey = H(HMAC(SaltedPassword, "Client Key")). */
    public byte[] storedKey(byte[] saltedPassword) {
        return hash(hmac(saltedPassword, CLIENT_KEY));
    }

    /** ServerKey = HMAC(SaltedPassword, "Server Key"). */
    public byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, SERVER_KEY);
    }

    /**
     * Hi(password, salt, iterations): what a client computes before it sends AlterUserScramCredentials. The broker
     * never needs it (it never sees a password); tests and tools do.
     */
    public byte[] saltedPassword(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, hashBits);
        try {
            return SecretKeyFactory.getInstance(pbkdf2Algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pbkdf2Algorithm + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A credential derived from a salted password: what the controller stores for an upsertion. */
    public ScramCredential credential(byte[] salt, byte[] saltedPassword, int iterations) {
        return new ScramCredential(salt, storedKey(saltedPassword), serverKey(saltedPassword), iterations);
    }
}
