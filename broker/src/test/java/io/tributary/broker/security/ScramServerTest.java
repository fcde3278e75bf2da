package io.tributary.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.cluster.metadata.ScramCredential;
import io.tributary.cluster.metadata.ScramMechanism;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramSaslClient;
import org.junit.jupiter.api.Test;

/**
 * {@link ScramServer} against Apache kafka-clients' own SCRAM client ({@code ScramSaslClient}), with credentials
 * made by kafka-clients' {@code ScramFormatter} — so both the exchange and the key derivation are Kafka's.
 */
class ScramServerTest {

    private static final String FAILED_256 =
            "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256";

    private final Map<String, Map<ScramMechanism, ScramCredential>> stored = new HashMap<>();
    private final ScramCredentials lookup = (user, mechanism) ->
            Optional.ofNullable(stored.getOrDefault(user, Map.of()).get(mechanism));
    private final ScramServerFactory servers = new ScramServerFactory(lookup, new SecureRandom(new byte[] {7}));

    /** Stores {@code password} for {@code user} exactly as Kafka's tools and controller derive it. */
    private void store(String user, ScramMechanism mechanism, String password, int iterations) throws Exception {
        ScramFormatter formatter = new ScramFormatter(
                org.apache.kafka.common.security.scram.internals.ScramMechanism.forMechanismName(
                        mechanism.mechanismName()));
        org.apache.kafka.common.security.scram.ScramCredential c = formatter.generateCredential(password, iterations);
        stored.computeIfAbsent(user, u -> new HashMap<>()).put(mechanism,
                new ScramCredential(c.salt(), c.storedKey(), c.serverKey(), c.iterations()));
    }

    private static SaslClient client(ScramMechanism mechanism, String user, String password,
                                     Map<String, String> extensions) throws Exception {
        return new ScramSaslClient.ScramSaslClientFactory().createSaslClient(
                new String[] {mechanism.mechanismName()}, null, "kafka", "localhost", Map.of(), callbacks -> {
                    for (Callback cb : callbacks) {
                        if (cb instanceof NameCallback n) {
                            n.setName(user);
                        } else if (cb instanceof PasswordCallback p) {
                            p.setPassword(password.toCharArray());
                        } else if (cb instanceof ScramExtensionsCallback e && extensions != null) {
                            e.extensions(extensions);
                        } else {
                            throw new UnsupportedCallbackException(cb);
                        }
                    }
                });
    }

    /** Runs one login, letting the test rewrite the client-final message; returns the server once complete. */
    private ScramServer login(ScramMechanism mechanism, String user, String password,
                              UnaryOperator<String> tamperFinal) throws Exception {
        SaslClient client = client(mechanism, user, password, null);
        ScramServer server = servers.create(mechanism);
        byte[] serverFirst = server.evaluate(client.evaluateChallenge(new byte[0]));
        String clientFinal = new String(client.evaluateChallenge(serverFirst), StandardCharsets.UTF_8);
        byte[] serverFinal = server.evaluate(tamperFinal.apply(clientFinal).getBytes(StandardCharsets.UTF_8));
        client.evaluateChallenge(serverFinal);   // the client checks the server signature
        assertThat(client.isComplete()).isTrue();
        return server;
    }

    private ScramServer login(ScramMechanism mechanism, String user, String password) throws Exception {
        return login(mechanism, user, password, UnaryOperator.identity());
    }

