package io.tributary.broker.security.oauthbearer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The signature keys of one JWKS document (RFC 7517 §5: {@code {"keys": [ {...}, ... ]}}), as public keys the JDK
 * verifies with. RSA keys ({@code kty} RSA, {@code n}, {@code e}) and EC keys on P-256, P-384 and P-521
 * ({@code kty} EC, {@code crv}, {@code x}, {@code y}) are kept; keys for encryption ({@code use} other than
 * {@code sig}) and of other types (an identity provider's JWKS may hold some) are skipped and listed in
 * {@link #skipped()}. Immutable.
 */
public final class JsonWebKeys {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1",
            "P-521", "secp521r1");
    private static final Map<String, Integer> COORDINATE_BYTES = Map.of("P-256", 32, "P-384", 48, "P-521", 66);

    /** One usable key: its {@code kid} and {@code alg} may be null (the JWK did not say). */
    record Key(String kid, String kty, String crv, String alg, PublicKey publicKey) { }

    private final List<Key> keys;
    private final List<String> skipped;

    private JsonWebKeys(List<Key> keys, List<String> skipped) {
        this.keys = List.copyOf(keys);
        this.skipped = List.copyOf(skipped);
    }

    /** Parses a JWKS document; {@link IllegalArgumentException} if it is not one or holds no usable key. */
    public static JsonWebKeys parse(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        JsonNode array = root == null ? null : root.get("keys");
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("not a JWKS document: no \"keys\" array");
        }
        List<Key> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode jwk : array) {
            String kid = text(jwk, "kid");
            String label = "key " + (kid == null ? "#" + (keys.size() + skipped.size()) : "'" + kid + "'");
            try {
                String use = text(jwk, "use");
                if (use != null && !use.equals("sig")) {
                    skipped.add(label + ": use " + use);
                    continue;
                }
                String kty = Objects.requireNonNullElse(text(jwk, "kty"), "(none)");
                switch (kty) {
                    case "RSA" -> keys.add(new Key(kid, kty, null, text(jwk, "alg"), rsa(jwk)));
                    case "EC" -> keys.add(new Key(kid, kty, text(jwk, "crv"), text(jwk, "alg"), ec(jwk)));
                    default -> skipped.add(label + ": kty " + kty + " is not supported");
                }
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                skipped.add(label + ": " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no usable signature key (RSA, or EC on P-256/P-384/P-521)"
                    + (skipped.isEmpty() ? "" : "; skipped " + skipped));
        }
        return new JsonWebKeys(keys, skipped);
    }

    /**
     * The key that verifies a token signed with {@code alg}: with a {@code kid}, the key of that id (if it suits the
     * algorithm); without one, the only key that suits it. Empty when there is none — or more than one to choose from.
     */
    public Optional<PublicKey> select(String kid, JwsAlgorithm alg) {
        List<Key> candidates = keys.stream()
                .filter(k -> k.kty().equals(alg.keyType()))
                .filter(k -> alg.curve() == null || alg.curve().equals(k.crv()))
                .filter(k -> k.alg() == null || k.alg().equals(alg.name()))
                .filter(k -> kid == null || kid.equals(k.kid()))
                .toList();
        return candidates.size() == 1 ? Optional.of(candidates.get(0).publicKey()) : Optional.empty();
    }

    /** How many usable keys the document held. */
    public int size() {
        return keys.size();
    }

    /** The keys left out, and why (for the broker's log). */
    public List<String> skipped() {
        return skipped;
    }

    private static PublicKey rsa(JsonNode jwk) throws GeneralSecurityException {
        BigInteger n = new BigInteger(1, bytes(jwk, "n"));
        BigInteger e = new BigInteger(1, bytes(jwk, "e"));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    private static PublicKey ec(JsonNode jwk) throws GeneralSecurityException {
        String crv = text(jwk, "crv");
        if (crv == null || !CURVES.containsKey(crv)) {
            throw new IllegalArgumentException("crv " + crv + " is not supported");
        }
        byte[] x = bytes(jwk, "x");
        byte[] y = bytes(jwk, "y");
        int size = COORDINATE_BYTES.get(crv);
        if (x.length != size || y.length != size) {
            throw new IllegalArgumentException("x and y of a " + crv + " key are " + size + " bytes each");
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(CURVES.get(crv)));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }

    private static String text(JsonNode jwk, String field) {
        JsonNode v = jwk.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static byte[] bytes(JsonNode jwk, String field) {
        String v = text(jwk, field);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("no " + field);
        }
        try {
            return Base64.getUrlDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64url");
        }
    }
}
