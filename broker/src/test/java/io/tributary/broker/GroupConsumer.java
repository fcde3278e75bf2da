package io.tributary.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A classic-protocol group member on a thread of its own (a KafkaConsumer belongs to one thread): subscribes,
 * polls, records every (partition, offset) it is given into a shared set, commits synchronously after each
 * non-empty poll, and publishes its assignment and generation for the test thread to look at.
 */
final class GroupConsumer implements AutoCloseable {

    private final Thread thread;
    private final Map<TopicPartition, Set<Long>> seen;
    private volatile boolean stop;
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile int generation = -1;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    GroupConsumer(String bootstrap, String groupId, String topic, Map<TopicPartition, Set<Long>> seen) {
        this.seen = seen;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "3000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "300");
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "15000");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        thread = new Thread(() -> run(props, topic), "group-consumer-" + groupId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Properties props, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!stop) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> r : records) {
                    seen.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                            k -> ConcurrentHashMap.newKeySet()).add(r.offset());
                }
                if (!records.isEmpty()) {
                    try {
                        consumer.commitSync();
                    } catch (KafkaException e) {
                        // A rebalance overtook the commit: the records come again to the new owner.
                    }
                }
                assignment = Set.copyOf(consumer.assignment());
                generation = consumer.groupMetadata().generationId();
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    Set<TopicPartition> assignment() {
        return assignment;
    }

    int generation() {
        return generation;
    }

    Throwable failure() {
        return failure.get();
    }

    /** Whether these members own every partition of {@code all} exactly once, in one generation. */
    static boolean splitExactly(Collection<GroupConsumer> members, Set<TopicPartition> all) {
        int total = 0;
        Set<TopicPartition> union = new java.util.HashSet<>();
        int gen = -2;
        for (GroupConsumer m : members) {
            total += m.assignment().size();
            union.addAll(m.assignment());
            if (gen != -2 && m.generation() != gen) {
                return false;
            }
            gen = m.generation();
        }
        return total == all.size() && union.equals(all);
    }

    /** Stops polling and closes the consumer (a graceful close: it leaves the group). */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(30_000);
    }
}
