package io.tributary.broker.security.oauthbearer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.security.AuthenticationFailure;
import io.tributary.broker.security.KafkaPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OAuthBearerServerTest {

    private static final long NOW = 1_800_000_000L;
    private static KeyPair rsa;
    private static JwtValidator validator;

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestJwts.rsa(2048);
        JsonWebKeys keys = JsonWebKeys.parse(TestJwts.jwks(TestJwts.jwk("k1", rsa)));
        validator = new JwtValidator(keys::select, new JwtValidator.Expectations(Set.of("kafka"), null, "sub",
                "scope", Duration.ofSeconds(30)), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    }

    private static String token(long exp) throws Exception {
        Map<String, Object> c = TestJwts.claims("alice", NOW - 60, "kafka", "https://idp");
        c.put("exp", exp);
        return TestJwts.sign("RS256", "k1", rsa.getPrivate(), c);
    }

    /** The first message as Kafka's client writes it. */
    private static byte[] first(String authzid, String token, String extensions) {
        return ("n," + authzid + ",\u0001auth=Bearer " + token + extensions + "\u0001\u0001")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aValidTokenLogsInAsItsSubject() throws Exception {
        OAuthBearerServer server = new OAuthBearerServer(validator);
        assertThat(server.evaluate(first("", token(NOW + 600), "\u0001traceId=abc 1"))).isEmpty();
        assertThat(server.isComplete()).isTrue();
        assertThat(server.principal()).isEqualTo(KafkaPrincipal.user("alice"));
        assertThatThrownBy(() -> server.evaluate(new byte[] {1})).isInstanceOf(AuthenticationFailure.class);
    }

    @Test
    void anInvalidTokenIsAnsweredWithTheJsonErrorThenFailsAfterTheClientsDummy() throws Exception {
        OAuthBearerServer server = new OAuthBearerServer(validator);
        byte[] answer = server.evaluate(first("", token(NOW - 3600), ""));
        assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"invalid_token\"}");
        assertThat(server.isComplete()).isFalse();
        assertThatThrownBy(() -> server.evaluate(new byte[] {1}))
                .isInstanceOfSatisfying(AuthenticationFailure.class, f -> {
                    assertThat(f.getMessage()).isEqualTo(OAuthBearerServer.INVALID_TOKEN);
                    assertThat(f.reason()).contains("expired");
                });
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void theAuthorizationIdMustBeTheSubject() throws Exception {
        OAuthBearerServer same = new OAuthBearerServer(validator);
        same.evaluate(first("a=alice", token(NOW + 600), ""));
        assertThat(same.isComplete()).isTrue();
        assertThatThrownBy(() -> new OAuthBearerServer(validator).evaluate(first("a=bob", token(NOW + 600), "")))
                .hasMessageContaining("authorization id (bob)");
    }

    @Test
    void aMalformedFirstMessageFailsAtOnce() {
        for (String bad : new String[] {"n,,auth=Bearer x\u0001\u0001", "y,,\u0001auth=Bearer x\u0001\u0001",
                "n,,\u0001auth=Basic abc\u0001\u0001", "n,,\u0001\u0001", "n,,\u0001auth=Bearer x\u0001",
                "n,,\u0001auth=Bearer x\u0001auth=Bearer y\u0001\u0001", "n,,\u0001auth=Bearer a b\u0001\u0001"}) {
            assertThatThrownBy(() -> new OAuthBearerServer(validator).evaluate(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad.replace('\u0001', '^'))
                    .isInstanceOfSatisfying(AuthenticationFailure.class, f ->
                            assertThat(f.getMessage()).isEqualTo(OAuthBearerServer.MALFORMED));
        }
    }

    @Test
    void theClientMessageIsParsedAsRfc7628WritesIt() {
        ClientInitialResponse r = ClientInitialResponse.parse(
                "n,a=us=2Cer=3D1,\u0001auth=bearer t.o.k\u0001k=v w\u0001\u0001".getBytes(StandardCharsets.UTF_8));
        assertThat(r.authorizationId()).isEqualTo("us,er=1");
        assertThat(r.token()).isEqualTo("t.o.k");
        assertThat(r.extensions()).isEqualTo(Map.of("k", "v w"));
        assertThatThrownBy(() -> ClientInitialResponse.parse("p=tls-unique,,\u0001auth=Bearer x\u0001\u0001"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("channel binding");
    }
}
