package io.tributary.streams.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A RocksDB store holds far more than the heap: 300 MiB of values written and read in a JVM with 64 MiB. */
class LargerThanHeapTest {

    @TempDir
    Path taskDir;

    @Test
    void threeHundredMibOfValuesFitAStoreInASixtyFourMibHeap() throws Exception {
        int count = 300 * 1024; // 1 KiB values: 300 MiB
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LargerThanHeapMain.class.getName(), taskDir.toString(), Integer.toString(count))
                .redirectErrorStream(true)
                .start();
        boolean done = child.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            child.destroyForcibly();
        }
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("finished in time; output:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output).contains("wrote and read 300 MiB with a");
        // The data is on disk (random values do not compress), not anywhere in the 64 MiB heap.
        assertThat(sizeOf(RocksDbBytesStore.directory(taskDir, "big"))).isGreaterThan(280L << 20);
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            long total = 0;
            for (Path f : regular) {
                total += Files.size(f);
            }
            return total;
        }
    }
}
