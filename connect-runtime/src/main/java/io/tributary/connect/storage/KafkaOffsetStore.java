package io.tributary.connect.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Distributed mode's offsets: {@code offset.storage.topic}, in Kafka Connect's record layout ({@link OffsetCodec}),
 * partitioned by key as Apache's worker partitions it — so the topic reads the same to both. A write returns once
 * the broker acknowledged every record of it.
 */
public final class KafkaOffsetStore implements OffsetStore {

    private final Map<ByteBuffer, ByteBuffer> data = new ConcurrentHashMap<>();
    private TopicLog log;

    /** The owner creates the log with {@link #apply} as its record handler, then hands it over. */
    public void attach(TopicLog log) {
        this.log = log;
    }

    public void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            data.remove(ByteBuffer.wrap(r.key()));
        } else {
            data.put(ByteBuffer.wrap(r.key()), ByteBuffer.wrap(r.value()));
        }
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> all() {
        return Map.copyOf(data);
    }

    @Override
    public void write(Map<ByteBuffer, ByteBuffer> entries) throws java.io.IOException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Map.Entry<ByteBuffer, ByteBuffer> e : entries.entrySet()) {
            sent.add(log.send(bytes(e.getKey()), e.getValue() == null ? null : bytes(e.getValue())));
        }
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException("Interrupted writing offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new java.io.IOException("Could not write offsets to " + log.topic() + ": " + e.getMessage(), e);
        }
        // Readers of this worker see the write at once; the topic's reader will apply the same values again.
        entries.forEach((k, v) -> {
            if (v == null) {
                data.remove(k);
            } else {
                data.put(k, v);
            }
        });
    }

    /** Waits until the topic's reader applied everything in the topic now (read_committed: committed now). */
    public void readToEnd() {
        log.readToEnd(java.time.Duration.ofSeconds(60));
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}