    @Test
    void theRightPasswordAuthenticatesAsTheUserAndTheServerProvesItKnowsTheKey() throws Exception {
        store("alice", ScramMechanism.SCRAM_SHA_256, "alice-secret", 8192);
        ScramServer server = login(ScramMechanism.SCRAM_SHA_256, "alice", "alice-secret");
        assertThat(server.isComplete()).isTrue();
        assertThat(server.principal()).isEqualTo(KafkaPrincipal.user("alice"));
        assertThat(server.principal().toString()).isEqualTo("User:alice");
        assertThatThrownBy(() -> server.evaluate(new byte[0])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void scramSha512Works() throws Exception {
        store("bob", ScramMechanism.SCRAM_SHA_512, "bob-secret", 4096);
        assertThat(login(ScramMechanism.SCRAM_SHA_512, "bob", "bob-secret").principal().name()).isEqualTo("bob");
        // a SHA-512 credential does not log in over SHA-256
        assertThatThrownBy(() -> login(ScramMechanism.SCRAM_SHA_256, "bob", "bob-secret"))
                .isInstanceOf(ScramAuthenticationException.class).hasMessage(FAILED_256);
    }

    @Test
    void aWrongPasswordFailsWithKafkasMessage() throws Exception {
        store("alice", ScramMechanism.SCRAM_SHA_256, "alice-secret", 4096);
        assertThatThrownBy(() -> login(ScramMechanism.SCRAM_SHA_256, "alice", "guess"))
                .isInstanceOf(ScramAuthenticationException.class).hasMessage(FAILED_256)
                .satisfies(e -> assertThat(((ScramAuthenticationException) e).reason()).contains("invalid proof")
                        .doesNotContain("guess"));
    }

    @Test
    void anUnknownUserGetsAStableFakeSaltAndFailsLikeAWrongPassword() throws Exception {
        ScramServer first = servers.create(ScramMechanism.SCRAM_SHA_256);
        String serverFirst = new String(first.evaluate("n,,n=nobody,r=abc".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(serverFirst).startsWith("r=abc").contains(",s=").endsWith(",i=4096");
        ScramServer second = servers.create(ScramMechanism.SCRAM_SHA_256);
        String again = new String(second.evaluate("n,,n=nobody,r=xyz".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(salt(again)).isEqualTo(salt(serverFirst));
        assertThat(salt(servers.create(ScramMechanism.SCRAM_SHA_256).evaluate(
                "n,,n=somebody,r=xyz".getBytes(StandardCharsets.UTF_8)))).isNotEqualTo(salt(serverFirst));

        assertThatThrownBy(() -> login(ScramMechanism.SCRAM_SHA_256, "nobody", "whatever"))
                .isInstanceOf(ScramAuthenticationException.class).hasMessage(FAILED_256);
    }

    private static String salt(byte[] serverFirst) {
        return salt(new String(serverFirst, StandardCharsets.UTF_8));
    }

    private static String salt(String serverFirst) {
        return serverFirst.split(",")[1];
    }

    @Test
    void aNonceOtherThanExactlyClientPlusServerNonceFails() throws Exception {
        store("alice", ScramMechanism.SCRAM_SHA_256, "alice-secret", 4096);
        // CVE-2024-56128: a longer nonce sharing the prefix must not pass, nor a shorter one
        assertThatThrownBy(() -> login(ScramMechanism.SCRAM_SHA_256, "alice", "alice-secret",
                f -> f.replaceFirst(",r=([^,]+)", ",r=$1x")))
                .isInstanceOf(ScramAuthenticationException.class).hasMessage(FAILED_256)
                .satisfies(e -> assertThat(((ScramAuthenticationException) e).reason()).contains("nonce"));
        assertThatThrownBy(() -> login(ScramMechanism.SCRAM_SHA_256, "alice", "alice-secret",
                f -> f.replaceFirst(",r=([^,]+)[^,],", ",r=$1,")))
                .isInstanceOf(ScramAuthenticationException.class).hasMessage(FAILED_256);
    }

    @Test
    void aTamperedProofFails() throws Exception {
        store("alice", ScramMechanism.SCRAM_SHA_256, "alice-secret", 4096);
        assertThatThrownBy(() -> login(ScramMechanism.SCRAM_SHA_256, "alice", "alice-secret", f -> {
            int at = f.lastIndexOf(",p=");
            byte[] proof = Base64.getDecoder().decode(f.substring(at + 3));
            proof[5] ^= 1;
            return f.substring(0, at) + ",p=" + Base64.getEncoder().encodeToString(proof);
        })).isInstanceOf(ScramAuthenticationException.class).hasMessage(FAILED_256)
                .satisfies(e -> assertThat(((ScramAuthenticationException) e).reason()).contains("invalid proof"));
        assertThatThrownBy(() -> login(ScramMechanism.SCRAM_SHA_256, "alice", "alice-secret",
                f -> f.substring(0, f.length() - 4)))
                .isInstanceOf(ScramAuthenticationException.class).hasMessage(FAILED_256);
    }

    @Test
    void theChannelBindingMustBeTheGs2HeaderAndOnlyNIsAccepted() throws Exception {
        store("alice", ScramMechanism.SCRAM_SHA_256, "alice-secret", 4096);
        assertThatThrownBy(() -> login(ScramMechanism.SCRAM_SHA_256, "alice", "alice-secret",
                f -> f.replace("c=biws", "c=eSws")))
                .isInstanceOf(ScramAuthenticationException.class)
                .satisfies(e -> assertThat(((ScramAuthenticationException) e).reason()).contains("channel binding"));
        for (String first : new String[] {"y,,n=alice,r=abc", "p=tls-unique,,n=alice,r=abc", "n,,m=x,n=alice,r=a",
                "n,,n=al=ice,r=abc", "n,,n=,r=abc", "n,,n=alice", "n,,n=alice,r=", "garbage"}) {
            assertThatThrownBy(() -> servers.create(ScramMechanism.SCRAM_SHA_256)
                    .evaluate(first.getBytes(StandardCharsets.UTF_8)))
                    .as(first).isInstanceOf(ScramAuthenticationException.class).hasMessage(FAILED_256);
        }
    }

    @Test
    void anAuthzidIsAcceptedOnlyWhenItIsTheUser() throws Exception {
        store("alice", ScramMechanism.SCRAM_SHA_256, "alice-secret", 4096);
        byte[] same = servers.create(ScramMechanism.SCRAM_SHA_256)
                .evaluate("n,a=alice,n=alice,r=abc".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(same, StandardCharsets.UTF_8)).startsWith("r=abc");
        assertThatThrownBy(() -> servers.create(ScramMechanism.SCRAM_SHA_256)
                .evaluate("n,a=admin,n=alice,r=abc".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ScramAuthenticationException.class).hasMessage(ScramServer.AUTHZID_MISMATCH);
    }

    @Test
    void escapedUserNamesAreUnescapedAndDelegationTokensAreRefused() throws Exception {
        store("a,b=c", ScramMechanism.SCRAM_SHA_256, "odd", 4096);
        assertThat(login(ScramMechanism.SCRAM_SHA_256, "a,b=c", "odd").principal().name()).isEqualTo("a,b=c");

        store("tok", ScramMechanism.SCRAM_SHA_256, "hmac", 4096);
        SaslClient tokenClient = client(ScramMechanism.SCRAM_SHA_256, "tok", "hmac", Map.of("tokenauth", "true"));
        assertThatThrownBy(() -> servers.create(ScramMechanism.SCRAM_SHA_256)
                .evaluate(tokenClient.evaluateChallenge(new byte[0])))
                .isInstanceOf(ScramAuthenticationException.class).hasMessage(FAILED_256);
        // other extensions are ignored, as Kafka does
        SaslClient other = client(ScramMechanism.SCRAM_SHA_256, "tok", "hmac", Map.of("traceid", "42"));
        ScramServer server = servers.create(ScramMechanism.SCRAM_SHA_256);
        byte[] serverFirst = server.evaluate(other.evaluateChallenge(new byte[0]));
        other.evaluateChallenge(server.evaluate(other.evaluateChallenge(serverFirst)));
        assertThat(server.principal().name()).isEqualTo("tok");
    }

    @Test
    void aFailedExchangeCannotGoOn() throws Exception {
        ScramServer server = servers.create(ScramMechanism.SCRAM_SHA_512);
        assertThatThrownBy(() -> server.evaluate("nonsense".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ScramAuthenticationException.class)
                .hasMessage(FAILED_256.replace("256", "512"));
        assertThat(server.isComplete()).isFalse();
        assertThatThrownBy(() -> server.evaluate("n,,n=x,r=y".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(server::principal).isInstanceOf(IllegalStateException.class);
        assertThat(servers.create("PLAIN")).isEmpty();
        assertThat(servers.create("SCRAM-SHA-512")).isPresent();
    }
}
