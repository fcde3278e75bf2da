package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, "What must be shown" 2: one process with the authorizer on, a SASL_SSL listener (PLAIN and SCRAM-SHA-256)
 * and a mutual-TLS listener whose certificate names map to users ({@code ssl.principal.mapping.rules}). Apache's
 * {@code kafka-acls} ({@code AclCommand}) grants over SASL_SSL, logged in with SCRAM as a super user
 * ({@code --command-config}); kcat (librdkafka) as {@code alice} over mutual TLS and as {@code bob} over SASL_SSL/PLAIN,
 * and kafka-clients as {@code carol} over SASL_SSL/SCRAM, get exactly what the ACLs grant.
 */
class AuthorizationCompatTest {

    @TempDir
    Path dir;

    @Test
    void aclsSetWithKafkaAclsOverScramGovernKcatAndKafkaClientsOverTlsAndSasl() throws Exception {
        TestCertificates certs = TestCertificates.create(dir.resolve("tls"));
        int plain = TributaryProcess.freePort();
        int controller = TributaryProcess.freePort();
        int saslSsl = TributaryProcess.freePort();
        int mtls = TributaryProcess.freePort();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + plain + ",CONTROLLER://127.0.0.1:" + controller
                + ",SASL_SSL://127.0.0.1:" + saslSsl + ",MTLS://127.0.0.1:" + mtls);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,"
                + "MTLS:SSL");
        config.putAll(certs.serverKeystoreSettings(""));
        config.putAll(certs.truststoreSettings(""));
        config.put("listener.name.mtls.ssl.client.auth", "required");
        // CN=alice,OU=eng,O=tributary → User:alice, the same user as over SASL
        config.put("listener.name.mtls.ssl.principal.mapping.rules", "RULE:^CN=([^,]*),.*$/$1/,DEFAULT");
        config.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256");
        config.put("listener.name.sasl_ssl.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_bob=\"bob-secret\";");
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("super.users", "User:ANONYMOUS;User:admin");   // ANONYMOUS: the private PLAINTEXT listener
        try (TributaryProcess broker = new TributaryProcess(dir.resolve("data"), plain, controller, config).start()) {
            try (Admin internal = broker.admin()) {
                internal.alterUserScramCredentials(List.of(
                        new UserScramCredentialUpsertion("admin", new ScramCredentialInfo(
                                ScramMechanism.SCRAM_SHA_256, 4096), "admin-secret"),
                        new UserScramCredentialUpsertion("carol", new ScramCredentialInfo(
                                ScramMechanism.SCRAM_SHA_256, 4096), "carol-secret"))).all().get(30, TimeUnit.SECONDS);
                internal.createTopics(List.of(new NewTopic("orders", 1, (short) 1),
                        new NewTopic("secret", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }

            // kafka-acls over SASL_SSL, logged in with SCRAM as the super user admin
            Path adminConfig = dir.resolve("admin.properties");
            Properties admin = scram(certs, "admin", "admin-secret");
            try (var out = Files.newBufferedWriter(adminConfig)) {
                admin.store(out, null);
            }
            KafkaTool tools = KafkaTool.locate(dir);
            String bootstrap = "127.0.0.1:" + saslSsl;
            for (List<String> grant : List.of(
                    List.of("--allow-principal", "User:alice", "--operation", "Read", "--operation", "Write",
                            "--topic", "orders"),
                    List.of("--allow-principal", "User:carol", "--operation", "Write", "--topic", "orders"))) {
                List<String> args = new java.util.ArrayList<>(List.of("--bootstrap-server", bootstrap,
                        "--command-config", adminConfig.toString(), "--add"));
                args.addAll(grant);
                KafkaTool.Result added = tools.run("AclCommand", args.toArray(String[]::new));
                assertThat(added.exitCode()).as("%s", added).isZero();
            }
            KafkaTool.Result listed = tools.run("AclCommand", "--bootstrap-server", bootstrap, "--command-config",
                    adminConfig.toString(), "--list", "--topic", "orders");
            assertThat(listed.exitCode()).as("%s", listed).isZero();
            assertThat(listed.stdout()).contains("principal=User:alice, host=*, operation=READ, permissionType=ALLOW")
                    .contains("principal=User:carol, host=*, operation=WRITE, permissionType=ALLOW");

            // kcat as alice over mutual TLS: writes and reads orders, may not write secret
            Kcat kcat = Kcat.locate(dir);
            List<String> alice = List.of("-b", "127.0.0.1:" + mtls, "-X", "security.protocol=ssl", "-X",
                    "ssl.ca.location=" + certs.caPem, "-X", "ssl.keystore.location=" + certs.clientKeystore, "-X",
                    "ssl.keystore.password=" + TestCertificates.PASSWORD);
            Kcat.Result produced = kcat.run("a1\na2\n", 60, Kcat.args(alice, "-t", "orders", "-P", "-X",
                    "topic.request.required.acks=all"));
            assertThat(produced.exitCode()).as("alice writes orders: " + produced).isZero();
            Kcat.Result read = kcat.run("", 60, Kcat.args(alice, "-t", "orders", "-C", "-o", "beginning", "-c", "2", "-e"));
            assertThat(read.lines()).as("alice reads orders: " + read).containsExactly("a1", "a2");
            Kcat.Result refused = kcat.run("x\n", 60, Kcat.args(alice, "-t", "secret", "-P", "-X",
                    "topic.request.required.acks=all", "-X", "message.timeout.ms=10000"));
            assertThat(refused.stderr()).as("alice may not write secret: " + refused)
                    .containsIgnoringCase("authoriz");

            // kcat as bob over SASL_SSL/PLAIN: no ACL, nothing written
            Kcat.Result bob = kcat.run("b\n", 60, "-b", bootstrap, "-X", "security.protocol=sasl_ssl", "-X",
                    "ssl.ca.location=" + certs.caPem, "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=bob", "-X",
                    "sasl.password=bob-secret", "-t", "orders", "-P", "-X", "message.timeout.ms=10000");
            assertThat(bob.stderr()).as("bob may not write orders: " + bob).containsIgnoringCase("authoriz");

            // kafka-clients as carol over SASL_SSL/SCRAM: may write orders, not read it
            Properties carol = scram(certs, "carol", "carol-secret");
            carol.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(carol, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("orders", "c", "c1")).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(carol, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.assign(List.of(new TopicPartition("orders", 0)));
                consumer.seekToBeginning(consumer.assignment());
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 50; i++) {
                        consumer.poll(Duration.ofMillis(200));
                    }
                }).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("orders");
            }
        }
    }

    private static Properties scram(TestCertificates certs, String user, String password) {
        Properties p = new Properties();
        p.putAll(certs.truststoreSettings(""));
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-256");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }
}
