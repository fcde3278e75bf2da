package io.tributary.broker;

import io.tributary.broker.network.ListenerConfig;
import io.tributary.broker.security.InterBrokerSecurity;
import io.tributary.broker.security.SecurityProtocol;
import io.tributary.cluster.QuorumConfig;
import io.tributary.cluster.controller.ControllerConfig;
import io.tributary.log.InvalidConfigException;
import io.tributary.log.LogConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's settings, under Kafka's names and defaults. Built from the properties of {@code --config} and
 * {@code --override}; an invalid value fails with a message naming its key, before anything starts.
 *
 * @param properties        every setting given (for the modules that read their own)
 * @param nodeId            {@code node.id}
 * @param listener          where the inter-broker listener binds (one of {@code listeners})
 * @param advertised        what the inter-broker listener advertises ({@code advertised.listeners}, else its bind
 *                          address): other brokers, the controller channel and the bundled modules connect there
 * @param listeners         every Kafka listener (not the controller's), in the order of {@code listeners}
 * @param interBrokerListener {@code inter.broker.listener.name} (else the listener named by
 *                          {@code security.inter.broker.protocol}, PLAINTEXT by default)
 * @param logDirs           {@code log.dirs} (or {@code log.dir})
 * @param autoCreateTopics  {@code auto.create.topics.enable}
 * @param socketRequestMaxBytes {@code socket.request.max.bytes}: larger frames are refused
 * @param connectionsMaxIdleMs  {@code connections.max.idle.ms}
 * @param logDefaults       topic defaults from the broker's {@code log.*} settings, checked at startup (the values
 *                          in force, with dynamic configs, come from {@code config.TopicConfigResolver})
 * @param quorum            the metadata quorum membership
 * @param controller        the controller's defaults
 */
