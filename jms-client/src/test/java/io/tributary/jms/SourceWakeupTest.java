package io.tributary.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

/**
 * A source's {@link RecordSource#wakeup} ends a receive that is polling on another thread, and reaches the Kafka
 * client only then: a wakeup left pending on the client would make the commit of a closing consumer throw instead
 * (and a share consumer's close wait for its next heartbeat).
 */
class SourceWakeupTest {

    private static final String TOPIC = "t";

    /**
     * A share consumer that counts wakeups; when {@code blocking}, its polls wait until woken up (10 s at most) whatever
     * their timeout, so that a wakeup made during the first poll always finds it polling.
     */
    static final class BlockingShareConsumer extends MockShareConsumer<byte[], byte[]> {
        final CountDownLatch polling = new CountDownLatch(1);
        final CountDownLatch woken = new CountDownLatch(1);
        final boolean blocking;
        volatile int wakeups;

        BlockingShareConsumer(boolean blocking) {
            this.blocking = blocking;
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            polling.countDown();
            try {
                if (blocking && woken.await(10, TimeUnit.SECONDS)) {
                    throw new WakeupException();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.poll(Duration.ZERO);
        }

        @Override
        public void wakeup() {
            wakeups++;
            woken.countDown();
        }
    }

    @Test
    void aShareSourceWakesOnlyAClientThatIsPolling() throws Exception {
        BlockingShareConsumer consumer = new BlockingShareConsumer(true);
        ShareSource source = new ShareSource(() -> consumer, TOPIC, 1);
        source.open();

        source.wakeup();
        assertEquals(0, consumer.wakeups, "nothing polls: nothing to wake");

        CompletableFuture<Delivery> receive = CompletableFuture.supplyAsync(() -> next(source, 60_000));
        assertTrue(consumer.polling.await(10, TimeUnit.SECONDS));
        source.wakeup();
        assertNull(receive.get(10, TimeUnit.SECONDS), "the wakeup ended the receive");
        assertEquals(1, consumer.wakeups);
    }

    @Test
    void aReceiveStartedAfterAWakeupStillDelivers() throws Exception {
        BlockingShareConsumer consumer = new BlockingShareConsumer(false);
        ShareSource source = new ShareSource(() -> consumer, TOPIC, 1);
        source.open();
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, null, new byte[0]));
        source.wakeup();
        // a receive resets what an earlier wakeup asked for: it delivers
        assertNotNull(next(source, 1_000));
        assertEquals(0, consumer.wakeups);
    }

    @Test
    void aTopicSourceWakesOnlyAClientThatIsPollingSoItsCloseStillCommits() throws Exception {
        CountingConsumer consumer = new CountingConsumer();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.updateEndOffsets(Map.of(tp, 0L));
        TopicSource source = new TopicSource(consumer, TOPIC, true);
        source.open();
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, null, new byte[0]));
        Delivery d = next(source, 1_000);
        assertNotNull(d);
        source.settle(d, Outcome.ACCEPT);

        source.wakeup();
        source.close();
        assertEquals(0, consumer.wakeups, "nothing polled: nothing to wake");
        assertEquals(Map.of(tp, new OffsetAndMetadata(1)), consumer.lastCommitted, "the close committed");
    }

    /** A consumer that counts wakeups and, like a real one, lets a pending wakeup interrupt commitSync. */
    static final class CountingConsumer extends MockConsumer<byte[], byte[]> {
        int wakeups;
        Map<TopicPartition, OffsetAndMetadata> lastCommitted;
        private boolean pending;

        CountingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void wakeup() {
            wakeups++;
            pending = true;
            super.wakeup();
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (pending) {
                pending = false;
                throw new WakeupException();
            }
            super.commitSync(offsets);
            lastCommitted = offsets;
        }
    }

    private static Delivery next(RecordSource source, long timeoutMs) {
        try {
            return source.next(timeoutMs);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
