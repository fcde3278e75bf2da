package io.tributary.cluster.controller;

/**
 * A partition named by topic name, as admin requests name them.
 *
 * @param topic     the topic name
 * @param partition the partition index
 */
public record TopicPartition(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
