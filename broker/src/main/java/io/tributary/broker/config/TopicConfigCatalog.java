package io.tributary.broker.config;

import io.tributary.broker.config.TopicConfigDef.BrokerKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topic-level configs this broker knows (every one the controller accepts as a topic override), under Kafka's
 * names, with Kafka 4.4's defaults and the broker {@code log.*} keys that supply each default.
 */
public final class TopicConfigCatalog {

    private static final long HOUR = 3_600_000L;
    private static final String MAX = Long.toString(Long.MAX_VALUE);
    private static final Map<String, TopicConfigDef> DEFS = new LinkedHashMap<>();

    static {
        def("cleanup.policy", ConfigType.LIST, "delete", "Whether old segments are deleted, compacted, or both.",
                "log.cleanup.policy");
        def("compression.type", ConfigType.STRING, "producer",
                "Codec batches are stored with; 'producer' keeps the producer's.", "compression.type");
        def("delete.retention.ms", ConfigType.LONG, "86400000",
                "How long compaction keeps tombstones.", "log.cleaner.delete.retention.ms");
        def("file.delete.delay.ms", ConfigType.LONG, "60000",
                "How long a removed segment's files wait before leaving the disk.", "log.segment.delete.delay.ms");
        def("flush.messages", ConfigType.LONG, MAX, "Records between forced fsyncs.", "log.flush.interval.messages");
        def("flush.ms", ConfigType.LONG, MAX, "Time between forced fsyncs.", "log.flush.interval.ms");
        def("index.interval.bytes", ConfigType.INT, "4096", "Bytes between sparse offset index entries.",
                "log.index.interval.bytes");
        def("max.compaction.lag.ms", ConfigType.LONG, MAX,
                "Longest a record may stay uncompacted.", "log.cleaner.max.compaction.lag.ms");
        def("max.message.bytes", ConfigType.INT, "1048588", "Largest record batch accepted.", "message.max.bytes");
        def("message.timestamp.after.max.ms", ConfigType.LONG, "3600000",
                "How far in the future a CreateTime timestamp may be.", "log.message.timestamp.after.max.ms");
        def("message.timestamp.before.max.ms", ConfigType.LONG, MAX,
                "How far in the past a CreateTime timestamp may be.", "log.message.timestamp.before.max.ms");
        def("message.timestamp.type", ConfigType.STRING, "CreateTime",
                "Whether records keep the producer's time or get the append time.", "log.message.timestamp.type");
        def("min.cleanable.dirty.ratio", ConfigType.DOUBLE, "0.5",
                "Share of uncompacted log that triggers compaction.", "log.cleaner.min.cleanable.ratio");
        def("min.compaction.lag.ms", ConfigType.LONG, "0", "Shortest time a record stays uncompacted.",
                "log.cleaner.min.compaction.lag.ms");
        def("min.insync.replicas", ConfigType.INT, "1",
                "In-sync replicas an acks=all write needs.", "min.insync.replicas");
        def("preallocate", ConfigType.BOOLEAN, "false", "Whether new segment files are preallocated.",
                "log.preallocate");
        def("retention.bytes", ConfigType.LONG, "-1", "Size above which the oldest segments are deleted; -1 = none.",
                "log.retention.bytes");
        DEFS.put("retention.ms", new TopicConfigDef("retention.ms", ConfigType.LONG, "604800000",
                List.of(new BrokerKey("log.retention.ms", 1), new BrokerKey("log.retention.minutes", 60_000),
                        new BrokerKey("log.retention.hours", HOUR)),
                "Age after which segments are deleted; -1 = forever."));
        def("segment.bytes", ConfigType.INT, "1073741824", "Size at which a segment is rolled.", "log.segment.bytes");
        def("segment.index.bytes", ConfigType.INT, "10485760", "Size of each segment's offset index.",
                "log.index.size.max.bytes");
        DEFS.put("segment.jitter.ms", new TopicConfigDef("segment.jitter.ms", ConfigType.LONG, "0",
                List.of(new BrokerKey("log.roll.jitter.ms", 1), new BrokerKey("log.roll.jitter.hours", HOUR)),
                "Random time taken off segment.ms so segments do not roll together."));
        DEFS.put("segment.ms", new TopicConfigDef("segment.ms", ConfigType.LONG, "604800000",
                List.of(new BrokerKey("log.roll.ms", 1), new BrokerKey("log.roll.hours", HOUR)),
                "Age at which a segment is rolled."));
        def("unclean.leader.election.enable", ConfigType.BOOLEAN, "false",
                "Whether an out-of-sync replica may become leader, losing data.", "unclean.leader.election.enable");
    }

    private TopicConfigCatalog() {
    }

    private static void def(String name, ConfigType type, String defaultValue, String doc, String brokerKey) {
        DEFS.put(name, new TopicConfigDef(name, type, defaultValue, List.of(new BrokerKey(brokerKey, 1)), doc));
    }

    /** Every topic config, by key, in alphabetical order. */
    public static Map<String, TopicConfigDef> all() {
        return Collections.unmodifiableMap(DEFS);
    }

    public static TopicConfigDef get(String name) {
        return DEFS.get(name);
    }

    /** Every broker key that sets a topic default, with the topic config it belongs to. */
    public static Map<String, TopicConfigDef> byBrokerKey() {
        Map<String, TopicConfigDef> out = new LinkedHashMap<>();
        for (TopicConfigDef d : DEFS.values()) {
            for (BrokerKey k : d.brokerKeys()) {
                out.put(k.name(), d);
            }
        }
        return out;
    }

    /** The keys, in order. */
    public static List<String> names() {
        return new ArrayList<>(DEFS.keySet());
    }
}
