package io.tributary.cluster.controller;

import io.tributary.cluster.metadata.ConfigResource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The dynamic configs the controller accepts, with their types and ranges (Kafka's names and rules), and the
 * check of one value. Topic configs are settable per topic; broker configs per broker or for the whole
 * cluster (the broker resource named "").
 */
final class ConfigDefinitions {

    /** How one config's value is checked. */
    private record Def(Kind kind, long min, Set<String> allowed) {
    }

    private enum Kind { BOOLEAN, INT, LONG, RATIO, ENUM, LIST, THROTTLED_REPLICAS }

    private static final Set<String> CLEANUP_POLICIES = Set.of("delete", "compact");
    private static final Set<String> COMPRESSION = Set.of("uncompressed", "gzip", "snappy", "lz4", "zstd",
            "producer");
    private static final Set<String> TIMESTAMP_TYPES = Set.of("CreateTime", "LogAppendTime");

    private static final Map<String, Def> TOPIC = Map.ofEntries(
            Map.entry("cleanup.policy", new Def(Kind.LIST, 0, CLEANUP_POLICIES)),
            Map.entry("compression.type", new Def(Kind.ENUM, 0, COMPRESSION)),
            Map.entry("delete.retention.ms", new Def(Kind.LONG, 0, null)),
            Map.entry("file.delete.delay.ms", new Def(Kind.LONG, 0, null)),
            Map.entry("flush.messages", new Def(Kind.LONG, 1, null)),
            Map.entry("flush.ms", new Def(Kind.LONG, 0, null)),
            // set by kafka-reassign-partitions --throttle; accepted, not enforced (no replication throttling)
            Map.entry("follower.replication.throttled.replicas", new Def(Kind.THROTTLED_REPLICAS, 0, null)),
            Map.entry("leader.replication.throttled.replicas", new Def(Kind.THROTTLED_REPLICAS, 0, null)),
            Map.entry("index.interval.bytes", new Def(Kind.INT, 0, null)),
            Map.entry("max.compaction.lag.ms", new Def(Kind.LONG, 1, null)),
            Map.entry("max.message.bytes", new Def(Kind.INT, 0, null)),
            Map.entry("message.timestamp.type", new Def(Kind.ENUM, 0, TIMESTAMP_TYPES)),
            Map.entry("message.timestamp.before.max.ms", new Def(Kind.LONG, 0, null)),
            Map.entry("message.timestamp.after.max.ms", new Def(Kind.LONG, 0, null)),
            Map.entry("min.cleanable.dirty.ratio", new Def(Kind.RATIO, 0, null)),
            Map.entry("min.compaction.lag.ms", new Def(Kind.LONG, 0, null)),
            Map.entry("min.insync.replicas", new Def(Kind.INT, 1, null)),
            Map.entry("preallocate", new Def(Kind.BOOLEAN, 0, null)),
            Map.entry("retention.bytes", new Def(Kind.LONG, Long.MIN_VALUE, null)),
            Map.entry("retention.ms", new Def(Kind.LONG, -1, null)),
            Map.entry("segment.bytes", new Def(Kind.INT, 14, null)),
            Map.entry("segment.index.bytes", new Def(Kind.INT, 4, null)),
            Map.entry("segment.jitter.ms", new Def(Kind.LONG, 0, null)),
            Map.entry("segment.ms", new Def(Kind.LONG, 1, null)),
            Map.entry("unclean.leader.election.enable", new Def(Kind.BOOLEAN, 0, null)));

    private static final Map<String, Def> BROKER = Map.ofEntries(
            Map.entry("log.cleanup.policy", new Def(Kind.LIST, 0, CLEANUP_POLICIES)),
            Map.entry("compression.type", new Def(Kind.ENUM, 0, COMPRESSION)),
            Map.entry("log.retention.ms", new Def(Kind.LONG, -1, null)),
            Map.entry("log.retention.bytes", new Def(Kind.LONG, Long.MIN_VALUE, null)),
            Map.entry("log.segment.bytes", new Def(Kind.INT, 14, null)),
            Map.entry("log.roll.ms", new Def(Kind.LONG, 1, null)),
            Map.entry("log.message.timestamp.type", new Def(Kind.ENUM, 0, TIMESTAMP_TYPES)),
            Map.entry("message.max.bytes", new Def(Kind.INT, 0, null)),
            Map.entry("min.insync.replicas", new Def(Kind.INT, 1, null)),
            // set by kafka-reassign-partitions --throttle; accepted, not enforced (no replication throttling)
            Map.entry("leader.replication.throttled.rate", new Def(Kind.LONG, 0, null)),
            Map.entry("follower.replication.throttled.rate", new Def(Kind.LONG, 0, null)),
            Map.entry("replica.alter.log.dirs.io.max.bytes.per.second", new Def(Kind.LONG, 0, null)),
            Map.entry("unclean.leader.election.enable", new Def(Kind.BOOLEAN, 0, null)));

    private ConfigDefinitions() {
    }

    /** Whether the key names a list-valued config (the only kind APPEND and SUBTRACT apply to). */
    static boolean isList(ConfigResource.Type type, String key) {
        if (type == ConfigResource.Type.GROUP) {
            return GroupConfigs.isList(key);
        }
        Def def = defs(type).get(key);
        return def != null && (def.kind == Kind.LIST || def.kind == Kind.THROTTLED_REPLICAS);
    }

    /** Null if {@code value} is valid for {@code key} on this kind of resource, else the reason. */
    static String validate(ConfigResource.Type type, String key, String value) {
        Def def = defs(type).get(key);
        if (def == null) {
            return "Unknown " + type.name().toLowerCase(Locale.ROOT) + " config name: " + key;
        }
        if (value == null) {
            return "Null value not supported for " + key;
        }
        String v = value.trim();
        String invalid = "Invalid value " + value + " for configuration " + key;
        switch (def.kind) {
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    return invalid + ": Expected value to be either true or false";
                }
            }
            case INT, LONG -> {
                long n;
                try {
                    n = def.kind == Kind.INT ? Integer.parseInt(v) : Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return invalid + ": Not a number of type " + def.kind;
                }
                if (n < def.min) {
                    return invalid + ": Value must be at least " + def.min;
                }
            }
            case ENUM -> {
                if (!def.allowed.contains(v)) {
                    return invalid + ": String must be one of: " + String.join(", ", def.allowed);
                }
            }
            case RATIO -> {
                try {
                    double d = Double.parseDouble(v);
                    if (!(d >= 0 && d <= 1)) {
                        return invalid + ": Value must be between 0 and 1";
                    }
                } catch (NumberFormatException e) {
                    return invalid + ": Not a number of type DOUBLE";
                }
            }
            case LIST -> {
                for (String item : List.of(v.split(","))) {
                    if (!def.allowed.contains(item.trim())) {
                        return invalid + ": items must be among " + String.join(", ", def.allowed);
                    }
                }
            }
            case THROTTLED_REPLICAS -> {
                // Kafka's form: empty, "*", or partition:broker pairs separated by commas
                if (!v.isEmpty() && !v.equals("*")) {
                    for (String item : v.split(",")) {
                        if (!item.trim().matches("\\d+:\\d+")) {
                            return invalid + ": must be *, or a list of partitionId:brokerId";
                        }
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        return null;
    }

    private static Map<String, Def> defs(ConfigResource.Type type) {
        return type == ConfigResource.Type.TOPIC ? TOPIC : BROKER;
    }
}
