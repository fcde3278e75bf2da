package io.tributary.connect.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.connect.plugins.Plugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KIP-297 references in connector configs, resolved through the worker's config providers. */
class ConfigProvidersTest {

    private static Plugins plugins;

    @TempDir
    Path dir;

    @BeforeAll
    static void scan() {
        plugins = Plugins.scan(List.of());
    }

    private Path secrets() throws IOException {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "password=s3cr3t\nuser=admin\n");
        return file;
    }

    private static final Map<String, String> FILE_PROVIDER = Map.of(
            "config.providers", "file",
            "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");

    @Test
    void aFileReferenceIsResolved() throws IOException {
        Path file = secrets();
        try (ConfigProviders providers = new ConfigProviders(FILE_PROVIDER, plugins)) {
            Map<String, String> resolved = providers.resolve(Map.of(
                    "connection.password", "${file:" + file + ":password}",
                    "connection.url", "jdbc:postgresql://db/${file:" + file + ":user}",
                    "name", "plain"));

            assertThat(resolved).isEqualTo(Map.of(
                    "connection.password", "s3cr3t",
                    "connection.url", "jdbc:postgresql://db/admin",
                    "name", "plain"));
            assertThat(providers.names()).containsExactly("file");
        }
    }

    @Test
    void aProviderCanBeNamedByAlias() throws IOException {
        Path file = secrets();
        try (ConfigProviders providers = new ConfigProviders(Map.of(
                "config.providers", "f",
                "config.providers.f.class", "FileConfigProvider"), plugins)) {
            assertThat(providers.resolve(Map.of("p", "${f:" + file + ":password}"))).isEqualTo(Map.of("p", "s3cr3t"));
        }
    }

    @Test
    void aProvidersParametersAreItsConfiguration() throws IOException {
        Path file = secrets();
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        String reference = "${file:" + file + ":password}";

        // allowed.paths (KIP-993) reaches the provider only through config.providers.file.param.*
        try (ConfigProviders providers = new ConfigProviders(Map.of(
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "config.providers.file.param.allowed.paths", elsewhere.toString()), plugins)) {
            assertThat(providers.resolve(Map.of("p", reference)).get("p")).isNotEqualTo("s3cr3t");
        }
        try (ConfigProviders providers = new ConfigProviders(Map.of(
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "config.providers.file.param.allowed.paths", dir.toString()), plugins)) {
            assertThat(providers.resolve(Map.of("p", reference))).isEqualTo(Map.of("p", "s3cr3t"));
        }
    }

    @Test
    void withoutProvidersTheConfigIsReturnedUnchanged() {
        Map<String, String> config = Map.of("p", "${file:/nowhere.properties:password}", "q", "plain");
        try (ConfigProviders providers = new ConfigProviders(Map.of(), plugins)) {
            assertThat(providers.resolve(config)).isSameAs(config);
            assertThat(providers.names()).isEmpty();
        }
    }

    @Test
    void aConfigWithoutReferencesIsReturnedUnchanged() {
        Map<String, String> config = Map.of("q", "plain");
        try (ConfigProviders providers = new ConfigProviders(FILE_PROVIDER, plugins)) {
            assertThat(providers.resolve(config)).isSameAs(config);
        }
    }

    @Test
    void aReferenceToAnUnknownProviderStaysAsWritten() throws IOException {
        Path file = secrets();
        try (ConfigProviders providers = new ConfigProviders(FILE_PROVIDER, plugins)) {
            assertThat(providers.resolve(Map.of("p", "${vault:" + file + ":password}")))
                    .isEqualTo(Map.of("p", "${vault:" + file + ":password}"));
        }
    }

    @Test
    void aListedProviderWithoutClassIsRefused() {
        assertThatThrownBy(() -> new ConfigProviders(Map.of("config.providers", "file"), plugins))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.providers.file.class");
    }

    @Test
    void aProviderClassThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> new ConfigProviders(Map.of(
                "config.providers", "vault",
                "config.providers.vault.class", "com.example.NoSuchProvider"), plugins))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Class com.example.NoSuchProvider could not be found.");
    }

    @Test
    void blankEntriesInTheListAreIgnored() throws IOException {
        Path file = secrets();
        try (ConfigProviders providers = new ConfigProviders(Map.of(
                "config.providers", " file , ",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"),
                plugins)) {
            assertThat(providers.names()).containsExactly("file");
            assertThat(providers.resolve(Map.of("p", "${file:" + file + ":password}"))).isEqualTo(Map.of("p", "s3cr3t"));
        }
    }
}
