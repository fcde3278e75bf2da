package io.tributary.streams.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the WAL off, what {@code flush()} returned for survives a crash: the premise of writing checkpoints then. */
class RocksDbCrashTest {

    @TempDir
    Path dir;

    @Test
    void whatWasFlushedSurvivesAProcessThatDiesWithoutClosing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                CrashAfterFlushMain.class.getName(), dir.toString()).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(new String(child.getInputStream().readAllBytes())).isZero();
        try (RocksDbBytesStore store = RocksDbBytesStore.open(dir)) {
            for (int i = 0; i < 1_000; i++) {
                assertThat(store.get(CrashAfterFlushMain.key(i))).as("key %d", i).isNotNull();
            }
            // Unflushed writes may or may not be there (RocksDB may have flushed on its own); reopening works.
        }
    }
}
