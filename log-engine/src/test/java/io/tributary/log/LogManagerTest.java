package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final MutableClock clock = new MutableClock(NOW);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private LogManager start(List<Path> dirs) throws IOException {
        LogManager manager = new LogManager(dirs, clock, scheduler);
        manager.startup(tp -> LogConfig.defaults(), LogManager.Intervals.defaults());
        return manager;
    }

    @Test
    void logsSpreadOverDirsAndComeBackAfterARestart() throws IOException {
        List<Path> dirs = List.of(tmp.resolve("a"), tmp.resolve("b"));
        List<TopicPartition> partitions = List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1),
                new TopicPartition("my-topic-with-dashes", 0), new TopicPartition("x.y_z", 7));
        try (LogManager manager = start(dirs)) {
            for (TopicPartition tp : partitions) {
                manager.getOrCreate(tp, LogConfig.defaults())
                        .appendAsLeader(TestBatches.batch(NOW, "hello " + tp), 0, AppendOrigin.CLIENT);
            }
            assertThat(Files.list(dirs.get(0)).filter(Files::isDirectory).count()).isEqualTo(2);
            assertThat(Files.list(dirs.get(1)).filter(Files::isDirectory).count()).isEqualTo(2);
        }
        assertThat(dirs.get(0).resolve(LogManager.RECOVERY_POINT_CHECKPOINT)).exists();
        try (LogManager manager = start(dirs)) {
            assertThat(manager.logsByPartition()).containsOnlyKeys(partitions);
            for (TopicPartition tp : partitions) {
                Log log = manager.log(tp);
                assertThat(log.recoveryPoint()).isEqualTo(1);
                assertThat(TestBatches.readAll(log)).containsExactly("0:hello " + tp);
            }
        }
    }

    @Test
    void theHighWatermarkSurvivesARestartAndNeverPassesTheLogEnd() throws IOException {
        Path dir = tmp.resolve("a");
        TopicPartition tp = new TopicPartition("replicated", 0);
        try (LogManager manager = start(List.of(dir))) {
            Log log = manager.getOrCreate(tp, LogConfig.defaults());
            for (int i = 0; i < 3; i++) {
                log.appendAsLeader(TestBatches.batch(NOW, "r" + i), 0, AppendOrigin.CLIENT);
            }
            log.updateHighWatermark(2);
            assertThat(log.highWatermark()).isEqualTo(2);
            log.updateHighWatermark(99);
            assertThat(log.highWatermark()).as("capped at the log end").isEqualTo(3);
            log.updateHighWatermark(2);
        }
        assertThat(dir.resolve(LogManager.HIGH_WATERMARK_CHECKPOINT)).exists();
        try (LogManager manager = start(List.of(dir))) {
            Log log = manager.log(tp);
            assertThat(log.highWatermark()).isEqualTo(2);
            log.truncateTo(1);
            assertThat(log.highWatermark()).as("a truncated log's").isEqualTo(1);
        }
    }

    @Test
    void aDeletedPartitionDisappearsFromDisk() throws Exception {
        Path dir = tmp.resolve("a");
        try (LogManager manager = start(List.of(dir))) {
            TopicPartition tp = new TopicPartition("gone", 0);
            manager.getOrCreate(tp, LogConfig.defaults()).appendAsLeader(TestBatches.batch(NOW, "x"), 0,
                    AppendOrigin.CLIENT);
            manager.delete(tp);
            assertThat(manager.log(tp)).isNull();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.list(dir).anyMatch(Files::isDirectory) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            assertThat(Files.list(dir).filter(Files::isDirectory)).isEmpty();
        }
    }

    @Test
    void anUnusableDirGoesOfflineAndTheOthersKeepWorking() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("file"), "not a directory");
        Path good = tmp.resolve("good");
        try (LogManager manager = start(List.of(notADir, good))) {
            assertThat(manager.offlineDirs()).containsExactly(notADir);
            Log log = manager.getOrCreate(new TopicPartition("t", 0), LogConfig.defaults());
            assertThat(log.dir().getParent()).isEqualTo(good);
        }
    }

    @Test
    void startupFailsClearlyWhenNoDirIsUsable() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("file"), "not a directory");
        LogManager manager = new LogManager(List.of(notADir), clock, scheduler);
        assertThatThrownBy(() -> manager.startup(tp -> LogConfig.defaults(), LogManager.Intervals.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("no usable log dir")
                .hasMessageContaining(notADir.toString());
    }

    @Test
    void badSettingsNameTheirKey() {
        assertThatThrownBy(() -> LogConfig.fromProperties(java.util.Map.of("retention.ms", "soon")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> LogConfig.fromProperties(java.util.Map.of("cleanup.policy", "shred")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> LogConfig.fromProperties(java.util.Map.of("segment.bytez", "1")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("segment.bytez");
    }
}
