package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.network.ListenerConfig;
import io.tributary.broker.security.SecurityProtocol;
import io.tributary.log.InvalidConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerConfigListenersTest {

    private static BrokerConfig config(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("log.dirs", "/tmp/unused");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return BrokerConfig.from(props);
    }

    @Test
    void listenersTakeTheirProtocolFromTheMapAndTheirAdvertisedAddress() {
        BrokerConfig c = config("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,"
                        + "SSL://0.0.0.0:9094,EXTERNAL://0.0.0.0:9095",
                "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,"
                        + "EXTERNAL:SASL_SSL",
                "advertised.listeners", "SSL://broker.example:9094,EXTERNAL://public.example:19095",
                "listener.name.external.ssl.keystore.location", "/own", "ssl.keystore.location", "/shared");
        assertThat(c.listeners()).extracting(ListenerConfig::name).containsExactly("PLAINTEXT", "SSL", "EXTERNAL");
        assertThat(c.listeners()).extracting(ListenerConfig::protocol).containsExactly(SecurityProtocol.PLAINTEXT,
                SecurityProtocol.SSL, SecurityProtocol.SASL_SSL);
        ListenerConfig external = c.listeners().get(2);
        assertThat(external.advertised().getHostString()).isEqualTo("public.example");
        assertThat(external.advertised().getPort()).isEqualTo(19095);
        assertThat(external.get("ssl.keystore.location")).isEqualTo("/own");
        assertThat(c.listeners().get(1).get("ssl.keystore.location")).isEqualTo("/shared");
        assertThat(c.interBrokerListener()).isEqualTo("PLAINTEXT");
        assertThat(c.listener().getPort()).isEqualTo(9092);
    }

    @Test
    void theInterBrokerListenerMayHaveAnyNameAndItsLoginIsCheckedAtStartup() {
        BrokerConfig c = config("listeners", "INTERNAL://127.0.0.1:9092,SSL://0.0.0.0:9094,CONTROLLER://:9093",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "internal");
        assertThat(c.interBrokerListener()).isEqualTo("INTERNAL");
        assertThat(c.listener().getPort()).isEqualTo(9092);
        assertThatThrownBy(() -> config("listeners", "SSL://0.0.0.0:9094,CONTROLLER://:9093"))
                .hasMessageContaining("there is no listener named PLAINTEXT");

        String sasl = "org.apache.kafka.common.security.plain.PlainLoginModule required user_broker=\"b\";";
        BrokerConfig noMechanism = config("listeners", "INTERNAL://127.0.0.1:9092,CONTROLLER://:9093",
                "listener.security.protocol.map", "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL", "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.internal.plain.sasl.jaas.config", sasl);
        assertThatThrownBy(noMechanism::interBrokerSecurity)
                .hasMessageContaining("sasl.mechanism.inter.broker.protocol").hasMessageContaining("GSSAPI");
        BrokerConfig noLogin = config("listeners", "INTERNAL://127.0.0.1:9092,CONTROLLER://:9093",
                "listener.security.protocol.map", "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL", "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN", "listener.name.internal.plain.sasl.jaas.config", sasl);
        assertThatThrownBy(noLogin::interBrokerSecurity).hasMessageContaining("username=")
                .hasMessageContaining("INTERNAL");
        BrokerConfig notEnabled = config("listeners", "INTERNAL://127.0.0.1:9092,CONTROLLER://:9093",
                "listener.security.protocol.map", "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL", "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-256");
        assertThatThrownBy(notEnabled::interBrokerSecurity).hasMessageContaining("not enabled");
        BrokerConfig ok = config("listeners", "INTERNAL://127.0.0.1:9092,CONTROLLER://:9093",
                "listener.security.protocol.map", "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL", "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "plain", "listener.name.internal.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" "
                        + "password=\"b\" user_broker=\"b\";");
        assertThat(ok.interBrokerSecurity().kafkaClientProperties()).containsEntry("security.protocol",
                "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "PLAIN").containsEntry("sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" "
                        + "password=\"b\";");
    }

    @Test
    void badListenerSettingsNameTheKey() {
        assertThatThrownBy(() -> config("listeners", "PLAINTEXT://:9092,CUSTOM://:9094"))
                .hasMessageContaining("listener.security.protocol.map").hasMessageContaining("CUSTOM");
        assertThatThrownBy(() -> config("listeners", "PLAINTEXT://:9092", "listener.security.protocol.map",
                "PLAINTEXT:TLS")).hasMessageContaining("unknown security protocol 'TLS'");
        assertThatThrownBy(() -> config("listeners", "PLAINTEXT://:9092", "advertised.listeners", "SSL://x:1"))
                .hasMessageContaining("advertised.listeners").hasMessageContaining("not one of listeners");
        assertThatThrownBy(() -> config("listeners", "CONTROLLER://:9093"))
                .hasMessageContaining("must contain a Kafka listener");
    }
}
