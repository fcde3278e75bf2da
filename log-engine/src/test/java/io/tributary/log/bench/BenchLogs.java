package io.tributary.log.bench;

import io.tributary.log.LogConfig;
import java.util.Map;

/** How the benchmarks size their logs, so append and read runs use the same settings. */
final class BenchLogs {

    /**
     * {@code segment.bytes} of every benchmark log: 128 MiB, small enough that each iteration rolls several
     * segments, unless the {@code bench.segment.bytes} system property says otherwise (the raw baseline's files
     * follow it too). With {@code -jvmArgsAppend -Dbench.segment.bytes=2147483647} and short iterations, appends
     * run without any roll, which shows what a roll costs.
     */
    static final int SEGMENT_BYTES = Integer.getInteger("bench.segment.bytes", 128 << 20);
    /** How many full segments' worth of bytes retention keeps while appending (bounding disk use). */
    static final int RETAINED_SEGMENTS = 3;

    private BenchLogs() {
    }

    /**
     * Kafka's defaults except {@code segment.bytes}, {@code retention.bytes} ({@link #RETAINED_SEGMENTS}
     * segments) and {@code file.delete.delay.ms} (0: a removed segment is deleted as soon as the background
     * thread gets to it).
     */
    static LogConfig config() {
        return LogConfig.fromProperties(Map.of(
                "segment.bytes", String.valueOf(SEGMENT_BYTES),
                "retention.bytes", String.valueOf((long) RETAINED_SEGMENTS * SEGMENT_BYTES),
                "file.delete.delay.ms", "0"));
    }
}
