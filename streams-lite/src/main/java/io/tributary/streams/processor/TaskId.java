package io.tributary.streams.processor;

/**
 * A task: one sub-topology applied to one partition number of its source topics. Printed as Kafka Streams prints
 * it, {@code <subtopology>_<partition>}, which also names the task's state directory.
 */
public record TaskId(int subtopology, int partition) implements Comparable<TaskId> {

    public static TaskId parse(String text) {
        int underscore = text.indexOf('_');
        if (underscore <= 0) {
            throw new IllegalArgumentException("not a task id: " + text);
        }
        return new TaskId(Integer.parseInt(text.substring(0, underscore)),
                Integer.parseInt(text.substring(underscore + 1)));
    }

    @Override
    public int compareTo(TaskId other) {
        int bySubtopology = Integer.compare(subtopology, other.subtopology);
        return bySubtopology != 0 ? bySubtopology : Integer.compare(partition, other.partition);
    }

    @Override
    public String toString() {
        return subtopology + "_" + partition;
    }
}
