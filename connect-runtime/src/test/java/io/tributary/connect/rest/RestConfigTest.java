package io.tributary.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Listeners, the worker's REST settings and the advertised URL. */
class RestConfigTest {

    private final InMemoryHerder herder = new InMemoryHerder("w");

    @Test
    void listenersParse() {
        assertThat(Listener.parse("http://localhost:8083")).isEqualTo(new Listener("http", "localhost", 8083));
        assertThat(Listener.parse("HTTP://0.0.0.0:8083").wildcard()).isTrue();
        assertThat(Listener.parse("http://:8083")).isEqualTo(new Listener("http", "", 8083));
        assertThat(Listener.parse("http://[::1]:0")).isEqualTo(new Listener("http", "::1", 0));
        assertThat(Listener.parse(" http://127.0.0.1:9000/ ")).isEqualTo(new Listener("http", "127.0.0.1", 9000));
    }

    @Test
    void anHttpsListenerWithoutAKeyStoreAndMalformedListenersFailWithAClearMessage() {
        assertThat(Listener.parse("https://localhost:8443")).isEqualTo(new Listener("https", "localhost", 8443));
        assertThatThrownBy(() -> new ConnectRestServer(herder, RestConfig.of("http://localhost:0",
                "https://localhost:8443"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ssl.keystore.location");
        assertThatThrownBy(() -> Listener.parse("ftp://localhost:21")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("protocol");
        assertThatThrownBy(() -> Listener.parse("localhost:8083")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Listener.parse("http://localhost")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> Listener.parse("http://localhost:http")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Listener.parse("http://::1:8083")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("brackets");
    }

    @Test
    void workerPropertiesAreReadByTheirKafkaNames() {
        RestConfig defaults = RestConfig.fromWorkerConfig(Map.of());
        assertThat(defaults.listeners()).containsExactly("http://:8083");
        assertThat(defaults.topicTrackingEnabled()).isTrue();
        assertThat(defaults.advertisedPort()).isNull();

        RestConfig set = RestConfig.fromWorkerConfig(Map.of("listeners", "http://a:1, http://b:2",
                "rest.advertised.host.name", "connect-1", "rest.advertised.port", "18083",
                "rest.advertised.listener", "http", "topic.tracking.enable", "false",
                "topic.tracking.allow.reset", "false"));
        assertThat(set.listeners()).containsExactly("http://a:1", "http://b:2");
        assertThat(set.advertisedHostName()).isEqualTo("connect-1");
        assertThat(set.advertisedPort()).isEqualTo(18083);
        assertThat(set.topicTrackingEnabled()).isFalse();
        assertThat(set.topicTrackingAllowReset()).isFalse();

        assertThat(RestConfig.fromWorkerConfig(Map.of("listeners", List.of("http://c:3"))).listeners())
                .containsExactly("http://c:3");
        assertThatThrownBy(() -> RestConfig.fromWorkerConfig(Map.of("rest.advertised.port", "x")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void portZeroBindsAnEphemeralPortThatIsAdvertised() {
        ConnectRestServer server = new ConnectRestServer(herder, RestConfig.of("http://localhost:0"));
        server.start();
        try {
            assertThat(server.port()).isPositive();
            assertThat(server.advertisedUrl().toString()).isEqualTo("http://localhost:" + server.port() + "/");
            assertThat(new TestClient(server.port()).get("/").status()).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void advertisedSettingsOverrideTheListener() {
        ConnectRestServer server = new ConnectRestServer(herder, RestConfig.fromWorkerConfig(Map.of(
                "listeners", "http://127.0.0.1:0", "rest.advertised.host.name", "connect-1.example",
                "rest.advertised.port", "18083", "rest.advertised.listener", "HTTPS")));
        server.start();
        try {
            assertThat(server.advertisedUrl().toString()).isEqualTo("https://connect-1.example:18083/");
        } finally {
            server.stop();
        }
    }

    @Test
    void aWildcardListenerAdvertisesAnAddressOfThisMachine() {
        ConnectRestServer server = new ConnectRestServer(herder, RestConfig.of("http://0.0.0.0:0"));
        server.start();
        try {
            assertThat(server.advertisedUrl().getHost()).isNotEqualTo("0.0.0.0").isNotEmpty();
            assertThat(server.advertisedUrl().getPort()).isEqualTo(server.port());
            assertThat(new TestClient("http://127.0.0.1:" + server.port()).get("/").status()).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void everyListenerServes() {
        ConnectRestServer server = new ConnectRestServer(herder, RestConfig.of("http://127.0.0.1:0",
                "http://localhost:0"));
        server.start();
        try {
            assertThat(server.listenerUrls()).hasSize(2);
            for (var url : server.listenerUrls()) {
                assertThat(new TestClient("http://127.0.0.1:" + url.getPort()).get("/").status()).isEqualTo(200);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aPortInUseFailsStart() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            ConnectRestServer server = new ConnectRestServer(herder,
                    RestConfig.of("http://127.0.0.1:" + taken.getLocalPort()));
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Unable to start the REST server");
        }
    }

    @Test
    void forwardQueryIsReplacedByForwardFalse() {
        assertThat(LeaderForwarder.withForwardFalse("/connectors")).isEqualTo("/connectors?forward=false");
        assertThat(LeaderForwarder.withForwardFalse("/c/x/restart?forward=true&includeTasks=true"))
                .isEqualTo("/c/x/restart?includeTasks=true&forward=false");
        assertThat(LeaderForwarder.join("http://l:8083/", "/connectors")).isEqualTo("http://l:8083/connectors");
        assertThat(LeaderForwarder.join("http://l:8083", "/connectors")).isEqualTo("http://l:8083/connectors");
    }
}
