package io.tributary.connect.storage;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * An offsets topic (Kafka Connect's layout, {@link OffsetCodec}) as an exactly-once source task sees it: read on
 * demand, on the caller's thread, by a consumer with {@code isolation.level=read_committed}, so only offsets whose
 * transaction committed count. "The end" is then each partition's last stable offset: offsets another task is
 * committing at that moment are not waited for, and a transaction of this task's own predecessor, which the task's
 * {@code initTransactions} has aborted, can hold nothing up.
 *
 * <p>Nothing is kept beyond the latest value of each key (a null value removes the key, as compaction will).
 */
public final class CommittedOffsetsReader implements AutoCloseable {

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final Map<ByteBuffer, ByteBuffer> data = new HashMap<>();
    private List<TopicPartition> partitions;

    /** {@code consumer} must read with isolation.level=read_committed; this reader assigns it the whole topic. */
    public CommittedOffsetsReader(String topic, Consumer<byte[], byte[]> consumer) {
        this.topic = topic;
        this.consumer = consumer;
    }

    public String topic() {
        return topic;
    }

    /** Reads everything committed to the topic when called; throws when it cannot within {@code timeout}. */
    public synchronized void readToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (partitions == null) {
            List<org.apache.kafka.common.PartitionInfo> info = consumer.partitionsFor(topic, timeout);
            if (info == null || info.isEmpty()) {
                throw new ConnectException("The offsets topic " + topic + " does not exist");
            }
            partitions = info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        while (!caughtUp(ends)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ConnectException("Timed out reading the offsets topic " + topic + " to " + ends);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(Math.min(200,
                    Math.max(1, left / 1_000_000))))) {
                apply(r);
            }
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            data.remove(ByteBuffer.wrap(r.key()));
        } else {
            data.put(ByteBuffer.wrap(r.key()), ByteBuffer.wrap(r.value()));
        }
    }

    /** What was read so far (call {@link #readToEnd} first for what is committed now). */
    public synchronized Map<ByteBuffer, ByteBuffer> all() {
        return Map.copyOf(data);
    }

    /** Offsets this reader's owner just committed: seen at once, without reading them back. */
    public synchronized void committed(Map<ByteBuffer, ByteBuffer> entries) {
        entries.forEach((k, v) -> {
            if (v == null) {
                data.remove(k);
            } else {
                data.put(k, v);
            }
        });
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
