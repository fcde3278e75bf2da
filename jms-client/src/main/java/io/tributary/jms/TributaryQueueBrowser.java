package io.tributary.jms;

import io.tributary.jms.message.MessageCodec;
import io.tributary.jms.message.TributaryMessage;
import io.tributary.jms.selector.Selector;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks at a queue's messages without consuming them: reads the topic with a group-less consumer from the queue's
 * share-group start offset (where nothing before is still deliverable; the beginning when the group has none) to the
 * end offsets as of the {@link #getEnumeration()} call, skipping expired messages and those the selector does not
 * select. Messages at or after the start offset that were already acknowledged out of order may still be shown.
 */
final class TributaryQueueBrowser implements QueueBrowser {

    private final TributaryConnection connection;
    private final Queue queue;
    private final Selector selector;
    private final List<KafkaConsumer<byte[], byte[]>> open = new ArrayList<>();
    private boolean closed;

    TributaryQueueBrowser(TributaryConnection connection, Queue queue, Selector selector) {
        this.connection = connection;
        this.queue = queue;
        this.selector = selector;
    }

    @Override
    public Queue getQueue() throws JMSException {
        check();
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        check();
        return selector.expression();
    }

    private void check() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("the browser is closed");
        }
    }

    @Override
    public synchronized Enumeration<?> getEnumeration() throws JMSException {
        check();
        String topic = queue.getQueueName();
        // what this connection's consumers acknowledged must not show: their waiting acknowledgements go first
        connection.flushAcknowledgements();
        KafkaConsumer<byte[], byte[]> consumer = connection.clients().consumer(null);
        open.add(consumer);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> starts = startOffsets(topic, partitions, consumer);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long start = starts.get(tp);
                if (start < ends.get(tp)) {
                    consumer.seek(tp, start);
                    remaining.put(tp, ends.get(tp));
                }
            }
            consumer.assign(remaining.keySet());
            return new Browse(consumer, remaining);
        } catch (RuntimeException e) {
            throw JmsErrors.map("cannot browse " + topic, e);
        }
    }

    private Map<TopicPartition, Long> startOffsets(String topic, List<TopicPartition> partitions,
            KafkaConsumer<byte[], byte[]> consumer) {
        Map<TopicPartition, Long> starts = new HashMap<>(consumer.beginningOffsets(partitions,
                Duration.ofSeconds(30)));
        try {
            Map<TopicPartition, SharePartitionOffsetInfo> group = connection.clients().admin().listShareGroupOffsets(
                    Map.of(Subscriptions.queueGroup(topic), new ListShareGroupOffsetsSpec().topicPartitions(
                    partitions))).partitionsToOffsetInfo(Subscriptions.queueGroup(topic)).get();
            group.forEach((tp, o) -> {
                if (o != null && o.startOffset() > starts.getOrDefault(tp, 0L)) {
                    starts.put(tp, o.startOffset());
                }
            });
        } catch (Exception e) {
            // no group yet (or the broker cannot say): from the beginning
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return starts;
    }

    /** The messages of one enumeration, read as they are asked for. */
    private final class Browse implements Enumeration<TributaryMessage> {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<TopicPartition, Long> remaining;
        private final Deque<TributaryMessage> ready = new ArrayDeque<>();

        Browse(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> remaining) {
            this.consumer = consumer;
            this.remaining = remaining;
        }

        @Override
        public boolean hasMoreElements() {
            long deadline = System.currentTimeMillis() + 30_000;
            while (ready.isEmpty() && !remaining.isEmpty() && !closed && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = remaining.get(tp);
                    if (end == null || r.offset() >= end) {
                        continue;
                    }
                    if (r.offset() + 1 >= end) {
                        remaining.remove(tp);
                    }
                    offer(r);
                }
                for (TopicPartition tp : List.copyOf(remaining.keySet())) {
                    if (consumer.position(tp) >= remaining.get(tp)) {
                        remaining.remove(tp);
                    }
                }
                consumer.assign(remaining.keySet());
            }
            return !ready.isEmpty();
        }

        private void offer(ConsumerRecord<byte[], byte[]> r) {
            try {
                TributaryMessage m = MessageCodec.decode(r, queue instanceof TributaryDestination d ? d
                        : new TributaryQueue(queue.getQueueName()), connection.destinations(),
                        connection.trustedClasses());
                long now = System.currentTimeMillis();
                if (m.getJMSExpiration() != 0 && m.getJMSExpiration() <= now) {
                    return;
                }
                if (!selector.matches(new SelectorIdentifiers(m))) {
                    return;
                }
                m.markReceived(() -> { });
                ready.add(m);
            } catch (JMSException e) {
                // an undecodable record is not shown
            }
        }

        @Override
        public TributaryMessage nextElement() {
            if (!hasMoreElements()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (KafkaConsumer<byte[], byte[]> c : open) {
            c.close(Duration.ofSeconds(5));
        }
        open.clear();
    }
}
