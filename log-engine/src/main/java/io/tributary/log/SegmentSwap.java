package io.tributary.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The file protocol that replaces a segment by its cleaned copy, crash-safely. The cleaned files move beside the
 * old ones as {@code <name>.swap}, the {@code .log} last ({@link #stage}); later they take the final names, the
 * {@code .log} last again ({@link #promote}). So a {@code .log.swap} on disk means "every cleaned file is here,
 * the swap is unfinished": {@link #completeInterrupted} finishes it when the log is opened; swap files without their
 * {@code .log.swap} are an unfinished copy and are removed, as is the cleaner's temporary directory.
 */
final class SegmentSwap {

    static final String SUFFIX = ".swap";

    private SegmentSwap() {
    }

    private static Path swapOf(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    /** Step 1: the cleaned files of {@code base} move from {@code cleanedDir} into {@code dir} as swap files. */
    static void stage(Path cleanedDir, Path dir, long base, Consumer<String> hook) throws IOException {
        List<Path> cleaned = SegmentFiles.all(cleanedDir, base);
        List<Path> targets = SegmentFiles.all(dir, base);
        for (int i = cleaned.size() - 1; i >= 0; i--) {   // the .log comes first in the list: move it last
            Files.move(cleaned.get(i), swapOf(targets.get(i)), StandardCopyOption.REPLACE_EXISTING);
            hook.accept("moved " + targets.get(i).getFileName());
        }
        CheckpointFile.fsyncDirectory(dir);
    }

    /** Step 3: the swap files of {@code base} take the segment's names (the old files were renamed away). */
    static void promote(Path dir, long base) throws IOException {
        List<Path> targets = SegmentFiles.all(dir, base);
        for (int i = targets.size() - 1; i >= 0; i--) {   // the .log last again: its swap marks "unfinished"
            Files.move(swapOf(targets.get(i)), targets.get(i));
        }
        CheckpointFile.fsyncDirectory(dir);
    }

    /** Removes a cleaned copy that will not be used. */
    static void discard(Path cleanedDir, long base) throws IOException {
        for (Path file : SegmentFiles.all(cleanedDir, base)) {
            Files.deleteIfExists(file);
        }
    }

    /** Finishes or undoes a swap a crash interrupted, before the log's segments are loaded. */
    static void completeInterrupted(Path dir) throws IOException {
        LogCleaner.deleteQuietly(dir.resolve(LogCleaner.TEMP_DIR));
        List<Path> swaps = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            files.forEach(swaps::add);
        }
        for (Path swap : swaps) {
            String name = swap.getFileName().toString();
            long base = SegmentFiles.baseOffsetOf(name.substring(0, name.length() - SUFFIX.length()),
                    SegmentFiles.LOG);
            if (base < 0) {
                continue;
            }
            for (Path file : SegmentFiles.all(dir, base)) {
                // Replaces the old file, or fills in one the interrupted promotion had not reached; a file without
                // a swap beside it was already promoted.
                if (Files.exists(swapOf(file))) {
                    Files.move(swapOf(file), file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path leftover : files) {
                Files.deleteIfExists(leftover);
            }
        }
        CheckpointFile.fsyncDirectory(dir);
    }
}
