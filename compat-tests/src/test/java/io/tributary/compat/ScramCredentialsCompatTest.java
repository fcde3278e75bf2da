package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache kafka-clients' Admin managing SCRAM credentials (KIP-554) on a Tributary process over a real socket:
 * AlterUserScramCredentials and DescribeUserScramCredentials with Kafka's answers, and credentials that survive the
 * process being killed and started again (they live in the metadata log).
 */
class ScramCredentialsCompatTest {

    @TempDir
    static Path dir;

    private static TributaryProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.stop();
    }

    @Test
    void credentialsAreSetDescribedDeletedAndSurviveARestart() throws Exception {
        try (Admin admin = broker.admin()) {
            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("alice", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256,
                            8192), "alice-secret"),
                    new UserScramCredentialUpsertion("bob", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512,
                            4096), "bob-secret"))).all().get();
            Map<String, UserScramCredentialsDescription> all = admin.describeUserScramCredentials().all().get();
            assertThat(all).containsOnlyKeys("alice", "bob");
            assertThat(all.get("alice").credentialInfos())
                    .containsExactly(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192));

            var refused = admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("carol",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 100), "x"))).values().get("carol");
            assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnacceptableCredentialException.class);
            assertThatThrownBy(() -> admin.describeUserScramCredentials(List.of("carol")).description("carol").get())
                    .hasCauseInstanceOf(ResourceNotFoundException.class);
        }

        broker.kill();
        broker.start();

        try (Admin admin = broker.admin()) {
            Map<String, UserScramCredentialsDescription> after = admin.describeUserScramCredentials().all().get();
            assertThat(after).containsOnlyKeys("alice", "bob");
            assertThat(after.get("bob").credentialInfos())
                    .containsExactly(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096));

            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialDeletion("alice", ScramMechanism.SCRAM_SHA_256))).all().get();
            assertThat(admin.describeUserScramCredentials().all().get()).containsOnlyKeys("bob");
            var missing = admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialDeletion("alice", ScramMechanism.SCRAM_SHA_256))).values().get("alice");
            assertThatThrownBy(missing::get).hasCauseInstanceOf(ResourceNotFoundException.class);
        }
    }
}
