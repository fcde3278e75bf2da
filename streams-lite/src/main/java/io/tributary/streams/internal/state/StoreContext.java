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
}
