package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.security.ImageScramCredentials;
import io.tributary.broker.security.ScramAuthenticationException;
import io.tributary.broker.security.ScramServer;
import io.tributary.broker.security.ScramServerFactory;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterUserScramCredentialsRequestData;
import io.tributary.protocol.message.AlterUserScramCredentialsResponseData;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.ApiVersionsRequestData;
import io.tributary.protocol.message.ApiVersionsResponseData;
import io.tributary.protocol.message.DescribeUserScramCredentialsRequestData;
import io.tributary.protocol.message.DescribeUserScramCredentialsResponseData;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.errors.DuplicateResourceException;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.apache.kafka.common.security.scram.internals.ScramSaslClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache kafka-clients' Admin managing SCRAM credentials on one in-process node (AlterUserScramCredentials and
 * DescribeUserScramCredentials), and a password set that way logging in through {@link ScramServer} over this
 * node's metadata image with kafka-clients' SCRAM client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminScramCredentialsTest {

    private TestBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        broker = TestBroker.start(dir, Map.of());
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void alter(UserScramCredentialAlteration... alterations) throws Exception {
        broker.admin.alterUserScramCredentials(List.of(alterations)).all().get();
    }

    private static UserScramCredentialUpsertion upsert(String user, ScramMechanism m, int iterations, String pw) {
        return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(m, iterations), pw);
    }

    @Test
    void upsertedCredentialsAreDescribedWithMechanismAndIterationsAndDeletedAgain() throws Exception {
        alter(upsert("alice", ScramMechanism.SCRAM_SHA_256, 8192, "alice-secret"));
        alter(upsert("alice", ScramMechanism.SCRAM_SHA_512, 4096, "alice-secret"),
                upsert("bob", ScramMechanism.SCRAM_SHA_256, 4096, "bob-secret"));

        Map<String, UserScramCredentialsDescription> all = broker.admin.describeUserScramCredentials().all().get();
        assertThat(all).containsKeys("alice", "bob");
        assertThat(all.get("alice").credentialInfos()).containsExactlyInAnyOrder(
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192),
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096));
        assertThat(broker.admin.describeUserScramCredentials(List.of("bob")).description("bob").get()
                .credentialInfos()).containsExactly(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096));

        alter(new UserScramCredentialDeletion("alice", ScramMechanism.SCRAM_SHA_256),
                new UserScramCredentialDeletion("bob", ScramMechanism.SCRAM_SHA_256));
        assertThat(broker.admin.describeUserScramCredentials(List.of("alice")).all().get().get("alice")
                .credentialInfos()).containsExactly(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096));
        assertThat(broker.admin.describeUserScramCredentials().all().get()).doesNotContainKey("bob");
        assertThatThrownBy(() -> broker.admin.describeUserScramCredentials(List.of("bob")).description("bob").get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ResourceNotFoundException.class);
        alter(new UserScramCredentialDeletion("alice", ScramMechanism.SCRAM_SHA_512));
    }

    @Test
    void badAlterationsGetKafkasErrors() throws Exception {
        var results = broker.admin.alterUserScramCredentials(List.of(
                upsert("few", ScramMechanism.SCRAM_SHA_256, 1024, "x"),
                new UserScramCredentialDeletion("ghost", ScramMechanism.SCRAM_SHA_512),
                upsert("twice", ScramMechanism.SCRAM_SHA_256, 4096, "x"),
                upsert("twice", ScramMechanism.SCRAM_SHA_512, 4096, "x"),
                // deletions are checked first, as in Kafka: a failed one is the user's answer
                new UserScramCredentialDeletion("gone", ScramMechanism.SCRAM_SHA_512),
                upsert("gone", ScramMechanism.SCRAM_SHA_256, 4096, "x"),
                upsert("good", ScramMechanism.SCRAM_SHA_512, 4096, "x"))).values();
        assertThatThrownBy(() -> results.get("few").get()).hasCauseInstanceOf(UnacceptableCredentialException.class)
                .hasMessageContaining("Too few iterations");
        assertThatThrownBy(() -> results.get("ghost").get()).hasCauseInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> results.get("twice").get()).hasCauseInstanceOf(DuplicateResourceException.class);
        assertThatThrownBy(() -> results.get("gone").get()).hasCauseInstanceOf(ResourceNotFoundException.class);
        assertThat(broker.admin.describeUserScramCredentials().all().get()).containsOnlyKeys("good");
        results.get("good").get();
        alter(new UserScramCredentialDeletion("good", ScramMechanism.SCRAM_SHA_512));
    }

    @Test
    void describeAnswersPerUserAsKafkaDoes() throws Exception {
        alter(upsert("carol", ScramMechanism.SCRAM_SHA_256, 4096, "c"));
        try (RawClient raw = new RawClient(broker.server.boundAddress())) {
            DescribeUserScramCredentialsResponseData answer = (DescribeUserScramCredentialsResponseData) raw.send(
                    new DescribeUserScramCredentialsRequestData().setUsers(List.of(
                            new DescribeUserScramCredentialsRequestData.UserName().setName("carol"),
                            new DescribeUserScramCredentialsRequestData.UserName().setName("dan"),
                            new DescribeUserScramCredentialsRequestData.UserName().setName("erin"),
                            new DescribeUserScramCredentialsRequestData.UserName().setName("erin"))), (short) 0);
            assertThat(answer.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(answer.results()).hasSize(3);
            assertThat(answer.results().get(0).credentialInfos()).hasSize(1);
            assertThat(answer.results().get(1).errorCode()).isEqualTo(Errors.RESOURCE_NOT_FOUND.code());
            assertThat(answer.results().get(1).errorMessage())
                    .isEqualTo("Attempt to describe a user credential that does not exist: dan");
            assertThat(answer.results().get(2).errorCode()).isEqualTo(Errors.DUPLICATE_RESOURCE.code());

            AlterUserScramCredentialsResponseData empty = (AlterUserScramCredentialsResponseData) raw.send(
                    new AlterUserScramCredentialsRequestData(), (short) 0);
            assertThat(empty.results()).isEmpty();

            ApiVersionsResponseData versions = (ApiVersionsResponseData) raw.send(new ApiVersionsRequestData()
                    .setClientSoftwareName("raw").setClientSoftwareVersion("1"), (short) 3);
            assertThat(versions.apiKeys()).extracting(k -> k.apiKey()).contains(
                    ApiKey.ALTER_USER_SCRAM_CREDENTIALS.id(), ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS.id());
        }
        alter(new UserScramCredentialDeletion("carol", ScramMechanism.SCRAM_SHA_256));
    }

    @Test
    void aPasswordSetThroughAdminLogsInThroughTheScramServer() throws Exception {
        alter(upsert("frank", ScramMechanism.SCRAM_SHA_512, 8192, "frank-secret"));
        ScramServerFactory servers = new ScramServerFactory(new ImageScramCredentials(broker.server::metadataImage),
                new SecureRandom());
        assertThat(login(servers, "frank", "frank-secret")).isEqualTo("User:frank");
        assertThatThrownBy(() -> login(servers, "frank", "wrong")).isInstanceOf(ScramAuthenticationException.class);
        alter(new UserScramCredentialDeletion("frank", ScramMechanism.SCRAM_SHA_512));
        assertThatThrownBy(() -> login(servers, "frank", "frank-secret"))
                .isInstanceOf(ScramAuthenticationException.class);
    }

    private static String login(ScramServerFactory servers, String user, String password) throws Exception {
        SaslClient client = new ScramSaslClient.ScramSaslClientFactory().createSaslClient(
                new String[] {"SCRAM-SHA-512"}, null, "kafka", "localhost", Map.of(), callbacks -> {
                    for (Callback cb : callbacks) {
                        if (cb instanceof NameCallback n) {
                            n.setName(user);
                        } else if (cb instanceof PasswordCallback p) {
                            p.setPassword(password.toCharArray());
                        } else {
                            throw new UnsupportedCallbackException(cb);
                        }
                    }
                });
        ScramServer server = servers.create("SCRAM-SHA-512").orElseThrow();
        byte[] serverFirst = server.evaluate(client.evaluateChallenge(new byte[0]));
        client.evaluateChallenge(server.evaluate(client.evaluateChallenge(serverFirst)));
        return server.principal().toString();
    }
}
