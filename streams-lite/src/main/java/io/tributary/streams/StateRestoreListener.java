package io.tributary.streams;

import org.apache.kafka.common.TopicPartition;

/** Hears how stores are rebuilt from their changelogs (called on the stream thread; keep it quick). */
public interface StateRestoreListener {

    void onRestoreStart(TopicPartition changelog, String store, long startOffset, long endOffset);

    void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long restored);

    void onRestoreEnd(TopicPartition changelog, String store, long totalRestored);
}
