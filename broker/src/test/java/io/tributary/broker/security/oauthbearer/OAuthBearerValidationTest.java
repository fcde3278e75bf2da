package io.tributary.broker.security.oauthbearer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.network.ListenerConfig;
import io.tributary.broker.security.SaslAuthentication;
import io.tributary.broker.security.SaslMechanisms;
import io.tributary.broker.security.SecurityProtocol;
import io.tributary.broker.security.ScramServerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuthBearerValidationTest {

    private static KeyPair first;
    private static KeyPair second;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        first = TestJwts.rsa(2048);
        second = TestJwts.rsa(2048);
    }

    private static ListenerConfig listener(Map<String, String> props) {
        InetSocketAddress a = new InetSocketAddress("localhost", 0);
        return new ListenerConfig("CLIENT", SecurityProtocol.SASL_PLAINTEXT, a, a, props);
    }

    private Path jwksFile(String kid, KeyPair pair) throws Exception {
        Path f = dir.resolve("jwks.json");
        Files.writeString(f, TestJwts.jwks(TestJwts.jwk(kid, pair)));
        return f;
    }

    private static byte[] login(String token) {
        return ("n,,\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }

    private static String token(String kid, KeyPair pair, String aud) throws Exception {
        return TestJwts.sign("RS256", kid, pair.getPrivate(),
                TestJwts.claims("alice", Clock.systemUTC().instant().getEpochSecond(), aud, "https://idp"));
    }

    @Test
    void aListenerWithoutAJwksUrlDoesNotStart() {
        assertThatThrownBy(() -> OAuthBearerValidation.forListener(listener(Map.of()), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listener.name.client.oauthbearer.sasl.oauthbearer.jwks.endpoint.url")
                .hasMessageContaining("alg none");
    }

    @Test
    void anUnreadableOrInsecureJwksUrlFailsTheStartNamingTheSetting() throws Exception {
        String key = "sasl.oauthbearer.jwks.endpoint.url";
        assertThatThrownBy(() -> OAuthBearerValidation.forListener(listener(Map.of(key,
                dir.resolve("missing.json").toUri().toString())), Clock.systemUTC()))
                .hasMessageContaining(key).hasMessageContaining("cannot read");
        Files.writeString(dir.resolve("empty.json"), "{\"keys\":[]}");
        assertThatThrownBy(() -> OAuthBearerValidation.forListener(listener(Map.of(key,
                dir.resolve("empty.json").toUri().toString())), Clock.systemUTC()))
                .hasMessageContaining("no usable signature key");
        assertThatThrownBy(() -> OAuthBearerValidation.forListener(listener(Map.of(key,
                "http://idp.example/jwks")), Clock.systemUTC()))
                .hasMessageContaining("https: or file:");
        assertThatThrownBy(() -> OAuthBearerValidation.forListener(listener(Map.of(key,
                jwksFile("k", first).toUri().toString(), "listener.name.client.oauthbearer.sasl.server.callback"
                        + ".handler.class", "io.strimzi.kafka.oauth.server.JaasServerOauthValidatorCallbackHandler")),
                Clock.systemUTC()))
                .hasMessageContaining("sasl.server.callback.handler.class");
    }

    @Test
    void theListenersOwnMechanismSettingWinsOverTheBrokerWideOne() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("sasl.oauthbearer.jwks.endpoint.url", jwksFile("k1", first).toUri().toString());
        props.put("sasl.oauthbearer.expected.audience", "somebody-else");
        props.put("listener.name.client.oauthbearer.sasl.oauthbearer.expected.audience", "x, kafka");
        try (OAuthBearerValidation v = OAuthBearerValidation.forListener(listener(props), Clock.systemUTC())) {
            OAuthBearerServer server = v.newServer();
            assertThat(server.evaluate(login(token("k1", first, "kafka")))).isEmpty();
            assertThat(server.isComplete()).isTrue();
        }
    }

    @Test
    void aRewrittenJwksFileIsReadAgain() throws Exception {
        Path file = jwksFile("k1", first);
        try (RefreshingJwks jwks = RefreshingJwks.start(file.toUri(), 3_600_000, 100, 10_000, Clock.systemUTC())) {
            assertThat(jwks.find("k2", JwsAlgorithm.RS256)).isEmpty();
            assertThat(jwks.refresh()).as("unchanged").isFalse();
            Files.writeString(file, TestJwts.jwks(TestJwts.jwk("k2", second)));
            Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
            assertThat(jwks.refresh()).isTrue();
            assertThat(jwks.find("k2", JwsAlgorithm.RS256)).isPresent();
            assertThat(jwks.find("k1", JwsAlgorithm.RS256)).isEmpty();
        }
    }

    @Test
    void saslMechanismsOffersOauthbearer() throws Exception {
        Map<String, String> props = Map.of("sasl.enabled.mechanisms", "OAUTHBEARER",
                "sasl.oauthbearer.jwks.endpoint.url", jwksFile("k1", first).toUri().toString(),
                "sasl.oauthbearer.expected.audience", "kafka");
        ScramServerFactory scram = new ScramServerFactory((user, mechanism) -> Optional.empty(), new SecureRandom());
        try (SaslMechanisms m = SaslMechanisms.forListener(listener(props), scram)) {
            assertThat(m.names()).containsExactly("OAUTHBEARER");
            var server = m.start("OAUTHBEARER").orElseThrow();
            server.evaluate(login(token("k1", first, "kafka")));
            assertThat(server.principal().toString()).isEqualTo("User:alice");
        }
        assertThatThrownBy(() -> SaslMechanisms.forListener(listener(Map.of("sasl.enabled.mechanisms",
                "OAUTHBEARER")), scram)).hasMessageContaining("sasl.oauthbearer.jwks.endpoint.url");
    }

    /** KIP-368 with a token: the session ends when the token does, if that comes before connections.max.reauth.ms. */
    @Test
    void aSessionLastsNoLongerThanItsToken() throws Exception {
        Map<String, String> props = Map.of("sasl.enabled.mechanisms", "OAUTHBEARER",
                "sasl.oauthbearer.jwks.endpoint.url", jwksFile("k1", first).toUri().toString(),
                "sasl.oauthbearer.expected.audience", "kafka", "connections.max.reauth.ms", "3600000");
        ScramServerFactory scram = new ScramServerFactory((user, mechanism) -> Optional.empty(), new SecureRandom());
        long now = Clock.systemUTC().instant().getEpochSecond();
        Map<String, Object> shortLived = TestJwts.claims("alice", now, "kafka", "https://idp");
        shortLived.put("exp", now + 30);
        try (SaslMechanisms m = SaslMechanisms.forListener(listener(props), scram)) {
            SaslAuthentication session = new SaslAuthentication(m);
            session.handshake("OAUTHBEARER");
            session.authenticate(login(TestJwts.sign("RS256", "k1", first.getPrivate(), shortLived)));
            assertThat(session.sessionLifetimeMs()).as("capped at the token's exp, 30 s away")
                    .isBetween(25_000L, 30_000L);

            SaslAuthentication longer = new SaslAuthentication(m);
            longer.handshake("OAUTHBEARER");
            longer.authenticate(login(token("k1", first, "kafka")));   // expires in an hour: the setting decides
            assertThat(longer.sessionLifetimeMs()).isBetween(3_590_000L, 3_600_000L);
        }
    }

    @Test
    void anHttpsUrlIsAcceptedAsAUrl() {
        // no identity provider here: the fetch fails, but the message shows the URL passed the scheme check
        assertThatThrownBy(() -> OAuthBearerValidation.forListener(listener(Map.of(
                "sasl.oauthbearer.jwks.endpoint.url", "https://127.0.0.1:1/jwks")), Clock.systemUTC()))
                .hasMessageContaining("cannot read a JWKS from https://127.0.0.1:1/jwks");
    }
}
