package io.tributary.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Kafka Connect worker a node runs beside its broker, in distributed mode: the node's {@code connect.*} settings
 * with the prefix taken off ({@code connect.listeners} becomes the worker's {@code listeners}, default
 * {@code http://localhost:8083}; empty turns the worker off), reaching this node's own inter-broker listener, with
 * its security, unless {@code connect.bootstrap.servers} says otherwise. Defaults are those of Kafka's sample
 * connect-distributed.properties ({@code connect-cluster}, {@code connect-configs|offsets|status}, plugins in
 * {@code ./plugins}), except the internal topics' replication factors: -1, the cluster's
 * {@code default.replication.factor}, so a single node starts without setting them.
 */
final class BundledConnect {

    static final String PREFIX = "connect.";

    private BundledConnect() {
    }

    /** The worker's properties, or empty when {@code connect.listeners} is empty. */
    static Optional<Map<String, String>> config(BrokerConfig node) {
        Map<String, String> props = new HashMap<>();
        node.properties().forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                props.put(k.substring(PREFIX.length()), v);
            }
        });
        String listeners = props.getOrDefault("listeners", "http://localhost:8083").trim();
        if (listeners.isEmpty()) {
            return Optional.empty();
        }
        props.put("listeners", listeners);
        if (!props.containsKey("bootstrap.servers")) {
            // this node's inter-broker listener, reached as the node itself reaches other nodes' (TLS, SASL login)
            props.put("bootstrap.servers", node.advertised().getHostString() + ":" + node.advertised().getPort());
            node.interBrokerSecurity().kafkaClientProperties().forEach(props::putIfAbsent);
        }
        props.putIfAbsent("plugin.path", "plugins");
        props.putIfAbsent("group.id", "connect-cluster");
        props.putIfAbsent("config.storage.topic", "connect-configs");
        props.putIfAbsent("offset.storage.topic", "connect-offsets");
        props.putIfAbsent("status.storage.topic", "connect-status");
        props.putIfAbsent("config.storage.replication.factor", "-1");
        props.putIfAbsent("offset.storage.replication.factor", "-1");
        props.putIfAbsent("status.storage.replication.factor", "-1");
        return Optional.of(props);
    }
}
