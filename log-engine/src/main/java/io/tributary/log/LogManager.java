package io.tributary.log;

import io.tributary.protocol.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * All partition logs of a node across its {@code log.dirs}: loads them at startup (recovering each from the
 * checkpointed recovery point), creates new ones in the least-loaded dir, deletes removed ones (rename to
 * {@code <dir>.<uuid>-delete}, then remove in the background), and runs the periodic work: {@code flush.ms}
 * flushes, recovery-point and log-start-offset checkpoints, and retention.
 *
 * <p>Each log dir holds {@code recovery-point-offset-checkpoint} and {@code log-start-offset-checkpoint}. A dir
 * that cannot be written goes offline: its partitions answer KAFKA_STORAGE_ERROR while the other dirs keep
 * working; if every dir is offline, startup fails with a message naming them.
 */
public final class LogManager implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LogManager.class.getName());
    static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    static final String LOG_START_CHECKPOINT = "log-start-offset-checkpoint";
    static final String HIGH_WATERMARK_CHECKPOINT = "replication-offset-checkpoint";
    private static final String DELETE_SUFFIX = "-delete";

    /**
     * Intervals of the background work, after Kafka's broker settings.
     *
     * @param flushCheckMs            how often {@code flush.ms} is checked
     * @param checkpointMs            {@code log.flush.offset.checkpoint.interval.ms}
     * @param retentionCheckMs        {@code log.retention.check.interval.ms}
     * @param cleanerBackoffMs        {@code log.cleaner.backoff.ms}: how often compacted logs are checked
     * @param producerExpirationMs    {@code producer.id.expiration.ms}
     * @param producerExpirationCheckMs {@code producer.id.expiration.check.interval.ms}
     */
    public record Intervals(long flushCheckMs, long checkpointMs, long retentionCheckMs, long cleanerBackoffMs,
                            long producerExpirationMs, long producerExpirationCheckMs) {
        /** Kafka's defaults: 60 s checkpoints, 5 min retention, 15 s cleaner backoff, 1 day producer expiry. */
        public static Intervals defaults() {
            return new Intervals(1000, 60_000, 300_000, 15_000, 86_400_000L, 600_000);
        }
    }

    private final List<Path> logDirs;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final SegmentDeleter deleter;
    private final Map<TopicPartition, Log> logs = new ConcurrentHashMap<>();
    private final Set<Path> offlineDirs = ConcurrentHashMap.newKeySet();

    public LogManager(List<Path> logDirs, Clock clock, ScheduledExecutorService scheduler) {
        if (logDirs.isEmpty()) {
            throw new InvalidConfigException("log.dirs", "", "must name at least one directory");
        }
        this.logDirs = List.copyOf(logDirs);
        this.clock = clock;
        this.scheduler = scheduler;
        this.deleter = SegmentDeleter.delayed(scheduler);
    }

    /**
     * Checks every dir, loads every partition log in it and starts the background work.
     *
     * @param configFor the settings of each partition found on disk
     */
    public void startup(java.util.function.Function<TopicPartition, LogConfig> configFor, Intervals intervals)
            throws IOException {
        for (Path dir : logDirs) {
            try {
                checkWritable(dir);
                loadDir(dir, configFor);
            } catch (IOException | UncheckedIOException e) {
                LOG.log(Level.SEVERE, "log dir " + dir + " is offline: " + e.getMessage(), e);
                offlineDirs.add(dir);
            }
        }
        if (offlineDirs.size() == logDirs.size()) {
            throw new IOException("no usable log dir among " + logDirs + ": each is missing, not a directory or not"
                    + " writable");
        }
        scheduler.scheduleWithFixedDelay(this::flushDueLogs, intervals.flushCheckMs(), intervals.flushCheckMs(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::checkpointQuietly, intervals.checkpointMs(), intervals.checkpointMs(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::applyRetention, intervals.retentionCheckMs(),
                intervals.retentionCheckMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::cleanDirtyLogs, intervals.cleanerBackoffMs(),
                intervals.cleanerBackoffMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> expireProducers(intervals.producerExpirationMs()),
                intervals.producerExpirationCheckMs(), intervals.producerExpirationCheckMs(), TimeUnit.MILLISECONDS);
    }

    private static void checkWritable(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path probe = dir.resolve(".writable-" + UUID.randomUUID());
        Files.writeString(probe, "ok");
        Files.delete(probe);
    }

    private void loadDir(Path dir, java.util.function.Function<TopicPartition, LogConfig> configFor)
            throws IOException {
        Map<TopicPartition, Long> recoveryPoints = new OffsetCheckpoints(dir.resolve(RECOVERY_POINT_CHECKPOINT)).read();
        Map<TopicPartition, Long> startOffsets = new OffsetCheckpoints(dir.resolve(LOG_START_CHECKPOINT)).read();
        Map<TopicPartition, Long> highWatermarks = new OffsetCheckpoints(dir.resolve(HIGH_WATERMARK_CHECKPOINT)).read();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry)) {
                    continue;
                }
                String name = entry.getFileName().toString();
                if (name.endsWith(DELETE_SUFFIX)) {
                    scheduler.execute(() -> deleteTree(entry));
                    continue;
                }
                TopicPartition tp = TopicPartition.fromDirName(name);
                if (tp == null) {
                    continue;
                }
                if (logs.containsKey(tp)) {
                    throw new IOException("partition " + tp + " is in two log dirs: " + entry + " and "
                            + logs.get(tp).dir());
                }
                Log log = Log.open(entry, configFor.apply(tp), recoveryPoints.getOrDefault(tp, 0L),
                        startOffsets.getOrDefault(tp, 0L), clock, deleter);
                log.updateHighWatermark(highWatermarks.getOrDefault(tp, 0L));
                logs.put(tp, log);
            }
        }
    }

    /** The log of a partition, or null if this node has none. */
    public Log log(TopicPartition tp) {
        return logs.get(tp);
    }

    public Collection<Log> logs() {
        return logs.values();
    }

    public Map<TopicPartition, Log> logsByPartition() {
        return Map.copyOf(logs);
    }

    public List<Path> logDirs() {
        return logDirs;
    }

    public Set<Path> offlineDirs() {
        return Set.copyOf(offlineDirs);
    }

    /** The partition's log, created in the online dir holding the fewest partitions if it does not exist. */
    public synchronized Log getOrCreate(TopicPartition tp, LogConfig config) {
        Log existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        Path dir = leastLoadedDir();
        try {
            Log log = Log.open(dir.resolve(tp.dirName()), config, 0, 0, clock, deleter);
            logs.put(tp, log);
            return log;
        } catch (IOException e) {
            markOffline(dir, e);
            throw new LogException(Errors.KAFKA_STORAGE_ERROR, "cannot create the log of " + tp + " in " + dir, e);
        }
    }

    private Path leastLoadedDir() {
        Map<Path, Integer> counts = new HashMap<>();
        for (Path dir : logDirs) {
            if (!offlineDirs.contains(dir)) {
                counts.put(dir, 0);
            }
        }
        for (Log log : logs.values()) {
            counts.computeIfPresent(log.dir().getParent(), (d, n) -> n + 1);
        }
        return counts.entrySet().stream().min(Map.Entry.<Path, Integer>comparingByValue()
                        .thenComparing(e -> e.getKey().toString()))
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new LogException(Errors.KAFKA_STORAGE_ERROR, "every log dir is offline"));
    }

    /** Closes the partition's log and removes it from disk (renamed at once, deleted in the background). */
    public synchronized void delete(TopicPartition tp) throws IOException {
        Log log = logs.remove(tp);
        if (log == null) {
            return;
        }
        log.close();
        Path renamed = log.dir().resolveSibling(tp.dirName() + "." + UUID.randomUUID().toString().replace("-", "")
                + DELETE_SUFFIX);
        Files.move(log.dir(), renamed);
        CheckpointFile.fsyncDirectory(renamed.getParent());
        scheduler.execute(() -> deleteTree(renamed));
    }

    /** Writes the offset checkpoints (recovery points, log starts, high watermarks) of every online dir. */
    public void checkpoint() throws IOException {
        for (Path dir : logDirs) {
            if (offlineDirs.contains(dir)) {
                continue;
            }
            Map<TopicPartition, Long> recovery = new HashMap<>();
            Map<TopicPartition, Long> start = new HashMap<>();
            Map<TopicPartition, Long> highWatermarks = new HashMap<>();
            logs.forEach((tp, log) -> {
                if (log.dir().getParent().equals(dir)) {
                    recovery.put(tp, log.recoveryPoint());
                    start.put(tp, log.logStartOffset());
                    highWatermarks.put(tp, log.highWatermark());
                }
            });
            try {
                new OffsetCheckpoints(dir.resolve(RECOVERY_POINT_CHECKPOINT)).write(recovery);
                new OffsetCheckpoints(dir.resolve(LOG_START_CHECKPOINT)).write(start);
                new OffsetCheckpoints(dir.resolve(HIGH_WATERMARK_CHECKPOINT)).write(highWatermarks);
            } catch (IOException e) {
                markOffline(dir, e);
                throw e;
            }
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "checkpoint failed: " + e.getMessage(), e);
        }
    }

    private void flushDueLogs() {
        for (Log log : logs.values()) {
            try {
                if (log.msSinceLastFlush() >= log.config().flushMs()) {
                    log.flush();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "flush of " + log.dir() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Applies retention to every log now. */
    public void applyRetention() {
        for (Log log : logs.values()) {
            try {
                log.deleteRetainedSegments();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "retention of " + log.dir() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Compacts every compacted log whose dirty share reached {@code min.cleanable.dirty.ratio}. */
    public void cleanDirtyLogs() {
        for (Log log : logs.values()) {
            try {
                LogCleaner.cleanIfDirty(log);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cleaning of " + log.dir() + " failed: " + e.getMessage(), e);
            }
        }
    }

    private void expireProducers(long expirationMs) {
        for (Log log : logs.values()) {
            try {
                log.removeExpiredProducers(expirationMs);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "producer expiry in " + log.dir() + " failed: " + e.getMessage(), e);
            }
        }
    }

    private void markOffline(Path dir, Exception cause) {
        if (offlineDirs.add(dir)) {
            LOG.log(Level.SEVERE, "log dir " + dir + " is offline: " + cause.getMessage(), cause);
            List<TopicPartition> lost = new ArrayList<>();
            logs.forEach((tp, log) -> {
                if (log.dir().getParent().equals(dir)) {
                    lost.add(tp);
                }
            });
            for (TopicPartition tp : lost) {
                Log log = logs.remove(tp);
                try {
                    log.close();
                } catch (IOException | RuntimeException e) {
                    // the dir is already failing; closing is best effort
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete " + root + ": " + e.getMessage(), e);
        }
    }

    /** Closes every log (flushing it) and writes the checkpoints, so the next start trusts everything. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Log log : logs.values()) {
            try {
                log.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        checkpoint();
        if (failure != null) {
            throw failure;
        }
    }
}
