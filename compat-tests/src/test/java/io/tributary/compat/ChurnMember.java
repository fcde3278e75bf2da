package io.tributary.compat;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One member of a consumer group under churn: subscribes, polls slowly (so members come and go mid-stream),
 * reports every record it processed and every (generation, assignment) it held to a {@link Sink}, and commits
 * synchronously after each non-empty poll. Runs on a thread of the test, or ({@link #main}) as a process of its
 * own that the test SIGKILLs, reporting on stdout.
 */
final class ChurnMember {

    /** Where a member reports. */
    interface Sink {
        void processed(int partition, long offset);

        /** The member holds {@code partitions} in {@code generation} (the member epoch under the consumer protocol). */
        void holds(int generation, Set<Integer> partitions);

        /**
         * Called before offsets are committed: what was reported must have reached the test by then, or a member
         * killed right after its commit takes records with it that nobody reads again.
         */
        default void beforeCommit() {
        }
    }

    /** How a member joins: group protocol, assignor (classic only) and static instance id (or null). */
    record Flavour(String groupProtocol, String assignor, String instanceId) {

        List<String> args() {
            return List.of(groupProtocol, assignor == null ? "-" : assignor, instanceId == null ? "-" : instanceId);
        }

        static Flavour of(String[] args, int from) {
            return new Flavour(args[from], "-".equals(args[from + 1]) ? null : args[from + 1],
                    "-".equals(args[from + 2]) ? null : args[from + 2]);
        }
    }

    private ChurnMember() {
    }

    static Properties config(String bootstrap, String groupId, Flavour flavour) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, flavour.groupProtocol());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "250");
        if (flavour.groupProtocol().equals("classic")) {
            // Under the consumer protocol the broker owns these (group.consumer.*).
            props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, flavour.instanceId() == null ? "4000" : "10000");
            props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "300");
            if (flavour.assignor() != null) {
                props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, flavour.assignor());
            }
        } else if (flavour.assignor() != null) {
            props.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, flavour.assignor());
        }
        if (flavour.instanceId() != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, flavour.instanceId());
        }
        return props;
    }

    /** Consumes until {@code stop} says so, then closes (leaving the group as the flavour's close does). */
    static void consume(Properties props, String topic, Sink sink, BooleanSupplier stop) throws InterruptedException {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Set<Integer> held = Set.of();
            int heldGeneration = -1;
            while (!stop.getAsBoolean()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    sink.processed(r.partition(), r.offset());
                }
                if (!records.isEmpty()) {
                    sink.beforeCommit();
                    try {
                        consumer.commitSync();
                    } catch (KafkaException e) {
                        // A rebalance overtook the commit: the new owner reads these records again.
                    }
                    Thread.sleep(20);   // a slow application, so the churn happens mid-stream
                }
                Set<Integer> now = new TreeSet<>();
                for (TopicPartition tp : consumer.assignment()) {
                    now.add(tp.partition());
                }
                int generation = consumer.groupMetadata().generationId();
                if (generation > 0 && (generation != heldGeneration || !now.equals(held))) {
                    sink.holds(generation, now);
                    held = now;
                    heldGeneration = generation;
                }
            }
        }
    }

    /** A member in its own process: {@code bootstrap group topic protocol assignor|- instanceId|-}; stdout lines. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false);
        Sink sink = new Sink() {
            @Override
            public void processed(int partition, long offset) {
                out.println("R " + partition + " " + offset);
            }

            @Override
            public void holds(int generation, Set<Integer> partitions) {
                out.println("A " + generation + " " + partitions.toString().replace(" ", ""));
                out.flush();
            }

            @Override
            public void beforeCommit() {
                out.flush();
            }
        };
        Thread flusher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                out.flush();
            }
        });
        flusher.setDaemon(true);
        flusher.start();
        consume(config(args[0], args[1], Flavour.of(args, 3)), args[2], sink, () -> false);
    }
}
