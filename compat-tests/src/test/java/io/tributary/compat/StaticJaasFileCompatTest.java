package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker configured the way many Kafka deployments are: SASL/PLAIN users in a static JAAS file given with
 * {@code -Djava.security.auth.login.config} (what {@code KAFKA_OPTS} carries), section {@code KafkaServer}, and no
 * {@code sasl.jaas.config} setting. kafka-clients and kcat (librdkafka) log in with those users; a wrong password
 * is refused.
 */
class StaticJaasFileCompatTest {

    @TempDir
    Path dir;

    @Test
    void plainUsersComeFromTheKafkaServerSectionOfTheJaasFile() throws Exception {
        Path jaas = dir.resolve("kafka_server_jaas.conf");
        Files.writeString(jaas, """
                KafkaServer {
                  org.apache.kafka.common.security.plain.PlainLoginModule required
                  username="admin" password="admin-secret"
                  user_admin="admin-secret"
                  user_alice="alice-secret";
                };
                """);
        int plain = TributaryProcess.freePort();
        int controller = TributaryProcess.freePort();
        int sasl = TributaryProcess.freePort();
        Map<String, String> config = Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:" + plain + ",CONTROLLER://127.0.0.1:" + controller
                        + ",SASL_PLAINTEXT://127.0.0.1:" + sasl,
                "sasl.enabled.mechanisms", "PLAIN");
        try (TributaryProcess broker = new TributaryProcess(dir.resolve("data"), plain, controller, config)
                .jvmOption("-Djava.security.auth.login.config=" + jaas).start()) {
            String bootstrap = "127.0.0.1:" + sasl;
            try (Admin alice = Admin.create(plainClient(bootstrap, "alice", "alice-secret"))) {
                alice.createTopics(List.of(new NewTopic("jaas-file", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Kcat kcat = Kcat.locate(dir);
            List<String> asAlice = List.of("-b", bootstrap, "-X", "security.protocol=sasl_plaintext", "-X",
                    "sasl.mechanisms=PLAIN", "-X", "sasl.username=alice", "-X", "sasl.password=alice-secret");
            Kcat.Result produced = kcat.run("j1\nj2\n", 60, Kcat.args(asAlice, "-t", "jaas-file", "-P", "-X",
                    "topic.request.required.acks=all"));
            assertThat(produced.exitCode()).as("%s", produced).isZero();
            Kcat.Result read = kcat.run("", 60, Kcat.args(asAlice, "-t", "jaas-file", "-C", "-o", "beginning", "-c", "2",
                    "-e"));
            assertThat(read.lines()).as("%s", read).containsExactly("j1", "j2");

            try (Admin wrong = Admin.create(plainClient(bootstrap, "alice", "not-her-password"))) {
                assertThatThrownBy(() -> wrong.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    private static Properties plainClient(String bootstrap, String user, String password) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + user + "\" password=\"" + password + "\";");
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        return p;
    }
}
