package io.tributary.broker.security.oauthbearer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a signed JWT access token (RFC 7519, compact JWS of RFC 7515) as Kafka's broker validator (KIP-768)
 * does: the signature first, with the key the header's {@code kid} selects and an algorithm of {@link JwsAlgorithm}
 * ({@code alg: none} is refused); then {@code exp} (required; expired once {@code now - skew >= exp}), {@code iat}
 * (required), {@code nbf} (if present; {@code now + skew < nbf} is too early), {@code iss} (must equal the expected
 * issuer, if one is set), {@code aud} (must hold one of the expected audiences, if any are set; a token with an
 * {@code aud} is refused when none are — RFC 7519 §4.1.3, and what Kafka's jose4j does), and the subject claim
 * (required, not blank). No claim is read before the signature holds, and keys come only from the configured JWKS:
 * a token's own {@code jku}, {@code x5u}, {@code jwk} or {@code x5c} headers are never followed.
 */
public final class JwtValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a token must show, from the listener's {@code sasl.oauthbearer.*} settings. */
    public record Expectations(Set<String> audiences, String issuer, String subClaim, String scopeClaim,
                               Duration clockSkew) {
        public Expectations {
            audiences = Set.copyOf(audiences);
        }
    }

    private final VerificationKeys keys;
    private final Expectations expect;
    private final Clock clock;

    public JwtValidator(VerificationKeys keys, Expectations expect, Clock clock) {
        this.keys = keys;
        this.expect = expect;
        this.clock = clock;
    }

    /** The token's subject and scopes if it is valid now; otherwise {@link InvalidJwtException} says why. */
    public ValidatedToken validate(String token) throws InvalidJwtException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidJwtException("not a signed JWT: " + parts.length + " dot-separated parts, not 3"
                    + (parts.length == 5 ? " (an encrypted JWT is not supported)" : ""));
        }
        JsonNode header = object(parts[0], "header");
        String algName = text(header, "alg");
        if (algName == null) {
            throw new InvalidJwtException("the JWT header has no alg");
        }
        if (algName.equalsIgnoreCase("none")) {
            throw new InvalidJwtException("alg none (an unsecured JWT) is refused");
        }
        JwsAlgorithm alg = JwsAlgorithm.forName(algName).orElseThrow(() -> new InvalidJwtException("alg "
                + algName + " is not supported (" + Arrays.toString(JwsAlgorithm.values()) + ")"));
        if (header.has("crit")) {
            throw new InvalidJwtException("the JWT header's crit extensions are not supported");
        }
        String kid = text(header, "kid");
        PublicKey key = keys.find(kid, alg).orElseThrow(() -> new InvalidJwtException("no " + alg.keyType()
                + " key for " + alg + (kid == null ? " (the token names no kid)" : " with kid '" + kid + "'")
                + " in the JWKS"));
        byte[] signature = base64(parts[2], "signature");
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        try {
            if (!alg.verify(key, signed, signature)) {
                throw new InvalidJwtException("the " + alg + " signature does not verify with key "
                        + (kid == null ? "(no kid)" : "'" + kid + "'"));
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidJwtException("the " + alg + " signature could not be checked: " + e.getMessage());
        }
        return claims(object(parts[1], "payload"));
    }

    private ValidatedToken claims(JsonNode claims) throws InvalidJwtException {
        Instant now = clock.instant();
        long skewMs = expect.clockSkew().toMillis();
        long expMs = numericDate(claims, "exp", true);
        long iatMs = numericDate(claims, "iat", true);
        long nbfMs = numericDate(claims, "nbf", false);
        if (now.toEpochMilli() - skewMs >= expMs) {
            throw new InvalidJwtException("the token expired at " + Instant.ofEpochMilli(expMs) + " (now " + now
                    + ", allowed clock skew " + expect.clockSkew().toSeconds() + " s)");
        }
        if (nbfMs != Long.MIN_VALUE && now.toEpochMilli() + skewMs < nbfMs) {
            throw new InvalidJwtException("the token is not valid before " + Instant.ofEpochMilli(nbfMs) + " (now "
                    + now + ")");
        }
        if (expect.issuer() != null && !expect.issuer().equals(text(claims, "iss"))) {
            throw new InvalidJwtException("iss " + claims.get("iss") + " is not the expected issuer '"
                    + expect.issuer() + "' (sasl.oauthbearer.expected.issuer)");
        }
        List<String> audiences = strings(claims, "aud");
        if (expect.audiences().isEmpty() ? !audiences.isEmpty()
                : audiences.stream().noneMatch(expect.audiences()::contains)) {
            throw new InvalidJwtException("aud " + audiences + " holds none of the expected audiences "
                    + expect.audiences() + " (sasl.oauthbearer.expected.audience)");
        }
        String subject = text(claims, expect.subClaim());
        if (subject == null || subject.isBlank()) {
            throw new InvalidJwtException("the token has no " + expect.subClaim() + " claim (a non-blank string;"
                    + " sasl.oauthbearer.sub.claim.name)");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String s : strings(claims, expect.scopeClaim())) {
            // a string scope is space-delimited (RFC 6749 §3.3); an array holds one scope per element
            scopes.addAll(Arrays.stream(s.trim().split(" +")).filter(x -> !x.isEmpty()).toList());
        }
        return new ValidatedToken(subject.trim(), scopes, iatMs, expMs);
    }

    private static JsonNode object(String part, String what) throws InvalidJwtException {
        byte[] bytes = base64(part, what);
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidJwtException("the JWT " + what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidJwtException("the JWT " + what + " is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidJwtException("the JWT " + what + " could not be read: " + e.getMessage());
        }
    }

    private static byte[] base64(String part, String what) throws InvalidJwtException {
        if (part.isEmpty()) {
            throw new InvalidJwtException("the JWT " + what + " is empty");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidJwtException("the JWT " + what + " is not base64url");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** A NumericDate claim (seconds since the epoch, maybe fractional) in ms; Long.MIN_VALUE if absent and optional. */
    private static long numericDate(JsonNode claims, String claim, boolean required) throws InvalidJwtException {
        JsonNode v = claims.get(claim);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidJwtException("the token has no " + claim + " claim");
            }
            return Long.MIN_VALUE;
        }
        if (!v.isNumber()) {
            throw new InvalidJwtException("the " + claim + " claim is not a number of seconds: " + v);
        }
        return (long) (v.asDouble() * 1000);
    }

    /** A claim that is a string or an array of strings, as a list; empty if absent. */
    private static List<String> strings(JsonNode claims, String claim) throws InvalidJwtException {
        JsonNode v = claims.get(claim);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw new InvalidJwtException("the " + claim + " claim holds a non-string: " + e);
                }
                out.add(e.asText());
            }
            return out;
        }
        throw new InvalidJwtException("the " + claim + " claim is neither a string nor an array of strings");
    }
}
