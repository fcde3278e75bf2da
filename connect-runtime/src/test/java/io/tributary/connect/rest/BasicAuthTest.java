package io.tributary.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthTest {

    @TempDir
    Path dir;

    private final Configuration previous = Configuration.getConfiguration();

    @AfterEach
    void restoreJaas() {
        Configuration.setConfiguration(previous);
    }

    @Test
    void onlyWhenTheExtensionIsNamed() {
        assertThat(BasicAuth.fromWorkerConfig(Map.of())).isNull();
        assertThat(BasicAuth.fromWorkerConfig(Map.of("rest.extension.classes", "com.example.Other"))).isNull();
    }

    @Test
    void knownUsersPassAndInternalRoutesNeedNoCredentials() throws Exception {
        BasicAuth auth = withUsersFile("alice=s3cret\n");

        assertThat(auth.allows("GET", "/connectors", basic("alice", "s3cret"))).isTrue();
        assertThat(auth.allows("GET", "/connectors", basic("alice", "s3cre"))).isFalse();
        assertThat(auth.allows("GET", "/connectors", basic("mallory", "s3cret"))).isFalse();
        assertThat(auth.allows("GET", "/connectors", null)).isFalse();
        assertThat(auth.allows("GET", "/connectors", "Bearer abc")).isFalse();
        assertThat(auth.allows("GET", "/connectors", "Basic !!!not-base64")).isFalse();
        assertThat(auth.allows("GET", "/connectors", "Basic " + b64("no-colon"))).isFalse();
        // the routes other workers call on their own behalf, as Apache's filter lets them through
        assertThat(auth.allows("PUT", "/connectors/src/fence", null)).isTrue();
        assertThat(auth.allows("POST", "/connectors/src/tasks", null)).isTrue();
        assertThat(auth.allows("GET", "/connectors/src/tasks", null)).isFalse();
    }

    @Test
    void aMissingJaasSectionOrUsersFileIsAStartupError() {
        Configuration.setConfiguration(jaas(Map.of()));
        assertThatThrownBy(() -> BasicAuth.fromWorkerConfig(Map.of("rest.extension.classes", BasicAuth.EXTENSION)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KafkaConnect");
        Configuration.setConfiguration(jaas(Map.of("file", dir.resolve("missing.properties").toString())));
        assertThatThrownBy(() -> BasicAuth.fromWorkerConfig(Map.of("rest.extension.classes", BasicAuth.EXTENSION)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.properties");
    }

    private BasicAuth withUsersFile(String lines) throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, lines, StandardCharsets.UTF_8);
        Configuration.setConfiguration(jaas(Map.of("file", users.toString())));
        return BasicAuth.fromWorkerConfig(Map.of("rest.extension.classes", "a.B, " + BasicAuth.EXTENSION));
    }

    /** A JAAS configuration with a KafkaConnect section holding Apache's login module with these options. */
    private static Configuration jaas(Map<String, String> options) {
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                if (!name.equals(BasicAuth.JAAS_SECTION) || options.isEmpty()) {
                    return null;
                }
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
    }

    private static String basic(String user, String password) {
        return "Basic " + b64(user + ":" + password);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
