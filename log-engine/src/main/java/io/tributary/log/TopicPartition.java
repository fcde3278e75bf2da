package io.tributary.log;

/**
 * A partition of a topic, and the name of its directory under a log dir: {@code <topic>-<partition>}.
 * Topic names may contain {@code -}, so the partition is what follows the last one.
 */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        if (topic == null || topic.isEmpty() || partition < 0) {
            throw new IllegalArgumentException("invalid topic partition " + topic + "-" + partition);
        }
    }

    public String dirName() {
        return topic + "-" + partition;
    }

    /** The partition a directory name stands for, or null if the name is not a partition directory's. */
    public static TopicPartition fromDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return null;
        }
        String digits = name.substring(dash + 1);
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
            return null;
        }
        return new TopicPartition(name.substring(0, dash), Integer.parseInt(digits));
    }

    @Override
    public String toString() {
        return dirName();
    }
}
