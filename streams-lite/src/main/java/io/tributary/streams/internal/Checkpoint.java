package io.tributary.streams.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A task's {@code .checkpoint} file: the changelog offset up to which its local stores hold the changelog, so a
 * restart restores only what came after. Text, UTF-8: a version line {@code 0}, a count line, then one line per
 * changelog partition, {@code <topic> <partition> <offset>}. Written to {@code .checkpoint.tmp} and renamed over
 * the old file, so a crash leaves the old file or the new one, never a torn one. A missing or unreadable file
 * means "restore from the changelog's start".
 */
public final class Checkpoint {

    private static final String FILE = ".checkpoint";

    private Checkpoint() {
    }

    public static Map<TopicPartition, Long> read(Path taskDir) {
        Path file = taskDir.resolve(FILE);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (!Files.exists(file)) {
            return offsets;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.get(0).equals("0")) {
                return offsets;
            }
            int count = Integer.parseInt(lines.get(1).trim());
            for (int i = 0; i < count; i++) {
                String[] f = lines.get(2 + i).split(" ");
                offsets.put(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2]));
            }
            return offsets;
        } catch (IOException | RuntimeException e) {
            return new HashMap<>();
        }
    }

    public static void write(Path taskDir, Map<TopicPartition, Long> offsets) {
        StringBuilder text = new StringBuilder("0\n").append(offsets.size()).append('\n');
        offsets.forEach((tp, offset) -> text.append(tp.topic()).append(' ').append(tp.partition()).append(' ')
                .append(offset).append('\n'));
        try {
            Files.createDirectories(taskDir);
            Path tmp = taskDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, taskDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, taskDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the checkpoint in " + taskDir + ": " + e, e);
        }
    }

    public static void delete(Path taskDir) {
        try {
            Files.deleteIfExists(taskDir.resolve(FILE));
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete the checkpoint in " + taskDir + ": " + e, e);
        }
    }
}
