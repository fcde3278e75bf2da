package io.tributary.streams.internal;

import io.tributary.streams.processor.TaskId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An application's local state, {@code <state.dir>/<application.id>}: one directory per task (named by its id,
 * as Kafka Streams names them) and the file {@code process-id}, a UUID kept across restarts so that a restarted
 * instance takes over its own transactional ids (fencing and aborting what its previous life left open).
 */
public final class StateDirectory {

    private final Path root;

    public StateDirectory(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + root, e);
        }
    }

    public Path taskDirectory(TaskId id) {
        return root.resolve(id.toString());
    }

    public String processId() {
        Path file = root.resolve("process-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** Tasks that have a directory here (state from an earlier run): the assignor prefers to keep them here. */
    public Set<TaskId> tasksWithState() {
        Set<TaskId> ids = new HashSet<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                try {
                    ids.add(TaskId.parse(d.getFileName().toString()));
                } catch (IllegalArgumentException e) {
                    // not a task directory
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** Deletes a task's local state: it will be rebuilt from its changelogs. */
    public void wipe(TaskId id) {
        Path dir = taskDirectory(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
    }
}
