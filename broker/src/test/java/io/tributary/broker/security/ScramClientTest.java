package io.tributary.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.cluster.metadata.ScramCredential;
import io.tributary.cluster.metadata.ScramMechanism;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The broker's SCRAM client (its inter-broker login) against the broker's own SCRAM server. */
class ScramClientTest {

    private final SecureRandom random = new SecureRandom();

    private ScramServer serverKnowing(String user, String password, ScramMechanism mechanism) {
        byte[] salt = "some-salt".getBytes(StandardCharsets.UTF_8);
        ScramCredential credential = mechanism.credential(salt, mechanism.saltedPassword(password.toCharArray(), salt,
                4096), 4096);
        return new ScramServer(mechanism, (u, m) -> u.equals(user) && m == mechanism ? Optional.of(credential)
                : Optional.empty(), random, new byte[32]);
    }

    @Test
    void logsInAndChecksTheServersSignature() throws Exception {
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            ScramServer server = serverKnowing("broker", "s3cret", mechanism);
            SaslClientMechanism client = SaslClientMechanism.of(mechanism.mechanismName(), "broker", "s3cret",
                    random);
            byte[] serverFirst = server.evaluate(client.initialResponse());
            byte[] serverFinal = server.evaluate(client.evaluate(serverFirst));
            assertThat(server.isComplete()).isTrue();
            assertThat(server.principal()).isEqualTo(KafkaPrincipal.user("broker"));
            assertThat(client.isComplete()).isFalse();
            client.evaluate(serverFinal);
            assertThat(client.isComplete()).as("the server proved it knows the credential").isTrue();
        }
    }

    @Test
    void aWrongPasswordOrAForgedServerAnswerFails() throws Exception {
        ScramServer server = serverKnowing("broker", "s3cret", ScramMechanism.SCRAM_SHA_256);
        SaslClientMechanism wrong = SaslClientMechanism.of("SCRAM-SHA-256", "broker", "guess", random);
        byte[] serverFirst = server.evaluate(wrong.initialResponse());
        byte[] clientFinal = wrong.evaluate(serverFirst);
        assertThatThrownBy(() -> server.evaluate(clientFinal)).isInstanceOf(ScramAuthenticationException.class);

        ScramServer other = serverKnowing("broker", "s3cret", ScramMechanism.SCRAM_SHA_256);
        SaslClientMechanism client = SaslClientMechanism.of("SCRAM-SHA-256", "broker", "s3cret", random);
        client.evaluate(other.evaluate(client.initialResponse()));
        assertThatThrownBy(() -> client.evaluate("v=Zm9yZ2Vk".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AuthenticationFailure.class).hasMessageContaining("signature");
        SaslClientMechanism replayed = SaslClientMechanism.of("SCRAM-SHA-256", "broker", "s3cret", random);
        replayed.initialResponse();
        assertThatThrownBy(() -> replayed.evaluate("r=someone-elses-nonce,s=c2FsdA==,i=4096".getBytes(
                StandardCharsets.UTF_8))).isInstanceOf(AuthenticationFailure.class);
    }
}
