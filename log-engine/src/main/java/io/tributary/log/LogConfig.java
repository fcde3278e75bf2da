package io.tributary.log;

import io.tributary.protocol.record.TimestampType;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one partition log, under Kafka's topic-level names and with Kafka 4.4's defaults.
 *
 * @param segmentBytes           {@code segment.bytes}: roll the active segment at this size
 * @param segmentMs              {@code segment.ms}: roll the active segment after this age
 * @param segmentIndexBytes      {@code segment.index.bytes}: preallocated size of each index; a full index rolls
 * @param indexIntervalBytes     {@code index.interval.bytes}: bytes between sparse index entries
 * @param maxMessageBytes        {@code max.message.bytes}: largest batch accepted
 * @param timestampType          {@code message.timestamp.type}
 * @param timestampBeforeMaxMs   {@code message.timestamp.before.max.ms}: how far in the past a CreateTime may be
 * @param timestampAfterMaxMs    {@code message.timestamp.after.max.ms}: how far in the future a CreateTime may be
 * @param flushMessages          {@code flush.messages}: fsync after this many unflushed records
 * @param flushMs                {@code flush.ms}: fsync data older than this (applied by the {@link LogManager})
 * @param retentionMs            {@code retention.ms}: delete segments whose newest record is older; -1 = forever
 * @param retentionBytes         {@code retention.bytes}: delete oldest segments above this size; -1 = unlimited
 * @param compact                {@code cleanup.policy} contains {@code compact}
 * @param delete                 {@code cleanup.policy} contains {@code delete}
 * @param deleteRetentionMs      {@code delete.retention.ms}: how long compaction keeps tombstones
 * @param minCompactionLagMs     {@code min.compaction.lag.ms}: records younger than this are not compacted
 * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: clean when this share of the log is dirty
 * @param fileDeleteDelayMs      {@code file.delete.delay.ms}: how long a removed segment's files stay for readers
 */
