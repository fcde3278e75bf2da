package io.tributary.broker.security.oauthbearer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtValidatorTest {

    private static final long NOW = 1_800_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final JwtValidator.Expectations EXPECT = new JwtValidator.Expectations(
            Set.of("kafka", "other"), "https://idp.example", "sub", "scope", Duration.ofSeconds(30));

    private static KeyPair rsa;
    private static KeyPair stranger;
    private static JsonWebKeys keys;

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestJwts.rsa(2048);
        stranger = TestJwts.rsa(2048);
        keys = JsonWebKeys.parse(TestJwts.jwks(TestJwts.jwk("rsa-1", rsa)));
    }

    private static JwtValidator validator(JsonWebKeys jwks, JwtValidator.Expectations expect) {
        return new JwtValidator(jwks::select, expect, CLOCK);
    }

    private static Map<String, Object> claims() {
        return TestJwts.claims("alice", NOW, "kafka", "https://idp.example");
    }

    private static String rs256(Map<String, Object> claims) throws Exception {
        return TestJwts.sign("RS256", "rsa-1", rsa.getPrivate(), claims);
    }

    private static void refused(String token, String why) {
        assertThatThrownBy(() -> validator(keys, EXPECT).validate(token))
                .isInstanceOf(InvalidJwtException.class).hasMessageContaining(why);
    }

    @Test
    void aValidRsaTokenNamesItsSubjectAndScopes() throws Exception {
        ValidatedToken t = validator(keys, EXPECT).validate(rs256(claims()));
        assertThat(t.principalName()).isEqualTo("alice");
        assertThat(t.scopes()).containsExactlyInAnyOrder("produce", "consume");
        assertThat(t.expiresAtMs()).isEqualTo((NOW + 3600) * 1000);
    }

    @Test
    void everyRsaAndEcAlgorithmVerifies() throws Exception {
        for (String alg : List.of("RS384", "RS512")) {
            assertThat(validator(keys, EXPECT).validate(TestJwts.sign(alg, "rsa-1", rsa.getPrivate(), claims()))
                    .principalName()).isEqualTo("alice");
        }
        Map<String, String> curves = Map.of("ES256", "secp256r1", "ES384", "secp384r1", "ES512", "secp521r1");
        for (Map.Entry<String, String> e : curves.entrySet()) {
            KeyPair ec = TestJwts.ec(e.getValue());
            JsonWebKeys ecKeys = JsonWebKeys.parse(TestJwts.jwks(TestJwts.jwk("ec", ec), TestJwts.jwk("rsa-1", rsa)));
            String token = TestJwts.sign(e.getKey(), "ec", ec.getPrivate(), claims());
            assertThat(validator(ecKeys, EXPECT).validate(token).principalName()).isEqualTo("alice");
        }
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheClockSkewIsUsedUp() throws Exception {
        Map<String, Object> c = claims();
        c.put("exp", NOW - 20); // within the 30 s skew
        assertThat(validator(keys, EXPECT).validate(rs256(c)).principalName()).isEqualTo("alice");
        c.put("exp", NOW - 30);
        refused(rs256(c), "expired");
    }

    @Test
    void aTokenNotYetValidIsRefused() throws Exception {
        Map<String, Object> c = claims();
        c.put("nbf", NOW + 31);
        refused(rs256(c), "not valid before");
        c.put("nbf", NOW + 29);
        assertThat(validator(keys, EXPECT).validate(rs256(c)).principalName()).isEqualTo("alice");
    }

    @Test
    void theAudienceMustBeOneExpected() throws Exception {
        Map<String, Object> c = claims();
        c.put("aud", "somebody-else");
        refused(rs256(c), "expected audiences");
        c.put("aud", List.of("somebody-else", "other"));
        assertThat(validator(keys, EXPECT).validate(rs256(c)).principalName()).isEqualTo("alice");
        c.remove("aud");
        refused(rs256(c), "expected audiences");
    }

    @Test
    void aTokenWithAnAudienceIsRefusedWhenNoneIsExpected() throws Exception {
        JwtValidator.Expectations none = new JwtValidator.Expectations(Set.of(), null, "sub", "scope",
                Duration.ofSeconds(30));
        assertThatThrownBy(() -> validator(keys, none).validate(rs256(claims())))
                .hasMessageContaining("sasl.oauthbearer.expected.audience");
        Map<String, Object> c = claims();
        c.remove("aud");
        c.remove("iss");
        assertThat(validator(keys, none).validate(rs256(c)).principalName()).isEqualTo("alice");
    }

    @Test
    void theIssuerMustBeTheExpectedOne() throws Exception {
        Map<String, Object> c = claims();
        c.put("iss", "https://evil.example");
        refused(rs256(c), "expected issuer");
        c.remove("iss");
        refused(rs256(c), "expected issuer");
    }

    @Test
    void aTamperedOrForeignSignatureIsRefused() throws Exception {
        String[] parts = rs256(claims()).split("\\.");
        Map<String, Object> c = claims();
        c.put("sub", "admin");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(c)) + "." + parts[2];
        refused(forged, "signature does not verify");
        refused(TestJwts.sign("RS256", "rsa-1", stranger.getPrivate(), claims()), "signature does not verify");
        // a key the token carries itself is never used
        Map<String, Object> embedded = new LinkedHashMap<>(Map.of("alg", "RS256", "kid", "rsa-1",
                "jwk", TestJwts.jwk("rsa-1", stranger)));
        refused(TestJwts.sign(embedded, stranger.getPrivate(), claims()), "signature does not verify");
    }

    @Test
    void unsecuredAndUnknownAlgorithmsAreRefused() throws Exception {
        refused(TestJwts.unsecured(claims()), "alg none");
        Map<String, Object> header = new LinkedHashMap<>(Map.of("alg", "HS256", "kid", "rsa-1"));
        String hs = TestJwts.sign(Map.of("alg", "RS256", "kid", "rsa-1"), rsa.getPrivate(), claims());
        String[] parts = hs.split("\\.");
        String relabelled = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(header)) + "." + parts[1] + "."
                + parts[2];
        refused(relabelled, "alg HS256 is not supported");
    }

    @Test
    void aKidTheJwksLacksIsRefused() throws Exception {
        refused(TestJwts.sign("RS256", "rsa-2", rsa.getPrivate(), claims()), "kid 'rsa-2'");
        // without a kid the only RSA key is used
        assertThat(validator(keys, EXPECT).validate(TestJwts.sign("RS256", null, rsa.getPrivate(), claims()))
                .principalName()).isEqualTo("alice");
    }

    @Test
    void malformedTokensAreRefused() throws Exception {
        refused("abc.def", "3");
        refused("a.b.c.d.e", "encrypted");
        refused("!!!.e30.sig", "base64url");
        String notJson = Base64.getUrlEncoder().withoutPadding().encodeToString("nope".getBytes(StandardCharsets.UTF_8));
        refused(notJson + "." + notJson + ".c2ln", "not JSON");
        Map<String, Object> c = claims();
        c.remove("exp");
        refused(rs256(c), "no exp claim");
        c = claims();
        c.put("exp", "tomorrow");
        refused(rs256(c), "not a number");
        c = claims();
        c.remove("sub");
        refused(rs256(c), "no sub claim");
    }

    @Test
    void theSubjectClaimNameIsConfigurable() throws Exception {
        JwtValidator.Expectations byEmail = new JwtValidator.Expectations(Set.of("kafka"), null, "email", "scope",
                Duration.ofSeconds(30));
        Map<String, Object> c = claims();
        c.put("email", "alice@example.com");
        assertThat(validator(keys, byEmail).validate(rs256(c)).principalName()).isEqualTo("alice@example.com");
    }

    @Test
    void shortRsaKeysAreRefused() throws Exception {
        KeyPair weak = TestJwts.rsa(1024);
        JsonWebKeys weakKeys = JsonWebKeys.parse(TestJwts.jwks(TestJwts.jwk("weak", weak)));
        assertThatThrownBy(() -> validator(weakKeys, EXPECT).validate(
                TestJwts.sign("RS256", "weak", weak.getPrivate(), claims())))
                .hasMessageContaining("does not verify");
    }
}
