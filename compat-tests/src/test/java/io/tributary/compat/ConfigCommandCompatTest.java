package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: Apache's {@code kafka-configs} ({@code kafka.admin.ConfigCommand} of Kafka 4.3.1) against a Tributary
 * process with the authorizer on, logged in over SASL_PLAINTEXT (PLAIN) as the super user: it sets a user's SCRAM
 * credential, with which that user then logs in, and user and client-id quotas, which its {@code --describe} shows.
 */
class ConfigCommandCompatTest {

    @TempDir
    Path dir;

    @Test
    void kafkaConfigsSetsScramCredentialsAndQuotasThatTributaryServes() throws Exception {
        int plain = TributaryProcess.freePort();
        int sasl = TributaryProcess.freePort();
        int controller = TributaryProcess.freePort();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + plain + ",SASL_PLAINTEXT://127.0.0.1:" + sasl
                + ",CONTROLLER://127.0.0.1:" + controller);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                + "CONTROLLER:PLAINTEXT");
        config.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256");
        config.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_admin=\"admin-secret\";");
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("super.users", "User:admin");
        String bootstrap = "127.0.0.1:" + sasl;
        try (TributaryProcess broker = new TributaryProcess(dir.resolve("data"), plain, controller, config).start()) {
            Path adminConfig = dir.resolve("admin.properties");
            Properties admin = new Properties();
            admin.putAll(Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", "sasl.mechanism",
                    "PLAIN", "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + "username=\"admin\" password=\"admin-secret\";"));
            try (var out = Files.newBufferedWriter(adminConfig)) {
                admin.store(out, null);
            }
            KafkaTool configs = KafkaTool.locateConfigCommand(dir);
            List<String> asAdmin = List.of("--bootstrap-server", bootstrap, "--command-config", adminConfig.toString());

            KafkaTool.Result scram = configs.runClass("kafka.admin.ConfigCommand", with(asAdmin, "--alter",
                    "--add-config", "SCRAM-SHA-256=[iterations=8192,password=carol-secret]", "--entity-type", "users",
                    "--entity-name", "carol"));
            assertThat(scram.exitCode()).as("%s", scram).isZero();
            assertThat(scram.stdout()).contains("Completed updating config for user carol.");
            try (Admin carol = Admin.create(scramClient(bootstrap, "carol", "carol-secret"))) {
                assertThat(carol.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isNotEmpty();
            }
            try (Admin wrong = Admin.create(scramClient(bootstrap, "carol", "wrong"))) {
                assertThatThrownBy(() -> wrong.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }

            for (List<String> entity : List.of(List.of("--entity-type", "users", "--entity-name", "carol"),
                    List.of("--entity-type", "clients", "--entity-name", "slow"))) {
                List<String> alter = new ArrayList<>(List.of("--alter", "--add-config",
                        "producer_byte_rate=1048576,consumer_byte_rate=2097152"));
                alter.addAll(entity);
                KafkaTool.Result altered = configs.runClass("kafka.admin.ConfigCommand", with(asAdmin,
                        alter.toArray(String[]::new)));
                assertThat(altered.exitCode()).as("%s", altered).isZero();
            }
            KafkaTool.Result user = configs.runClass("kafka.admin.ConfigCommand", with(asAdmin, "--describe",
                    "--entity-type", "users", "--entity-name", "carol"));
            assertThat(user.exitCode()).as("%s", user).isZero();
            assertThat(user.stdout()).as("%s", user)
                    .contains("Quota configs for user-principal 'carol' are consumer_byte_rate=2097152.0, "
                            + "producer_byte_rate=1048576.0")
                    .contains("SCRAM credential configs for user-principal 'carol' are SCRAM-SHA-256=iterations=8192");
            KafkaTool.Result client = configs.runClass("kafka.admin.ConfigCommand", with(asAdmin, "--describe",
                    "--entity-type", "clients", "--entity-name", "slow"));
            assertThat(client.exitCode()).as("%s", client).isZero();
            assertThat(client.stdout()).as("%s", client).contains("Quota configs for client-id 'slow' are "
                    + "consumer_byte_rate=2097152.0, producer_byte_rate=1048576.0");
        }
    }

    private static Properties scramClient(String bootstrap, String user, String password) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-256");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    private static String[] with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
