package io.tributary.connect.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import org.junit.jupiter.api.Test;

/** Which classes a plugin shares with the worker (the contract between them) and which it may bring itself. */
class PluginClassLoaderTest {

    @Test
    void theJdkSlf4jAndTheKafkaApisAreShared() {
        assertThat(PluginClassLoader.sharedWithWorker("java.lang.String")).isTrue();
        assertThat(PluginClassLoader.sharedWithWorker("javax.management.ObjectName")).isTrue();
        assertThat(PluginClassLoader.sharedWithWorker("org.slf4j.Logger")).isTrue();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.connector.Connector")).isTrue();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.source.SourceTask")).isTrue();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.storage.Converter")).isTrue();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.clients.producer.KafkaProducer")).isTrue();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.common.config.ConfigDef")).isTrue();
    }

    @Test
    void theTransformationAndPredicateInterfacesAreShared() {
        // Both are connect-api, in the package of Apache's transforms (connect-transforms) that a plugin may bring.
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.transforms.Transformation")).isTrue();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.transforms.predicates.Predicate"))
                .isTrue();
    }

    @Test
    void apachesPluginsAndEverythingElseComeFromThePluginFirst() {
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.transforms.HoistField$Value")).isFalse();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.transforms.util.SimpleConfig"))
                .isFalse();
        assertThat(PluginClassLoader.sharedWithWorker(
                "org.apache.kafka.connect.transforms.predicates.TopicNameMatches")).isFalse();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.json.JsonConverter")).isFalse();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.file.FileStreamSourceConnector"))
                .isFalse();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafka.connect.mirror.MirrorSourceConnector"))
                .isFalse();
        assertThat(PluginClassLoader.sharedWithWorker("com.fasterxml.jackson.databind.ObjectMapper")).isFalse();
        assertThat(PluginClassLoader.sharedWithWorker("io.tributary.connect.worker.Worker")).isFalse();
        assertThat(PluginClassLoader.sharedWithWorker("org.apache.kafkaesque.Thing")).isFalse();
    }

    @Test
    void aLoaderWithoutUrlsDelegatesEverythingToTheWorker() throws Exception {
        try (PluginClassLoader loader = new PluginClassLoader("empty", new URL[0], getClass().getClassLoader())) {
            assertThat(loader.location()).isEqualTo("empty");
            assertThat(loader.loadClass(Shadowed.class.getName())).isSameAs(Shadowed.class);
            assertThat(loader.loadClass("org.apache.kafka.connect.json.JsonConverter"))
                    .isSameAs(org.apache.kafka.connect.json.JsonConverter.class);
            assertThat(loader.getResource("META-INF/services/org.apache.kafka.connect.storage.Converter")).isNotNull();
            assertThat(loader).hasToString("PluginClassLoader{empty}");
        }
    }
}