public record BrokerConfig(Map<String, String> properties,
                           int nodeId,
                           InetSocketAddress listener,
                           InetSocketAddress advertised,
                           List<ListenerConfig> listeners,
                           String interBrokerListener,
                           List<Path> logDirs,
                           boolean autoCreateTopics,
                           int socketRequestMaxBytes,
                           long connectionsMaxIdleMs,
                           Map<String, String> logDefaults,
                           QuorumConfig quorum,
                           ControllerConfig controller) {

    /** Broker-level {@code log.*} keys and the topic-level key each one is the default of. */
    private static final Map<String, String> LOG_DEFAULT_KEYS = Map.ofEntries(
            Map.entry("log.segment.bytes", "segment.bytes"),
            Map.entry("log.roll.ms", "segment.ms"),
            Map.entry("log.index.size.max.bytes", "segment.index.bytes"),
            Map.entry("log.index.interval.bytes", "index.interval.bytes"),
            Map.entry("message.max.bytes", "max.message.bytes"),
            Map.entry("log.message.timestamp.type", "message.timestamp.type"),
            Map.entry("log.message.timestamp.before.max.ms", "message.timestamp.before.max.ms"),
            Map.entry("log.message.timestamp.after.max.ms", "message.timestamp.after.max.ms"),
            Map.entry("log.flush.interval.messages", "flush.messages"),
            Map.entry("log.flush.interval.ms", "flush.ms"),
            Map.entry("log.retention.ms", "retention.ms"),
            Map.entry("log.retention.bytes", "retention.bytes"),
            Map.entry("log.cleanup.policy", "cleanup.policy"),
            Map.entry("log.cleaner.delete.retention.ms", "delete.retention.ms"),
            Map.entry("log.cleaner.min.compaction.lag.ms", "min.compaction.lag.ms"),
            Map.entry("log.cleaner.min.cleanable.ratio", "min.cleanable.dirty.ratio"),
            Map.entry("log.segment.delete.delay.ms", "file.delete.delay.ms"));

    /** Reads and checks the settings. */
    public static BrokerConfig from(Map<String, String> given) {
        Map<String, String> props = new LinkedHashMap<>(given);
        int nodeId = intValue(props, "node.id", 1);
        props.put("node.id", Integer.toString(nodeId));
        Map<String, InetSocketAddress> listeners = parseListeners(props.getOrDefault("listeners",
                "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093"), "listeners");
        List<ListenerConfig> kafkaListeners = kafkaListeners(props, listeners);
        String interBroker = interBrokerListener(props, kafkaListeners);
        ListenerConfig internal = kafkaListeners.stream().filter(l -> l.name().equals(interBroker)).findFirst()
                .orElseThrow();
        InetSocketAddress controllerListener = listeners.get("CONTROLLER");
        if (!props.containsKey("controller.quorum.voters") && controllerListener != null) {
            props.put("controller.quorum.voters", nodeId + "@" + controllerListener.getHostString() + ":"
                    + controllerListener.getPort());
        }
        List<Path> logDirs = new ArrayList<>();
        for (String dir : props.getOrDefault("log.dirs", props.getOrDefault("log.dir", "./data")).split(",")) {
            if (!dir.isBlank()) {
                logDirs.add(Path.of(dir.trim()));
            }
        }
        if (logDirs.isEmpty()) {
            throw new InvalidConfigException("log.dirs", props.get("log.dirs"), "must name at least one directory");
        }
        props.putIfAbsent("metadata.log.dir", logDirs.get(0).resolve("__cluster_metadata").toString());
        Map<String, String> logDefaults = new HashMap<>();
        LOG_DEFAULT_KEYS.forEach((brokerKey, topicKey) -> {
            if (props.containsKey(brokerKey)) {
                logDefaults.put(topicKey, props.get(brokerKey));
            }
        });
        if (!props.containsKey("log.retention.ms")) {
            if (props.containsKey("log.retention.minutes")) {
                logDefaults.put("retention.ms", Long.toString(longValue(props, "log.retention.minutes", 0) * 60_000));
            } else if (props.containsKey("log.retention.hours")) {
                logDefaults.put("retention.ms",
                        Long.toString(longValue(props, "log.retention.hours", 0) * 3_600_000));
            }
        }
        if (!props.containsKey("log.roll.ms") && props.containsKey("log.roll.hours")) {
            logDefaults.put("segment.ms", Long.toString(longValue(props, "log.roll.hours", 0) * 3_600_000));
        }
        LogConfig.fromProperties(logDefaults);   // fails now, naming the key, rather than at the first topic
        for (String key : List.of("log.flush.offset.checkpoint.interval.ms", "log.retention.check.interval.ms",
                "log.cleaner.backoff.ms", "producer.id.expiration.ms", "producer.id.expiration.check.interval.ms")) {
            if (longValue(props, key, 1) < 1) {
                throw new InvalidConfigException(key, props.get(key), "must be positive");
            }
        }
        io.tributary.broker.group.GroupConfig.from(props);   // fails now, naming the key
        io.tributary.broker.txn.TransactionConfig.from(props);
        io.tributary.broker.share.ShareConfig.from(props);
        io.tributary.broker.replica.ReplicationConfig.from(props);
        io.tributary.broker.security.AuthorizerConfig.from(props);
        io.tributary.broker.quota.QuotaConfig.from(props);
        QuorumConfig quorum;
        ControllerConfig controller;
        try {
            quorum = QuorumConfig.fromProperties(props);
            controller = ControllerConfig.fromProperties(props);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("(quorum)", "", e.getMessage());
        }
        return new BrokerConfig(Map.copyOf(props), nodeId, internal.bind(), internal.advertised(),
                kafkaListeners, interBroker, List.copyOf(logDirs),
                boolValue(props, "auto.create.topics.enable", true),
                intValue(props, "socket.request.max.bytes", 104_857_600),
                longValue(props, "connections.max.idle.ms", 600_000),
                Map.copyOf(logDefaults), quorum, controller);
    }

    /** The group coordinator's settings ({@code offsets.topic.*}, {@code group.*}). */
    public io.tributary.broker.group.GroupConfig groups() {
        return io.tributary.broker.group.GroupConfig.from(properties);
    }

    /** The transaction coordinator's settings ({@code transaction.*}, {@code transactional.id.*}). */
    public io.tributary.broker.txn.TransactionConfig transactions() {
        return io.tributary.broker.txn.TransactionConfig.from(properties);
    }

    /** How client quotas are measured ({@code quota.window.num}, {@code quota.window.size.seconds}). */
    public io.tributary.broker.quota.QuotaConfig quotas() {
        return io.tributary.broker.quota.QuotaConfig.from(properties);
    }

    /** The share-group settings ({@code group.share.*}, {@code share.coordinator.*}). */
    public io.tributary.broker.share.ShareConfig shares() {
        return io.tributary.broker.share.ShareConfig.from(properties);
    }

    /** {@code broker.rack}, or null: registered with the broker, used for rack-aware placement and reads. */
    public String rack() {
        String rack = properties.get("broker.rack");
        return rack == null || rack.isBlank() ? null : rack.trim();
    }

    /** {@code controlled.shutdown.enable} (default true): move leaderships away before stopping. */
    public boolean controlledShutdown() {
        return boolValue(properties, "controlled.shutdown.enable", true);
    }

        /**
     * {@code broker.liveness.probe.enable} (Tributary's, default true): the active controller fences a broker whose
     * Kafka listener refuses connections without waiting for its session to expire ({@code GoneBrokerDetector}).
     */
    public boolean livenessProbe() {
        return boolValue(properties, "broker.liveness.probe.enable", true);
    }

    /** The authorizer's settings ({@code authorizer.class.name}, {@code super.users}, …). */
    public io.tributary.broker.security.AuthorizerConfig authorizer() {
        return io.tributary.broker.security.AuthorizerConfig.from(properties);
    }

    /** Follower replication settings ({@code replica.*}). */
    public io.tributary.broker.replica.ReplicationConfig replication() {
        return io.tributary.broker.replica.ReplicationConfig.from(properties);
    }

    /** The log manager's background intervals, from Kafka's broker settings (or their defaults). */
    public io.tributary.log.LogManager.Intervals logIntervals() {
        io.tributary.log.LogManager.Intervals d = io.tributary.log.LogManager.Intervals.defaults();
        return new io.tributary.log.LogManager.Intervals(
                longValue(properties, "log.flush.scheduler.interval.ms", d.flushCheckMs()) == Long.MAX_VALUE
                        ? d.flushCheckMs() : longValue(properties, "log.flush.scheduler.interval.ms", d.flushCheckMs()),
                longValue(properties, "log.flush.offset.checkpoint.interval.ms", d.checkpointMs()),
                longValue(properties, "log.retention.check.interval.ms", d.retentionCheckMs()),
                longValue(properties, "log.cleaner.backoff.ms", d.cleanerBackoffMs()),
                longValue(properties, "producer.id.expiration.ms", d.producerExpirationMs()),
                longValue(properties, "producer.id.expiration.check.interval.ms", d.producerExpirationCheckMs()));
    }

    /** Kafka's default {@code listener.security.protocol.map}: each protocol's name maps to itself. */
    private static final String DEFAULT_PROTOCOL_MAP =
            "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL";

    /**
     * The Kafka listeners: every one of {@code listeners} but those of {@code controller.listener.names} (the
     * metadata quorum's port), each with its protocol from {@code listener.security.protocol.map} and its advertised
     * address from {@code advertised.listeners} (else where it binds).
     */
    private static List<ListenerConfig> kafkaListeners(Map<String, String> props,
                                                       Map<String, InetSocketAddress> listeners) {
        Map<String, SecurityProtocol> protocols = new LinkedHashMap<>();
        String map = props.getOrDefault("listener.security.protocol.map", DEFAULT_PROTOCOL_MAP);
        for (String entry : map.split(",")) {
            String e = entry.trim();
            int colon = e.indexOf(':');
            if (colon <= 0) {
                throw new InvalidConfigException("listener.security.protocol.map", map,
                        "each entry must look like LISTENER_NAME:PROTOCOL");
            }
            try {
                protocols.put(e.substring(0, colon).trim().toUpperCase(java.util.Locale.ROOT),
                        SecurityProtocol.named(e.substring(colon + 1)));
            } catch (IllegalArgumentException bad) {
                throw new InvalidConfigException("listener.security.protocol.map", map, bad.getMessage());
            }
        }
        java.util.Set<String> controllerNames = new java.util.HashSet<>();
        for (String n : props.getOrDefault("controller.listener.names", "CONTROLLER").split(",")) {
            controllerNames.add(n.trim().toUpperCase(java.util.Locale.ROOT));
        }
        Map<String, InetSocketAddress> advertised = props.containsKey("advertised.listeners")
                ? parseListeners(props.get("advertised.listeners"), "advertised.listeners") : Map.of();
        List<ListenerConfig> out = new ArrayList<>();
        for (Map.Entry<String, InetSocketAddress> l : listeners.entrySet()) {
            if (controllerNames.contains(l.getKey())) {
                continue;
            }
            SecurityProtocol protocol = protocols.get(l.getKey());
            if (protocol == null) {
                throw new InvalidConfigException("listener.security.protocol.map", map, "no security protocol for"
                        + " listener " + l.getKey() + " (add " + l.getKey() + ":PLAINTEXT, :SSL, :SASL_PLAINTEXT or"
                        + " :SASL_SSL)");
            }
            out.add(new ListenerConfig(l.getKey(), protocol, l.getValue(),
                    advertised.getOrDefault(l.getKey(), l.getValue()), props));
        }
        if (out.isEmpty()) {
            throw new InvalidConfigException("listeners", props.get("listeners"), "must contain a Kafka listener"
                    + " besides the controller's, e.g. PLAINTEXT://localhost:9092");
        }
        for (String name : advertised.keySet()) {
            if (!listeners.containsKey(name)) {
                throw new InvalidConfigException("advertised.listeners", props.get("advertised.listeners"),
                        "listener " + name + " is not one of listeners");
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code inter.broker.listener.name}, else the listener named as {@code security.inter.broker.protocol}
     * (PLAINTEXT): other brokers, the controller channel and the bundled registry and Connect worker use it, secured
     * as {@link #interBrokerSecurity()} says.
     */
    private static String interBrokerListener(Map<String, String> props, List<ListenerConfig> listeners) {
        String key = props.containsKey("inter.broker.listener.name") ? "inter.broker.listener.name"
                : "security.inter.broker.protocol";
        String name = props.getOrDefault(key, "PLAINTEXT").trim().toUpperCase(java.util.Locale.ROOT);
        listeners.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new InvalidConfigException(key, props.get(key), "there is no listener named " + name + " in listeners"
                        + " (" + props.get("listeners") + ")"));
        return name;
    }

    /**
     * How this node connects to other nodes' inter-broker listener (TLS, SASL login), loaded and checked now;
     * {@link IllegalArgumentException} names the setting that is missing or wrong.
     */
    public InterBrokerSecurity interBrokerSecurity() {
        ListenerConfig internal = listeners.stream().filter(l -> l.name().equals(interBrokerListener)).findFirst()
                .orElseThrow();
        try {
            return InterBrokerSecurity.forListener(internal, properties);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inter-broker listener " + interBrokerListener + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code NAME://host:port,...} by listener name. */
    static Map<String, InetSocketAddress> parseListeners(String value, String key) {
        Map<String, InetSocketAddress> out = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            int scheme = p.indexOf("://");
            int colon = p.lastIndexOf(':');
            if (scheme <= 0 || colon <= scheme + 2) {
                throw new InvalidConfigException(key, value, "each listener must look like NAME://host:port");
            }
            String host = p.substring(scheme + 3, colon);
            int port;
            try {
                port = Integer.parseInt(p.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(key, value, "port of " + p + " is not a number");
            }
            if (port < 0 || port > 65535) {
                throw new InvalidConfigException(key, value, "port " + port + " is out of range");
            }
            out.put(p.substring(0, scheme).toUpperCase(java.util.Locale.ROOT),
                    InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, port));
        }
        return out;
    }

    private static int intValue(Map<String, String> props, String key, int fallback) {
        long v = longValue(props, key, fallback);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new InvalidConfigException(key, props.get(key), "must fit in 32 bits");
        }
        return (int) v;
    }

    private static long longValue(Map<String, String> props, String key, long fallback) {
        String s = props.get(key);
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, s, "must be a whole number");
        }
    }

    private static boolean boolValue(Map<String, String> props, String key, boolean fallback) {
        String s = props.get(key);
        if (s == null) {
            return fallback;
        }
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigException(key, s, "must be true or false");
        };
    }
}