public record LogConfig(int segmentBytes,
                        long segmentMs,
                        int segmentIndexBytes,
                        int indexIntervalBytes,
                        int maxMessageBytes,
                        TimestampType timestampType,
                        long timestampBeforeMaxMs,
                        long timestampAfterMaxMs,
                        long flushMessages,
                        long flushMs,
                        long retentionMs,
                        long retentionBytes,
                        boolean compact,
                        boolean delete,
                        long deleteRetentionMs,
                        long minCompactionLagMs,
                        double minCleanableDirtyRatio,
                        long fileDeleteDelayMs) {

    /** The topic-level keys this record understands. */
    public static final Set<String> KEYS = Set.of("segment.bytes", "segment.ms", "segment.index.bytes",
            "index.interval.bytes", "max.message.bytes", "message.timestamp.type", "message.timestamp.before.max.ms",
            "message.timestamp.after.max.ms", "flush.messages", "flush.ms", "retention.ms", "retention.bytes",
            "cleanup.policy", "delete.retention.ms", "min.compaction.lag.ms", "min.cleanable.dirty.ratio",
            "file.delete.delay.ms");

    public LogConfig {
        requireAtLeast("segment.bytes", segmentBytes, 14);
        requireAtLeast("segment.ms", segmentMs, 1);
        requireAtLeast("segment.index.bytes", segmentIndexBytes, 8);
        requireAtLeast("index.interval.bytes", indexIntervalBytes, 0);
        requireAtLeast("max.message.bytes", maxMessageBytes, 0);
        requireAtLeast("message.timestamp.before.max.ms", timestampBeforeMaxMs, 0);
        requireAtLeast("message.timestamp.after.max.ms", timestampAfterMaxMs, 0);
        requireAtLeast("flush.messages", flushMessages, 1);
        requireAtLeast("flush.ms", flushMs, 0);
        requireAtLeast("retention.ms", retentionMs, -1);
        requireAtLeast("retention.bytes", retentionBytes, -1);
        requireAtLeast("delete.retention.ms", deleteRetentionMs, 0);
        requireAtLeast("min.compaction.lag.ms", minCompactionLagMs, 0);
        requireAtLeast("file.delete.delay.ms", fileDeleteDelayMs, 0);
        if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
            throw new InvalidConfigException("min.cleanable.dirty.ratio", String.valueOf(minCleanableDirtyRatio),
                    "must be between 0 and 1");
        }
        if (timestampType == null) {
            throw new InvalidConfigException("message.timestamp.type", "null", "must be CreateTime or LogAppendTime");
        }
    }

    /** Kafka 4.4's defaults. */
    public static LogConfig defaults() {
        return new LogConfig(1024 * 1024 * 1024, 7L * 24 * 3600 * 1000, 10 * 1024 * 1024, 4096, 1048588,
                TimestampType.CREATE_TIME, Long.MAX_VALUE, 3_600_000L, Long.MAX_VALUE, Long.MAX_VALUE,
                7L * 24 * 3600 * 1000, -1L, false, true, 24L * 3600 * 1000, 0L, 0.5, 60_000L);
    }

    /**
     * The defaults overridden by topic-level settings in Kafka's names and formats.
     *
     * @throws InvalidConfigException naming the key, for an unknown key or a bad value
     */
    public static LogConfig fromProperties(Map<String, String> overrides) {
        LogConfig d = defaults();
        for (String key : overrides.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidConfigException(key, overrides.get(key), "is not a log setting");
            }
        }
        Values v = new Values(overrides);
        String policy = v.string("cleanup.policy", "delete").toLowerCase(Locale.ROOT);
        Set<String> policies = policy.isBlank() ? Set.of() : Set.of(policy.replace(" ", "").split(","));
        for (String p : policies) {
            if (!p.equals("compact") && !p.equals("delete")) {
                throw new InvalidConfigException("cleanup.policy", policy, "must be a list of compact and delete");
            }
        }
        return new LogConfig(
                v.integer("segment.bytes", d.segmentBytes),
                v.longValue("segment.ms", d.segmentMs),
                v.integer("segment.index.bytes", d.segmentIndexBytes),
                v.integer("index.interval.bytes", d.indexIntervalBytes),
                v.integer("max.message.bytes", d.maxMessageBytes),
                timestampType(v.string("message.timestamp.type", "CreateTime")),
                v.longValue("message.timestamp.before.max.ms", d.timestampBeforeMaxMs),
                v.longValue("message.timestamp.after.max.ms", d.timestampAfterMaxMs),
                v.longValue("flush.messages", d.flushMessages),
                v.longValue("flush.ms", d.flushMs),
                v.longValue("retention.ms", d.retentionMs),
                v.longValue("retention.bytes", d.retentionBytes),
                policies.contains("compact"),
                policies.contains("delete"),
                v.longValue("delete.retention.ms", d.deleteRetentionMs),
                v.longValue("min.compaction.lag.ms", d.minCompactionLagMs),
                v.doubleValue("min.cleanable.dirty.ratio", d.minCleanableDirtyRatio),
                v.longValue("file.delete.delay.ms", d.fileDeleteDelayMs));
    }

    private static TimestampType timestampType(String value) {
        return switch (value) {
            case "CreateTime" -> TimestampType.CREATE_TIME;
            case "LogAppendTime" -> TimestampType.LOG_APPEND_TIME;
            default -> throw new InvalidConfigException("message.timestamp.type", value,
                    "must be CreateTime or LogAppendTime");
        };
    }

    private static void requireAtLeast(String key, long value, long min) {
        if (value < min) {
            throw new InvalidConfigException(key, String.valueOf(value), "must be at least " + min);
        }
    }

    /** Typed reads of string settings, failing with the key's name. */
    private record Values(Map<String, String> map) {
        String string(String key, String fallback) {
            return map.getOrDefault(key, fallback).trim();
        }

        int integer(String key, int fallback) {
            long v = longValue(key, fallback);
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                throw new InvalidConfigException(key, map.get(key), "must fit in 32 bits");
            }
            return (int) v;
        }

        long longValue(String key, long fallback) {
            String s = map.get(key);
            if (s == null) {
                return fallback;
            }
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(key, s, "must be a whole number");
            }
        }

        double doubleValue(String key, double fallback) {
            String s = map.get(key);
            if (s == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(key, s, "must be a number");
            }
        }
    }
}
