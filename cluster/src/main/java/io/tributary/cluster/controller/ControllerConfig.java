package io.tributary.cluster.controller;

import java.util.Map;

/**
 * The controller's static settings, with Kafka's names and defaults.
 *
 * @param numPartitions            {@code num.partitions}: partitions of a topic created without a count
 * @param defaultReplicationFactor {@code default.replication.factor}
 * @param minInsyncReplicas        {@code min.insync.replicas} (cluster default; topics may override)
 * @param uncleanLeaderElection    {@code unclean.leader.election.enable} (cluster default; topics may override)
 * @param sessionTimeoutMs         {@code broker.session.timeout.ms}: a broker silent this long is fenced
 * @param producerIdBlockSize      ids per AllocateProducerIds block (Kafka: 1000)
 */
public record ControllerConfig(int numPartitions, short defaultReplicationFactor, int minInsyncReplicas,
                               boolean uncleanLeaderElection, long sessionTimeoutMs, int producerIdBlockSize) {

    public static final ControllerConfig DEFAULTS = new ControllerConfig(1, (short) 1, 1, false, 9_000, 1000);

    public ControllerConfig {
        if (numPartitions < 1 || defaultReplicationFactor < 1 || minInsyncReplicas < 1 || sessionTimeoutMs < 1
                || producerIdBlockSize < 1) {
            throw new IllegalArgumentException("controller settings must be positive");
        }
    }

    /**
     * Reads the settings from Kafka-named properties; absent ones take Kafka's defaults.
     *
     * @throws IllegalArgumentException naming the property whose value is invalid
     */
    public static ControllerConfig fromProperties(Map<String, String> props) {
        return new ControllerConfig(
                intValue(props, "num.partitions", DEFAULTS.numPartitions),
                (short) intValue(props, "default.replication.factor", DEFAULTS.defaultReplicationFactor),
                intValue(props, "min.insync.replicas", DEFAULTS.minInsyncReplicas),
                boolValue(props, "unclean.leader.election.enable", DEFAULTS.uncleanLeaderElection),
                intValue(props, "broker.session.timeout.ms", (int) DEFAULTS.sessionTimeoutMs),
                DEFAULTS.producerIdBlockSize);
    }

    public ControllerConfig withSessionTimeoutMs(long ms) {
        return new ControllerConfig(numPartitions, defaultReplicationFactor, minInsyncReplicas,
                uncleanLeaderElection, ms, producerIdBlockSize);
    }

    public ControllerConfig withUncleanLeaderElection(boolean enabled) {
        return new ControllerConfig(numPartitions, defaultReplicationFactor, minInsyncReplicas, enabled,
                sessionTimeoutMs, producerIdBlockSize);
    }

    public ControllerConfig withDefaults(int partitions, int replicationFactor) {
        return new ControllerConfig(partitions, (short) replicationFactor, minInsyncReplicas,
                uncleanLeaderElection, sessionTimeoutMs, producerIdBlockSize);
    }

    public ControllerConfig withMinInsyncReplicas(int minIsr) {
        return new ControllerConfig(numPartitions, defaultReplicationFactor, minIsr, uncleanLeaderElection,
                sessionTimeoutMs, producerIdBlockSize);
    }

    private static int intValue(Map<String, String> props, String key, int defaultValue) {
        String v = props.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + v + " for configuration " + key
                    + ": not a number");
        }
    }

    private static boolean boolValue(Map<String, String> props, String key, boolean defaultValue) {
        String v = props.get(key);
        if (v == null) {
            return defaultValue;
        }
        String t = v.trim();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(t);
        }
        throw new IllegalArgumentException("Invalid value " + v + " for configuration " + key
                + ": Expected value to be either true or false");
    }
}
