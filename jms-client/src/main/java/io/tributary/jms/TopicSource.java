package io.tributary.jms;

import jakarta.jms.JMSException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Records of a topic read by one consumer that is assigned all its partitions: a non-durable subscriber (no group;
 * starts at the end of every partition as of its creation) or a durable subscription (consumer group
 * {@code jms-durable-<clientId>-<name>}; resumes at the group's committed offsets; a new subscription first commits
 * the partitions' end offsets, so it gets exactly what is published after its creation).
 *
 * <p>Settling a record moves the partition's "resume position" past it; {@link #flush} commits the resume positions
 * (durable only); {@link #redeliver} seeks every partition back to its resume position, and records delivered again
 * that way count as redelivered.
 */
final class TopicSource implements RecordSource {

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final boolean durable;
    private final Deque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private final Map<TopicPartition, Long> highestDelivered = new HashMap<>();
    private final Map<TopicPartition, Map<Long, Integer>> redeliveries = new HashMap<>();
    private boolean uncommitted;
    private volatile boolean wakeup;
    private final PollWakeup pollWakeup = new PollWakeup();

    TopicSource(Consumer<byte[], byte[]> consumer, String topic, boolean durable) {
        this.consumer = consumer;
        this.topic = topic;
        this.durable = durable;
    }

    /** Assigns every partition and fixes the starting positions (see the class comment). */
    void open() throws JMSException {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = durable
                    ? consumer.committed(new java.util.HashSet<>(partitions), Duration.ofSeconds(30)) : Map.of();
            boolean isNew = committed.values().stream().allMatch(o -> o == null);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                long start = c != null ? c.offset() : isNew ? ends.get(tp) : consumer.beginningOffsets(
                        List.of(tp)).get(tp);
                consumer.seek(tp, start);
                resumeAt.put(tp, start);
            }
            if (durable && isNew) {
                Map<TopicPartition, OffsetAndMetadata> first = new HashMap<>();
                resumeAt.forEach((tp, o) -> first.put(tp, new OffsetAndMetadata(o)));
                consumer.commitSync(first, Duration.ofSeconds(30));
            }
        } catch (RuntimeException e) {
            throw JmsErrors.map("cannot subscribe to " + topic, e);
        }
    }

    @Override
    public Delivery next(long timeoutMs) throws JMSException {
        wakeup = false;
        if (buffered.isEmpty()) {
            pollWakeup.pollStarting(consumer::wakeup);
            try {
                if (wakeup) {
                    return null;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(Math.max(0, timeoutMs)))) {
                    buffered.add(r);
                }
            } catch (WakeupException e) {
                return null;
            } catch (RuntimeException e) {
                throw JmsErrors.map("cannot receive from " + topic, e);
            } finally {
                pollWakeup.pollEnded();
            }
        }
        ConsumerRecord<byte[], byte[]> r = buffered.poll();
        if (r == null) {
            return null;
        }
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Long highest = highestDelivered.get(tp);
        int count = 1;
        if (highest != null && r.offset() <= highest) {
            count = redeliveries.computeIfAbsent(tp, k -> new HashMap<>()).merge(r.offset(), 1, Integer::sum) + 1;
        } else {
            highestDelivered.put(tp, r.offset());
        }
        return new Delivery(r, count, tp);
    }

    @Override
    public void settle(Delivery d, Outcome outcome) {
        TopicPartition tp = (TopicPartition) d.handle();
        long next = d.record().offset() + 1;
        if (resumeAt.getOrDefault(tp, -1L) < next) {
            resumeAt.put(tp, next);
            uncommitted = true;
        }
        Map<Long, Integer> counts = redeliveries.get(tp);
        if (counts != null) {
            counts.keySet().removeIf(o -> o < next);
        }
    }

    @Override
    public void redeliver(List<Delivery> unsettled) {
        buffered.clear();
        resumeAt.forEach(consumer::seek);
    }

    @Override
    public void flush(boolean sync) throws JMSException {
        if (!durable || !uncommitted) {
            return;
        }
        try {
            if (sync) {
                commitSync();
            } else {
                consumer.commitAsync(offsets(), null);
            }
            uncommitted = false;
        } catch (RuntimeException e) {
            throw JmsErrors.map("cannot commit the position of " + topic, e);
        }
    }

    /** A wakeup meant for a poll can reach the client just after that poll returned ({@link PollWakeup}). */
    private void commitSync() {
        try {
            consumer.commitSync(offsets());
        } catch (WakeupException e) {
            consumer.commitSync(offsets());
        }
    }

    /** The resume positions as offsets to commit (a transacted session sends them with its transaction). */
    Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        resumeAt.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
        return offsets;
    }

    boolean isDurable() {
        return durable;
    }

    /** Marks the resume positions as committed (by a transaction). */
    void committedWithTransaction() {
        uncommitted = false;
    }

    ConsumerGroupMetadata groupMetadata() {
        return consumer.groupMetadata();
    }

    /** Ends a {@link #next} in progress: at once if it is polling, else before it polls. */
    @Override
    public void wakeup() {
        wakeup = true;
        pollWakeup.wakeup();
    }

    @Override
    public void close() {
        try {
            flush(true);
        } catch (JMSException e) {
            // the next session resumes from the last commit: at-least-once
        }
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // best effort
        }
    }
}
