package io.tributary.broker.security.oauthbearer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keys, JWKS documents and signed JWTs made in the test, as an identity provider would make them. */
final class TestJwts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TestJwts() {
    }

    static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    static KeyPair ec(String jdkCurve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(jdkCurve));
        return g.generateKeyPair();
    }

    /** A JWK of {@code pair}'s public key under {@code kid}. */
    static Map<String, Object> jwk(String kid, KeyPair pair) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        if (pair.getPublic() instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("n", B64.encodeToString(unsigned(rsa.getModulus(), 0)));
            jwk.put("e", B64.encodeToString(unsigned(rsa.getPublicExponent(), 0)));
        } else {
            ECPublicKey ec = (ECPublicKey) pair.getPublic();
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            int size = (bits + 7) / 8;
            jwk.put("kty", "EC");
            jwk.put("crv", bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521");
            jwk.put("x", B64.encodeToString(unsigned(ec.getW().getAffineX(), size)));
            jwk.put("y", B64.encodeToString(unsigned(ec.getW().getAffineY(), size)));
        }
        return jwk;
    }

    @SafeVarargs
    static String jwks(Map<String, Object>... keys) throws Exception {
        return JSON.writeValueAsString(Map.of("keys", List.of(keys)));
    }

    /** A compact JWS of {@code claims}, signed with {@code key} under {@code alg}, header naming {@code kid}. */
    static String sign(String alg, String kid, PrivateKey key, Map<String, Object> claims) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        return sign(header, key, claims);
    }

    static String sign(Map<String, Object> header, PrivateKey key, Map<String, Object> claims) throws Exception {
        String input = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(claims));
        String alg = (String) header.get("alg");
        Signature s = Signature.getInstance(switch (alg) {
            case "RS256" -> "SHA256withRSA";
            case "RS384" -> "SHA384withRSA";
            case "RS512" -> "SHA512withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "ES512" -> "SHA512withECDSAinP1363Format";
            default -> throw new IllegalArgumentException(alg);
        });
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(s.sign());
    }

    /** An unsecured JWT (alg none, empty signature). */
    static String unsecured(Map<String, Object> claims) throws Exception {
        return B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "none"))) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(claims)) + ".";
    }

    /** Claims for {@code sub} issued {@code nowSec}, expiring an hour later, for {@code aud} from {@code iss}. */
    static Map<String, Object> claims(String sub, long nowSec, String aud, String iss) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", sub);
        c.put("iat", nowSec);
        c.put("exp", nowSec + 3600);
        c.put("aud", aud);
        c.put("iss", iss);
        c.put("scope", "produce consume");
        return c;
    }

    /** {@code v} as big-endian unsigned bytes, left-padded to {@code size} (0: no padding). */
    private static byte[] unsigned(BigInteger v, int size) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (size > b.length) {
            byte[] padded = new byte[size];
            System.arraycopy(b, 0, padded, size - b.length, b.length);
            return padded;
        }
        return b;
    }
}
