package io.tributary.cluster.metadata;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One topic in the image: its name, id and partitions (the registration of partition {@code i} at index
 * {@code i}; partitions are dense, 0 … n-1).
 *
 * @param name       the topic name
 * @param id         the topic id, random and never reused
 * @param partitions registrations by partition index
 */
public record TopicImage(String name, UUID id, List<PartitionRegistration> partitions) {
    public TopicImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        partitions = List.copyOf(partitions);
    }

    /** The registration of partition {@code index}, or null if the topic has no such partition. */
    public PartitionRegistration partition(int index) {
        return index >= 0 && index < partitions.size() ? partitions.get(index) : null;
    }

    public int partitionCount() {
        return partitions.size();
    }
}
