package io.tributary.streams.internal.state;

import io.tributary.streams.processor.TaskId;
import java.nio.file.Path;

/** What a store gets from its task when opened. */
public interface StoreContext {

    TaskId taskId();

    /** The task's state directory: a persistent store keeps its files under {@code <dir>/rocksdb/<store name>}. */
    Path directory();

    /** The changelog topic's name: serializers see it as the topic, as in Kafka Streams. */
    String changelogTopic();

    /** Writes one change to the store's changelog partition; does nothing for an unlogged store. */
    void logChange(String store, byte[] key, byte[] value);

    /** The same, stamped with the time of the record that made the change (a cached write flushed later). */
    default void logChange(String store, byte[] key, byte[] value, long timestamp) {
        logChange(store, key, value);
    }

    /** The thread's record cache budget; null when caching is off ({@code statestore.cache.max.bytes=0}). */
    default CacheBudget cacheBudget() {
        return null;
    }

    /** The timestamp and headers of the record being processed (what a cached write remembers). */
    default long currentTimestamp() {
        return -1;
    }

    default org.apache.kafka.common.header.Headers currentHeaders() {
        return new org.apache.kafka.common.header.internals.RecordHeaders();
    }
}
