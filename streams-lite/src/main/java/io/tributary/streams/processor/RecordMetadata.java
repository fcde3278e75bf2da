package io.tributary.streams.processor;

/** Where the record being processed came from: its source topic, partition and offset. */
public record RecordMetadata(String topic, int partition, long offset) {
}
