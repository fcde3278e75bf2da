package io.tributary.log.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A fresh directory for one benchmark trial's files, under {@code target/bench-data} of the directory the
 * benchmark runs in (the module, when run by Maven) or under the {@code bench.dir} system property; removed with
 * everything in it when closed. The log and the raw-write baseline both write here, so they measure one disk.
 */
final class ScratchDirectory implements AutoCloseable {

    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    static ScratchDirectory create(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("bench.dir", "target/bench-data"));
        Files.createDirectories(base);
        return new ScratchDirectory(Files.createTempDirectory(base, prefix));
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> files = Files.walk(path)) {
            all = files.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
