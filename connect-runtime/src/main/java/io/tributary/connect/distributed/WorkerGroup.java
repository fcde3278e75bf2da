package io.tributary.connect.distributed;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * This worker's membership in the Connect cluster ({@code group.id}): a classic consumer group whose protocol is
 * {@link ConnectAssignor}'s. Polled by the herder's thread only; {@link #wakeup} may be called from any thread.
 */
public final class WorkerGroup implements AutoCloseable {

    /** The leader's side: makes the plan from the members that joined. */
    public interface Planner {
        Map<String, Assignment> plan(Map<String, Member> members, String leaderId);
    }

    private final String url;
    private final Supplier<List<String>> connectors;
    private final Supplier<List<String>> tasks;
    private final Planner planner;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile Assignment assignment;
    private volatile Assignment pending;
    private volatile int generation = -1;

    public WorkerGroup(String url, Map<String, Object> clientConfig, String topic, Supplier<List<String>> connectors,
                       Supplier<List<String>> tasks, Planner planner) {
        this.url = url;
        this.connectors = connectors;
        this.tasks = tasks;
        this.planner = planner;
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ConnectAssignor.class.getName());
        c.put(ConnectAssignor.GROUP_CONFIG, this);
        this.consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(topic));
    }

    String url() {
        return url;
    }

    List<String> runningConnectors() {
        return connectors.get();
    }

    List<String> runningTasks() {
        return tasks.get();
    }

    Planner planner() {
        return planner;
    }

    void assigned(Assignment a, int generation) {
        this.generation = generation;
        this.pending = a;
        // End the poll this runs in: the herder acts on the new assignment now, not when the poll times out.
        consumer.wakeup();
    }

    /** Heartbeats and takes part in rebalances for up to {@code timeout}; returns a new assignment, or null. */
    public Assignment poll(Duration timeout) {
        try {
            consumer.poll(timeout);
        } catch (WakeupException e) {
            // woken to look at new work
        }
        if (!consumer.paused().containsAll(consumer.assignment())) {
            consumer.pause(consumer.assignment()); // the leader's config partition: held, never fetched
        }
        Assignment a = pending;
        if (a != null) {
            pending = null;
            assignment = a;
        }
        return a;
    }

    public Assignment assignment() {
        return assignment;
    }

    public int generation() {
        return generation;
    }

    public boolean isLeader() {
        Assignment a = assignment;
        return a != null && url.equals(a.leaderUrl());
    }

    /** Asks for a new plan (the leader saw connectors or task counts change). */
    public void rebalance() {
        consumer.enforceRebalance("connectors or tasks changed");
    }

    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
