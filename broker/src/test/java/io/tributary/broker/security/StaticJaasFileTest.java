package io.tributary.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.network.ListenerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PLAIN users from a static JAAS file, as a Kafka broker started with {@code -Djava.security.auth.login.config}. */
class StaticJaasFileTest {

    private static final String PROPERTY = "java.security.auth.login.config";

    @TempDir
    Path dir;

    private final String previous = System.getProperty(PROPERTY);

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
        Configuration.setConfiguration(null);   // the next reader loads whatever the property names
    }

    private void jaasFile(String text) throws Exception {
        Path file = dir.resolve("kafka_server_jaas.conf");
        Files.writeString(file, text);
        System.setProperty(PROPERTY, file.toString());
        Configuration.setConfiguration(null);
    }

    private static SaslMechanisms plainOn(String listener, Map<String, String> settings) {
        ListenerConfig l = new ListenerConfig(listener, SecurityProtocol.SASL_PLAINTEXT, new InetSocketAddress(0),
                new InetSocketAddress(0), settings);
        return SaslMechanisms.forListener(l, new ScramServerFactory((u, m) -> Optional.empty(), new SecureRandom()));
    }

    private static boolean accepts(SaslMechanisms mechanisms, String user, String password) {
        SaslServerMechanism plain = mechanisms.start("PLAIN").orElseThrow();
        try {
            plain.evaluate(("\0" + user + "\0" + password).getBytes());
            return plain.isComplete();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theListenersSectionComesFirstThenKafkaServer() throws Exception {
        jaasFile("""
                sasl_internal.KafkaServer {
                  org.apache.kafka.common.security.plain.PlainLoginModule required
                  username="admin" password="admin-secret" user_admin="admin-secret";
                };
                KafkaServer {
                  org.apache.kafka.common.security.plain.PlainLoginModule required
                  user_alice="alice-secret";
                };
                """);
        Map<String, String> plain = Map.of("sasl.enabled.mechanisms", "PLAIN");
        SaslMechanisms internal = plainOn("SASL_INTERNAL", plain);
        assertThat(accepts(internal, "admin", "admin-secret")).isTrue();
        assertThat(accepts(internal, "alice", "alice-secret")).as("only its own section").isFalse();
        SaslMechanisms external = plainOn("SASL_PLAINTEXT", plain);
        assertThat(accepts(external, "alice", "alice-secret")).isTrue();
        assertThat(accepts(external, "alice", "wrong")).isFalse();
        // the listener's own sasl.jaas.config wins over the file
        SaslMechanisms configured = plainOn("SASL_PLAINTEXT", Map.of("sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_bob=\"b\";"));
        assertThat(accepts(configured, "bob", "b")).isTrue();
        assertThat(accepts(configured, "alice", "alice-secret")).isFalse();
    }

    @Test
    void withoutEitherTheStartupErrorNamesBoth() throws Exception {
        jaasFile("""
                Client {
                  org.apache.kafka.common.security.plain.PlainLoginModule required username="x" password="y";
                };
                """);
        assertThatThrownBy(() -> plainOn("SASL_PLAINTEXT", Map.of("sasl.enabled.mechanisms", "PLAIN")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listener.name.sasl_plaintext.plain.sasl.jaas.config")
                .hasMessageContaining("sasl_plaintext.KafkaServer or KafkaServer");
    }
}
