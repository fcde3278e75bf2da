package io.tributary.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A small text file replaced atomically, in Kafka's checkpoint format:
 * <pre>
 *   0            format version
 *   N            number of entries
 *   entry 1      one line per entry, fields separated by single spaces
 *   ...
 * </pre>
 * Written to {@code <name>.tmp}, fsynced, renamed over the old file, and the directory fsynced: after a crash the
 * file is either the old or the new version, never a mix. A file that does not parse is reported, not guessed at.
 */
final class CheckpointFile {

    private static final String VERSION = "0";

    private final Path path;

    CheckpointFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    void write(List<String> entries) throws IOException {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(entries.size()).append('\n');
        for (String entry : entries) {
            text.append(entry).append('\n');
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(path.getParent());
    }

    /** The entry lines, or an empty list if the file does not exist. */
    List<String> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        if (lines.size() < 2 || !lines.get(0).equals(VERSION)) {
            throw new IOException("malformed checkpoint " + path + ": bad header");
        }
        int count;
        try {
            count = Integer.parseInt(lines.get(1).trim());
        } catch (NumberFormatException e) {
            throw new IOException("malformed checkpoint " + path + ": bad entry count", e);
        }
        if (count < 0 || lines.size() - 2 < count) {
            throw new IOException("malformed checkpoint " + path + ": " + count + " entries announced, "
                    + (lines.size() - 2) + " present");
        }
        return new ArrayList<>(lines.subList(2, 2 + count));
    }

    /** Makes a rename or file creation in {@code dir} durable. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on directories; the rename is then as durable as they make it.
        }
    }
}
