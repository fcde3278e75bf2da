package io.tributary.registry.election;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Keeps this instance in the registry's group ({@code schema.registry.group.id}) and knows who the writer is. A
 * thread of its own polls the group's consumer (it reads no records: what it is assigned stays paused); an instance
 * that stops heartbeating for {@code session.timeout.ms} is dropped and, if it was the writer, another is elected.
 */
public final class WriterElection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WriterElection.class.getName());

    private final String url;
    private final boolean eligible;
    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Object lock = new Object();
    private Writer writer;          // guarded by lock; null while unknown
    private boolean self;           // guarded by lock
    private volatile boolean running = true;
    private Thread thread;

    public WriterElection(Map<String, Object> connection, String groupId, String topic, String url, boolean eligible,
                          int sessionTimeoutMs) {
        this.url = url;
        this.eligible = eligible;
        this.topic = topic;
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-election");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, sessionTimeoutMs / 4));
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(WriterAssignor.class.getName()));
        props.put(WriterAssignor.ELECTION_CONFIG, this);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    String url() {
        return url;
    }

    boolean eligible() {
        return eligible;
    }

    /** Joins the group and keeps polling it on a thread of its own. */
    public void start() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                consumer.pause(partitions);   // membership only: the store reads the topic itself
            }
        });
        thread = new Thread(this::run, "schema-registry-election");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(200));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "schema registry election stopped", e);
            elected(null, false);
        }
    }

    /** Called by the assignor with the result of a rebalance. */
    void elected(Writer newWriter, boolean isSelf) {
        synchronized (lock) {
            if (!java.util.Objects.equals(writer, newWriter)) {
                LOG.info(newWriter == null ? "schema registry: no instance is eligible to write"
                        : "schema registry writer: " + newWriter.url() + (isSelf ? " (this instance)" : ""));
            }
            writer = newWriter;
            self = isSelf;
            lock.notifyAll();
        }
    }

    /** The writer as last elected, if any. */
    public Optional<Writer> current() {
        synchronized (lock) {
            return Optional.ofNullable(writer);
        }
    }

    public boolean isWriter() {
        synchronized (lock) {
            return self;
        }
    }

    /** Waits up to {@code timeoutMs} for a writer to be known (the first election after start takes a moment). */
    public Optional<Writer> awaitWriter(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (lock) {
            while (writer == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return Optional.ofNullable(writer);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
