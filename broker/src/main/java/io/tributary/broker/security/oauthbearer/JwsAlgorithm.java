package io.tributary.broker.security.oauthbearer;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * The JWS signature algorithms (RFC 7518 §3) a token may be signed with, each verified by the JDK. Anything else —
 * {@code none} above all, and the HMAC algorithms, whose key a JWKS of public keys cannot hold — is refused.
 * ECDSA signatures in a JWS are the fixed-length {@code R || S} pair, which the JDK's {@code ...inP1363Format}
 * signatures read as they are.
 */
public enum JwsAlgorithm {
    RS256("SHA256withRSA", "RSA", null, 0),
    RS384("SHA384withRSA", "RSA", null, 0),
    RS512("SHA512withRSA", "RSA", null, 0),
    ES256("SHA256withECDSAinP1363Format", "EC", "P-256", 64),
    ES384("SHA384withECDSAinP1363Format", "EC", "P-384", 96),
    ES512("SHA512withECDSAinP1363Format", "EC", "P-521", 132);

    /** RFC 7518 §3.3: RSA keys of fewer bits are refused (as jose4j, which Kafka uses, refuses them). */
    static final int MIN_RSA_BITS = 2048;

    private final String jdkName;
    private final String keyType;
    private final String curve;
    private final int signatureBytes;

    JwsAlgorithm(String jdkName, String keyType, String curve, int signatureBytes) {
        this.jdkName = jdkName;
        this.keyType = keyType;
        this.curve = curve;
        this.signatureBytes = signatureBytes;
    }

    /** The algorithm a JWS header's {@code alg} names, if it is one of these (names are case-sensitive). */
    public static Optional<JwsAlgorithm> forName(String alg) {
        for (JwsAlgorithm a : values()) {
            if (a.name().equals(alg)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The JWK {@code kty} of keys that verify this algorithm: {@code RSA} or {@code EC}. */
    public String keyType() {
        return keyType;
    }

    /** The JWK {@code crv} an EC key must name for this algorithm; null for RSA. */
    public String curve() {
        return curve;
    }

    /** Whether {@code signature} signs {@code signingInput} under {@code key}; false also for a key of the wrong kind. */
    public boolean verify(PublicKey key, byte[] signingInput, byte[] signature) throws GeneralSecurityException {
        if (keyType.equals("RSA")) {
            if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                return false;
            }
        } else if (!(key instanceof ECPublicKey) || signature.length != signatureBytes) {
            return false;
        }
        Signature verifier = Signature.getInstance(jdkName);
        verifier.initVerify(key);
        verifier.update(signingInput);
        return verifier.verify(signature);
    }
}
