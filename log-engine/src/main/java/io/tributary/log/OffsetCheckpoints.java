package io.tributary.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-log-dir checkpoint of one offset per partition ({@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint}), in Kafka's format: version line, count line, then
 * {@code <topic> <partition> <offset>} lines. Replaced atomically (see {@link CheckpointFile}).
 */
final class OffsetCheckpoints {

    private final CheckpointFile file;

    OffsetCheckpoints(Path path) {
        this.file = new CheckpointFile(path);
    }

    Map<TopicPartition, Long> read() throws IOException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (String line : file.read()) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 3) {
                throw new IOException("malformed line '" + line + "' in " + file.path());
            }
            try {
                offsets.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed line '" + line + "' in " + file.path(), e);
            }
        }
        return offsets;
    }

    void write(Map<TopicPartition, Long> offsets) throws IOException {
        List<String> lines = new ArrayList<>();
        offsets.forEach((tp, offset) -> lines.add(tp.topic() + " " + tp.partition() + " " + offset));
        file.write(lines);
    }
}
