package io.tributary.broker;

import io.tributary.registry.RegistryConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The schema registry a node runs beside its broker: the node's {@code schema.registry.*} settings with the prefix
 * taken off ({@code schema.registry.listeners} becomes the registry's {@code listeners}, default
 * {@code http://localhost:8081}; empty turns the registry off), reaching this node's own inter-broker listener, with
 * its security, unless {@code schema.registry.kafkastore.bootstrap.servers} says otherwise.
 */
final class BundledRegistry {

    static final String PREFIX = "schema.registry.";

    private BundledRegistry() {
    }

    /** The registry's settings, or empty when {@code schema.registry.listeners} is empty; checked now. */
    static Optional<RegistryConfig> config(BrokerConfig node) {
        Map<String, String> props = new HashMap<>();
        node.properties().forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                props.put(k.substring(PREFIX.length()), v);
            }
        });
        String listeners = props.getOrDefault("listeners", "http://localhost:8081").trim();
        if (listeners.isEmpty()) {
            return Optional.empty();
        }
        props.put("listeners", listeners);
        if (!props.containsKey("kafkastore.bootstrap.servers")) {
            // this node's inter-broker listener, reached as the node itself reaches other nodes' (TLS, SASL login)
            props.put("kafkastore.bootstrap.servers", node.advertised().getHostString() + ":"
                    + node.advertised().getPort());
            node.interBrokerSecurity().kafkaClientProperties().forEach((k, v) -> props.putIfAbsent("kafkastore." + k,
                    v));
        }
        try {
            return Optional.of(RegistryConfig.from(props));
        } catch (IllegalArgumentException e) {
            // Name the key as the user wrote it, with the prefix.
            throw new IllegalArgumentException(e.getMessage().replace("configuration ", "configuration " + PREFIX));
        }
    }
}
