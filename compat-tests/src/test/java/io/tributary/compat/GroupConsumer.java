package io.tributary.compat;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A kafka-clients consumer in a group (classic protocol, the client's default assignors), subscribed to one topic
 * and polling on a thread of its own until closed. After every poll that returned records it commits, with
 * {@code commitSync}, the offset after the last record of each partition. It records what the tests check: every
 * record it got, every commit the coordinator acknowledged, and, for each partition handed to it, the offset the
 * group had committed at that moment and the first offset it then read — so "resumes from the committed offset"
 * can be asserted. Failures of poll or commit (a broker away, a rebalance) are kept and the loop goes on, as an
 * application would.
 */
final class GroupConsumer implements AutoCloseable {

    /** One record as read. */
    record Consumed(int partition, long offset, String value) {
    }

    /**
     * A partition handed to this member: the group's committed offset then (-1: none) and the first offset read
     * after it (-1: none yet).
     */
    static final class Resume {
        final int partition;
        final long committed;
        /** When it was handed out ({@link System#nanoTime}). */
        final long at = System.nanoTime();
        volatile long firstRead = -1;

        Resume(int partition, long committed) {
            this.partition = partition;
            this.committed = committed;
        }

        @Override
        public String toString() {
            return "partition " + partition + ": committed " + committed + ", first read " + firstRead;
        }
    }

    private final String topic;
    private final long pauseMs;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String memberId = "";
    private volatile int generation = -1;
    private volatile Set<Integer> assignment = Set.of();
    private final List<Consumed> consumed = new CopyOnWriteArrayList<>();
    private final Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();
    private final List<Resume> resumes = new CopyOnWriteArrayList<>();
    private final Map<Integer, Resume> awaitingFirstRead = new HashMap<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();

    GroupConsumer(String bootstrap, String group, String clientId, String topic, Map<String, String> extra) {
        this(bootstrap, group, clientId, topic, extra, Duration.ZERO);
    }

    /** {@code pause}: how long it sleeps after each poll that returned records (an application's work). */
    GroupConsumer(String bootstrap, String group, String clientId, String topic, Map<String, String> extra,
                  Duration pause) {
        this.topic = topic;
        this.pauseMs = pause.toMillis();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (!"consumer".equals(extra.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG))) {
            // Under the consumer protocol (KIP-848) the broker owns these and the client refuses them.
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        }
        p.putAll(extra);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        thread = new Thread(this::run, "group-consumer-" + clientId);
        thread.setDaemon(true);
        thread.start();
    }

    GroupConsumer(String bootstrap, String group, String clientId, String topic) {
        this(bootstrap, group, clientId, topic, Map.of());
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assignment = Set.of();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions),
                            Duration.ofSeconds(30));
                    awaitingFirstRead.clear();
                    for (TopicPartition tp : partitions) {
                        OffsetAndMetadata c = committed.get(tp);
                        Resume r = new Resume(tp.partition(), c == null ? -1 : c.offset());
                        resumes.add(r);
                        awaitingFirstRead.put(tp.partition(), r);
                    }
                    Set<Integer> now = new TreeSet<>();
                    consumer.assignment().forEach(tp -> now.add(tp.partition()));
                    assignment = Set.copyOf(now);
                }
            });
            while (running) {
                try {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                    memberId = consumer.groupMetadata().memberId();
                    generation = consumer.groupMetadata().generationId();
                    if (records.isEmpty()) {
                        continue;
                    }
                    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                    for (ConsumerRecord<String, String> r : records) {
                        consumed.add(new Consumed(r.partition(), r.offset(), r.value()));
                        Resume first = awaitingFirstRead.remove(r.partition());
                        if (first != null) {
                            first.firstRead = r.offset();
                        }
                        commit.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    if (pauseMs > 0) {
                        Thread.sleep(pauseMs);
                    }
                    consumer.commitSync(commit, Duration.ofSeconds(10));
                    commit.forEach((tp, o) -> acknowledged.merge(tp.partition(), o.offset(), Math::max));
                } catch (WakeupException | InterruptedException e) {
                    break;
                } catch (KafkaException e) {
                    failures.add(e);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failures.add(e);
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    String memberId() {
        return memberId;
    }

    int generation() {
        return generation;
    }

    /** The partitions of the topic assigned to it now. */
    Set<Integer> assignment() {
        return assignment;
    }

    List<Consumed> consumed() {
        return List.copyOf(consumed);
    }

    /** Per partition, the largest offset a commit of this member was acknowledged with. */
    Map<Integer, Long> acknowledgedCommits() {
        return Map.copyOf(acknowledged);
    }

    List<Resume> resumes() {
        return List.copyOf(resumes);
    }

    List<Exception> failures() {
        return List.copyOf(failures);
    }

    /** Waits until the condition holds, failing with the message after the timeout ({@link Await#until}). */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(what, timeout, condition, () -> "");
    }

    /** Waits until the condition holds, failing with the message and {@code state} after the timeout. */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        try {
            Await.until(what, timeout, condition::getAsBoolean, state);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);   // a BooleanSupplier throws nothing checked
        }
    }

    /** Stops polling and closes the consumer (it leaves the group). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new AssertionError("the consumer thread of " + memberId + " did not end");
        }
    }
}
