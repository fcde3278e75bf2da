package io.tributary.cluster.controller;

import java.util.Map;
import java.util.Objects;

/**
 * The controller's static settings, with Kafka's names and defaults.
 *
 * @param numPartitions            {@code num.partitions}: partitions of a topic created without a count
 * @param defaultReplicationFactor {@code default.replication.factor}
 * @param minInsyncReplicas        {@code min.insync.replicas} (cluster default; topics may override)
 * @param uncleanLeaderElection    {@code unclean.leader.election.enable} (cluster default; topics may override)
 * @param sessionTimeoutMs         {@code broker.session.timeout.ms}: a broker silent this long is fenced
 * @param producerIdBlockSize      ids per AllocateProducerIds block (Kafka: 1000)
 * @param leaderBalance            {@code auto.leader.rebalance.enable} and {@code leader.imbalance.*}: when the
 *                                 active controller moves leaderships back to preferred replicas
 * @param uncleanElectionIntervalMs {@code unclean.leader.election.interval.ms} (Kafka: internal, default 300000):
 *                                 how often the active controller elects unclean leaders for leaderless partitions
 *                                 of topics that allow it ({@link ControllerLogic#electUncleanLeaders})
 * @param groupConfigs             the {@code group.consumer.*}, {@code group.share.*} and {@code group.streams.*}
 *                                 settings that give group configs their defaults and bounds
 */
public record ControllerConfig(int numPartitions, short defaultReplicationFactor, int minInsyncReplicas,
                               boolean uncleanLeaderElection, long sessionTimeoutMs, int producerIdBlockSize,
                               LeaderBalance leaderBalance, long uncleanElectionIntervalMs,
                               GroupConfigs groupConfigs) {

    public static final ControllerConfig DEFAULTS = new ControllerConfig(1, (short) 1, 1, false, 9_000, 1000,
            LeaderBalance.DEFAULTS, 300_000, GroupConfigs.DEFAULTS);

    public ControllerConfig {
        if (numPartitions < 1 || defaultReplicationFactor < 1 || minInsyncReplicas < 1 || sessionTimeoutMs < 1
                || producerIdBlockSize < 1 || uncleanElectionIntervalMs < 1) {
            throw new IllegalArgumentException("controller settings must be positive");
        }
        Objects.requireNonNull(leaderBalance, "leaderBalance");
        Objects.requireNonNull(groupConfigs, "groupConfigs");
    }

    /**
     * Automatic preferred-leader balancing, with Kafka's names and defaults.
     *
     * @param enabled           {@code auto.leader.rebalance.enable} (default true)
     * @param checkIntervalMs   {@code leader.imbalance.check.interval.seconds} (default 300), in milliseconds
     * @param perBrokerPercentage {@code leader.imbalance.per.broker.percentage} (default 10): a broker's share of
     *                          the partitions it is the preferred replica of, but does not lead, above which those
     *                          partitions get a preferred election ({@code LeaderImbalance}); like Kafka, any
     *                          number is taken (0: any such partition; 100 or more: never)
     */
    public record LeaderBalance(boolean enabled, long checkIntervalMs, int perBrokerPercentage) {
        public static final LeaderBalance DEFAULTS = new LeaderBalance(true, 300_000, 10);

        public LeaderBalance {
            if (checkIntervalMs < 1) {
                throw new IllegalArgumentException("the leader imbalance check interval must be positive");
            }
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
                DEFAULTS.producerIdBlockSize,
                leaderBalance(props),
                positiveLong(props, "unclean.leader.election.interval.ms", DEFAULTS.uncleanElectionIntervalMs),
                GroupConfigs.fromProperties(props));
    }

    private static LeaderBalance leaderBalance(Map<String, String> props) {
        LeaderBalance d = LeaderBalance.DEFAULTS;
        long seconds = longValue(props, "leader.imbalance.check.interval.seconds", d.checkIntervalMs() / 1000);
        if (seconds < 1 || seconds > Long.MAX_VALUE / 1000) {
            throw new IllegalArgumentException("Invalid value " + seconds
                    + " for configuration leader.imbalance.check.interval.seconds: Value must be at least 1");
        }
        return new LeaderBalance(boolValue(props, "auto.leader.rebalance.enable", d.enabled()), seconds * 1000,
                intValue(props, "leader.imbalance.per.broker.percentage", d.perBrokerPercentage()));
    }

    private static long positiveLong(Map<String, String> props, String key, long defaultValue) {
        long v = longValue(props, key, defaultValue);
        if (v < 1) {
            throw new IllegalArgumentException("Invalid value " + v + " for configuration " + key
                    + ": Value must be at least 1");
        }
        return v;
    }

    public ControllerConfig withSessionTimeoutMs(long ms) {
        return new ControllerConfig(numPartitions, defaultReplicationFactor, minInsyncReplicas,
                uncleanLeaderElection, ms, producerIdBlockSize, leaderBalance, uncleanElectionIntervalMs, groupConfigs);
    }

    public ControllerConfig withUncleanLeaderElection(boolean enabled) {
        return new ControllerConfig(numPartitions, defaultReplicationFactor, minInsyncReplicas, enabled,
                sessionTimeoutMs, producerIdBlockSize, leaderBalance, uncleanElectionIntervalMs, groupConfigs);
    }

    public ControllerConfig withDefaults(int partitions, int replicationFactor) {
        return new ControllerConfig(partitions, (short) replicationFactor, minInsyncReplicas,
                uncleanLeaderElection, sessionTimeoutMs, producerIdBlockSize, leaderBalance, uncleanElectionIntervalMs,
                groupConfigs);
    }

    public ControllerConfig withMinInsyncReplicas(int minIsr) {
        return new ControllerConfig(numPartitions, defaultReplicationFactor, minIsr, uncleanLeaderElection,
                sessionTimeoutMs, producerIdBlockSize, leaderBalance, uncleanElectionIntervalMs, groupConfigs);
    }

    public ControllerConfig withLeaderBalance(LeaderBalance balance) {
        return new ControllerConfig(numPartitions, defaultReplicationFactor, minInsyncReplicas,
                uncleanLeaderElection, sessionTimeoutMs, producerIdBlockSize, balance, uncleanElectionIntervalMs,
                groupConfigs);
    }

    public ControllerConfig withUncleanElectionIntervalMs(long ms) {
        return new ControllerConfig(numPartitions, defaultReplicationFactor, minInsyncReplicas,
                uncleanLeaderElection, sessionTimeoutMs, producerIdBlockSize, leaderBalance, ms, groupConfigs);
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

    private static long longValue(Map<String, String> props, String key, long defaultValue) {
        String v = props.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
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
