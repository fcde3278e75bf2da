package io.tributary.cluster.controller;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka 4.4's group configs (the {@code GROUP} config resource): their names, types and the broker settings that
 * give their defaults ({@code share.record.lock.duration.ms} falls back to {@code group.share.record.lock.duration.ms})
 * and bound them ({@code group.share.min.record.lock.duration.ms} to {@code group.share.max.record.lock.duration.ms}),
 * as this node's properties set those settings or Kafka's defaults. {@link #validate} is the check the controller
 * runs on a group's whole config set before it commits a change.
 */
public final class GroupConfigs {

    /** How a group config's value is read and checked. */
    public enum Kind {
        INT, LONG, BOOLEAN, STRING, LIST,
        /** {@code latest}, {@code earliest} or {@code by_duration:} and a non-negative ISO-8601 duration */
        OFFSET_RESET,
        /** {@code read_committed} or {@code read_uncommitted} */
        ISOLATION_LEVEL,
        /** one of the broker's {@code group.streams.assignors} */
        STREAMS_ASSIGNOR
    }

    /**
     * One group config.
     *
     * @param name         its name
     * @param kind         its type
     * @param atLeast      the least value whatever the broker settings (numbers only)
     * @param fixedDefault the default when no broker setting gives it (null when {@code brokerKey} does)
     * @param brokerKey    the broker setting whose value is the default, or null
     * @param minKey       the broker setting bounding it from below, or null
     * @param maxKey       the broker setting bounding it from above, or null
     * @param internal     whether Kafka keeps it out of the documentation and DescribeConfigs
     * @param doc          a one-line description
     */
    public record Def(String name, Kind kind, long atLeast, String fixedDefault, String brokerKey, String minKey,
                      String maxKey, boolean internal, String doc) {
    }

    /** The broker settings group configs depend on, with Kafka 4.4's defaults. */
    private static final Map<String, String> BROKER_DEFAULTS = brokerDefaults();

    /** Every group config, by name. */
    private static final Map<String, Def> DEFS = defs();

    private final Map<String, String> settings;

    private GroupConfigs(Map<String, String> settings) {
        this.settings = settings;
    }

    /** With Kafka's defaults for every broker setting. */
    public static final GroupConfigs DEFAULTS = new GroupConfigs(BROKER_DEFAULTS);

    /**
     * Reads the broker settings group configs depend on from a node's properties; absent ones take Kafka's defaults.
     *
     * @throws IllegalArgumentException naming a numeric setting whose value is not a number
     */
    public static GroupConfigs fromProperties(Map<String, String> props) {
        Map<String, String> settings = new TreeMap<>(BROKER_DEFAULTS);
        for (String key : BROKER_DEFAULTS.keySet()) {
            String v = props.get(key);
            if (v != null) {
                settings.put(key, v.trim());
            }
        }
        GroupConfigs configs = new GroupConfigs(Collections.unmodifiableMap(settings));
        for (Def d : DEFS.values()) {
            for (String key : new String[] {d.minKey, d.maxKey,
                    d.kind == Kind.INT || d.kind == Kind.LONG ? d.brokerKey : null}) {
                if (key != null) {
                    configs.brokerNumber(key);
                }
            }
        }
        return configs;
    }

    /** Every group config, by name. */
    public static Map<String, Def> definitions() {
        return DEFS;
    }

    /** The definition of a group config, or null for an unknown name. */
    public static Def definition(String name) {
        return DEFS.get(name);
    }

    /** The value a group config takes when the group does not set it (null when it has none). */
    public String defaultValue(String name) {
        Def d = DEFS.get(name);
        if (d == null) {
            return null;
        }
        return d.brokerKey != null ? settings.get(d.brokerKey) : d.fixedDefault;
    }

    /** The value of a broker setting group configs depend on (Kafka's default unless the node sets it). */
    public String brokerSetting(String key) {
        return settings.get(key);
    }

    private long brokerNumber(String key) {
        String v = settings.get(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + v + " for configuration " + key + ": not a number");
        }
    }

    /**
     * Checks a group's whole set of configs as Kafka does: known names, values of the right type, within the bounds
     * the broker settings give, and each session timeout above its heartbeat interval.
     *
     * @return null when valid, else the reason (naming the key and what it must be)
     */
    public String validate(Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            String problem = check(e.getKey(), e.getValue());
            if (problem != null) {
                return problem;
            }
        }
        for (String prefix : List.of("consumer.", "share.", "streams.")) {
            String session = prefix + "session.timeout.ms";
            String heartbeat = prefix + "heartbeat.interval.ms";
            if (values.containsKey(session) || values.containsKey(heartbeat)) {
                long s = Long.parseLong(effective(values, session));
                long h = Long.parseLong(effective(values, heartbeat));
                if (s <= h) {
                    return session + " must be greater than " + heartbeat + " (here " + s + " and " + h + ")";
                }
            }
        }
        return null;
    }

    private String effective(Map<String, String> values, String name) {
        String v = values.get(name);
        return v != null ? v.trim() : defaultValue(name);
    }

    /** Null if {@code value} is valid for the group config {@code name}, else the reason. */
    public String check(String name, String value) {
        Def d = DEFS.get(name);
        if (d == null) {
            return "Unknown group config name: " + name;
        }
        if (value == null) {
            return "Null value not supported for group config " + name;
        }
        String v = value.trim();
        String invalid = "Invalid value " + value + " for configuration " + name + ": ";
        switch (d.kind) {
            case INT, LONG -> {
                long n;
                try {
                    n = d.kind == Kind.INT ? Integer.parseInt(v) : Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return invalid + "Not a number of type " + d.kind;
                }
                if (n < d.atLeast) {
                    return invalid + "Value must be at least " + d.atLeast;
                }
                return checkBounds(d, n);
            }
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    return invalid + "Expected value to be either true or false";
                }
            }
            case OFFSET_RESET -> {
                if (!isOffsetReset(v)) {
                    return invalid + "The value must be either 'earliest', 'latest' or of the format "
                            + "'by_duration:<PnDTnHnMn.nS>' (a non-negative ISO-8601 duration)";
                }
            }
            case ISOLATION_LEVEL -> {
                if (!v.equals("read_committed") && !v.equals("read_uncommitted")) {
                    return invalid + "String must be one of: read_committed, read_uncommitted";
                }
            }
            case STREAMS_ASSIGNOR -> {
                List<String> assignors = Arrays.stream(settings.get("group.streams.assignors").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
                if (!assignors.contains(v)) {
                    return name + " '" + v + "' is not a registered task assignor. Registered assignors are: "
                            + assignors + " (group.streams.assignors)";
                }
            }
            case STRING, LIST -> {
                // any value
            }
            default -> throw new IllegalStateException();
        }
        return null;
    }

    private String checkBounds(Def d, long n) {
        Long min = d.minKey == null ? null : brokerNumber(d.minKey);
        Long max = d.maxKey == null ? null : brokerNumber(d.maxKey);
        if (min != null && max != null && (n < min || n > max)) {
            return d.name + " must be in the range " + min + " to " + max + " inclusive (" + d.minKey + " to "
                    + d.maxKey + ")";
        }
        if (min != null && max == null && n < min) {
            return d.name + " must be greater than or equal to " + min + " (" + d.minKey + ")";
        }
        if (max != null && min == null && n > max) {
            return d.name + " must be less than or equal to " + max + " (" + d.maxKey + ")";
        }
        return null;
    }

    /** Whether Kafka accepts the value as a share auto offset reset: latest, earliest, by_duration:ISO-8601. */
    public static boolean isOffsetReset(String value) {
        if (value.equals("latest") || value.equals("earliest")) {
            return true;
        }
        if (!value.startsWith("by_duration:")) {
            return false;
        }
        try {
            return !Duration.parse(value.substring("by_duration:".length())).isNegative();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Whether APPEND and SUBTRACT apply to the group config. */
    static boolean isList(String name) {
        Def d = DEFS.get(name);
        return d != null && d.kind == Kind.LIST;
    }

    private static Map<String, String> brokerDefaults() {
        Map<String, String> m = new TreeMap<>();
        for (String type : List.of("consumer", "share", "streams")) {
            String p = "group." + type + ".";
            m.put(p + "session.timeout.ms", "45000");
            m.put(p + "min.session.timeout.ms", "45000");
            m.put(p + "max.session.timeout.ms", "60000");
            m.put(p + "heartbeat.interval.ms", "5000");
            m.put(p + "min.heartbeat.interval.ms", "5000");
            m.put(p + "max.heartbeat.interval.ms", "15000");
            m.put(p + "assignment.interval.ms", "1000");
            m.put(p + "min.assignment.interval.ms", "0");
            m.put(p + "max.assignment.interval.ms", "15000");
            m.put(p + "assignor.offload.enable", "true");
        }
        m.put("group.share.record.lock.duration.ms", "30000");
        m.put("group.share.min.record.lock.duration.ms", "15000");
        m.put("group.share.max.record.lock.duration.ms", "60000");
        m.put("group.share.delivery.count.limit", "5");
        m.put("group.share.min.delivery.count.limit", "2");
        m.put("group.share.max.delivery.count.limit", "10");
        m.put("group.share.partition.max.record.locks", "2000");
        m.put("group.share.min.partition.max.record.locks", "100");
        m.put("group.share.max.partition.max.record.locks", "4000");
        m.put("group.streams.num.standby.replicas", "0");
        m.put("group.streams.max.standby.replicas", "2");
        m.put("group.streams.initial.rebalance.delay.ms", "3000");
        m.put("group.streams.task.offset.interval.ms", "60000");
        m.put("group.streams.min.task.offset.interval.ms", "15000");
        m.put("group.streams.num.warmup.replicas", "2");
        m.put("group.streams.max.warmup.replicas", "20");
        m.put("group.streams.rack.aware.assignment.tags", "");
        m.put("group.streams.acceptable.recovery.lag", "10000");
        m.put("group.streams.assignors", "sticky");
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Def> defs() {
        Map<String, Def> m = new TreeMap<>();
        for (String type : List.of("consumer", "share", "streams")) {
            String b = "group." + type + ".";
            String g = type + ".";
            String who = "the members of a " + type + " group";
            bounded(m, g + "session.timeout.ms", 1, b, "session.timeout.ms",
                    "The timeout to detect failures of " + who + ".");
            bounded(m, g + "heartbeat.interval.ms", 1, b, "heartbeat.interval.ms",
                    "The heartbeat interval given to " + who + ".");
            bounded(m, g + "assignment.interval.ms", 0, b, "assignment.interval.ms",
                    "The interval between assignment updates for a " + type + " group.");
            add(m, new Def(g + "assignor.offload.enable", Kind.BOOLEAN, 0, null, b + "assignor.offload.enable",
                    null, null, true, "Whether the assignor of a " + type + " group runs off the coordinator."));
        }
        String s = "group.share.";
        add(m, new Def("share.record.lock.duration.ms", Kind.INT, 1000, null, s + "record.lock.duration.ms",
                s + "min.record.lock.duration.ms", s + "max.record.lock.duration.ms", false,
                "How long a delivered record stays acquired by its consumer before it is offered again."));
        add(m, new Def("share.delivery.count.limit", Kind.INT, 2, null, s + "delivery.count.limit",
                s + "min.delivery.count.limit", s + "max.delivery.count.limit", false,
                "Deliveries after which a record is archived instead of offered again."));
        add(m, new Def("share.partition.max.record.locks", Kind.INT, 100, null, s + "partition.max.record.locks",
                s + "min.partition.max.record.locks", s + "max.partition.max.record.locks", false,
                "The most records of a share-partition acquired at once."));
        add(m, new Def("share.auto.offset.reset", Kind.OFFSET_RESET, 0, "latest", null, null, null, false,
                "The strategy to initialize the share-partition start offset: latest, earliest or "
                        + "by_duration:<ISO-8601 duration>."));
        add(m, new Def("share.isolation.level", Kind.ISOLATION_LEVEL, 0, "read_uncommitted", null, null, null,
                false, "Whether the share group delivers transactional records only once committed."));
        add(m, new Def("share.renew.acknowledge.enable", Kind.BOOLEAN, 0, "true", null, null, null, false,
                "Whether the renew acknowledge type is enabled for the share group."));
        String t = "group.streams.";
        add(m, new Def("streams.num.standby.replicas", Kind.INT, 0, null, t + "num.standby.replicas", null,
                t + "max.standby.replicas", false, "The number of standby replicas for each task."));
        add(m, new Def("streams.initial.rebalance.delay.ms", Kind.INT, 0, null, t + "initial.rebalance.delay.ms",
                null, null, false, "How long the first rebalance of an empty streams group waits for more members."));
        add(m, new Def("streams.task.offset.interval.ms", Kind.INT, 1, null, t + "task.offset.interval.ms",
                t + "min.task.offset.interval.ms", null, true, "How often members report their task offsets."));
        add(m, new Def("streams.num.warmup.replicas", Kind.INT, 0, null, t + "num.warmup.replicas", null,
                t + "max.warmup.replicas", true, "The number of warmup replicas for each task."));
        add(m, new Def("streams.rack.aware.assignment.tags", Kind.LIST, 0, null, t + "rack.aware.assignment.tags",
                null, null, false, "Client tags used for rack-aware assignment of standby replicas."));
        add(m, new Def("streams.acceptable.recovery.lag", Kind.LONG, 0, null, t + "acceptable.recovery.lag", null,
                null, true, "The lag up to which a warmup replica counts as caught up."));
        add(m, new Def("streams.assignor.name", Kind.STREAMS_ASSIGNOR, 0, null, null, null, null, false,
                "The task assignor of the streams group, one of group.streams.assignors (unset: the first)."));
        add(m, new Def("errors.deadletterqueue.topic.name", Kind.STRING, 0, "", null, null, null, false,
                "The dead-letter queue topic of the share group; blank for none."));
        add(m, new Def("errors.deadletterqueue.copy.record.enable", Kind.BOOLEAN, 0, "false", null, null, null,
                false, "Whether records written to the dead-letter queue carry a copy of the original record."));
        return Collections.unmodifiableMap(m);
    }

    private static void bounded(Map<String, Def> m, String name, long atLeast, String brokerPrefix, String suffix,
                                String doc) {
        String min = brokerPrefix + "min." + suffix;
        String max = brokerPrefix + "max." + suffix;
        add(m, new Def(name, Kind.INT, atLeast, null, brokerPrefix + suffix, min, max, false, doc));
    }

    private static void add(Map<String, Def> m, Def d) {
        if (d.brokerKey != null && !BROKER_DEFAULTS.containsKey(d.brokerKey)
                || d.minKey != null && !BROKER_DEFAULTS.containsKey(d.minKey)
                || d.maxKey != null && !BROKER_DEFAULTS.containsKey(d.maxKey)) {
            throw new IllegalStateException("broker setting of " + d.name + " has no default");
        }
        m.put(d.name, d);
    }

    /** The broker settings group configs depend on (each with Kafka's default unless the node sets it). */
    public Set<String> brokerSettingNames() {
        return settings.keySet();
    }
}
