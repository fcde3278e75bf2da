package io.tributary.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.junit.jupiter.api.Test;

/**
 * When a share source sends the acknowledgements it recorded: with the member's next poll, on their own once
 * {@link AcknowledgementTimer#MAX_MESSAGES} wait or the oldest waited {@link AcknowledgementTimer#MAX_DELAY_MS},
 * before waiting with nothing to deliver, and with the client's close.
 */
class ShareSourceAcknowledgementTest {

    private static final String TOPIC = "q";

    /** A mock share consumer that counts how acknowledgements leave it. */
    static final class CountingConsumer extends MockShareConsumer<byte[], byte[]> {
        int commitsAsync;
        int commitsSync;
        int polls;
        int acknowledgedSincePoll;
        final List<Integer> sentWithPoll = new ArrayList<>();
        final List<AcknowledgeType> types = new ArrayList<>();

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            polls++;
            sentWithPoll.add(acknowledgedSincePoll);
            acknowledgedSincePoll = 0;
            return super.poll(timeout);
        }

        @Override
        public synchronized void acknowledge(ConsumerRecord<byte[], byte[]> record, AcknowledgeType type) {
            acknowledgedSincePoll++;
            types.add(type);
        }

        /** Acknowledgements recorded since the last poll or commit when the consumer was closed; -1: not closed. */
        int sentWithClose = -1;

        @Override
        public synchronized void close(Duration timeout) {
            sentWithClose = acknowledgedSincePoll;
            super.close(timeout);
        }

        @Override
        public synchronized void commitAsync() {
            commitsAsync++;
            acknowledgedSincePoll = 0;
        }

        @Override
        public synchronized Map<TopicIdPartition, Optional<KafkaException>> commitSync(Duration timeout) {
            commitsSync++;
            acknowledgedSincePoll = 0;
            return Map.of();
        }

        void add(int from, int count) {
            for (int i = from; i < from + count; i++) {
                addRecord(new ConsumerRecord<>(TOPIC, 0, i, null, new byte[0]));
            }
        }
    }

    private final CountingConsumer consumer = new CountingConsumer();
    /** How far the test moved the source's clock ahead of the real one. */
    private final AtomicLong skewMs = new AtomicLong();
    private final ShareSource source = new ShareSource(() -> consumer, TOPIC, 1,
            () -> System.currentTimeMillis() + skewMs.get());

    ShareSourceAcknowledgementTest() {
        source.open();
    }

    private Delivery next() throws Exception {
        Delivery d = source.next(100);
        assertNotNull(d);
        return d;
    }

    @Test
    void acceptsRideOnTheNextPollWithoutRequestsOfTheirOwn() throws Exception {
        consumer.add(0, 10);
        for (int i = 0; i < 10; i++) {
            source.settle(next(), Outcome.ACCEPT);
            assertTrue(source.flushDue() > 0, "not due yet");
        }
        consumer.add(10, 1);
        source.settle(next(), Outcome.ACCEPT);   // the poll that brought it carried the ten
        assertEquals(10, consumer.sentWithPoll.get(consumer.sentWithPoll.size() - 1));
        assertEquals(0, consumer.commitsAsync);
        assertEquals(0, consumer.commitsSync);
    }

    @Test
    void anAcceptThatWaitedItsTimeIsSentOnItsOwn() throws Exception {
        consumer.add(0, 5);
        source.settle(next(), Outcome.ACCEPT);
        skewMs.addAndGet(AcknowledgementTimer.MAX_DELAY_MS + 1);
        assertEquals(-1, source.flushDue(), "nothing waits once sent");
        assertEquals(1, consumer.commitsAsync);
    }

    @Test
    void atMostMaxMessagesWait() throws Exception {
        consumer.add(0, AcknowledgementTimer.MAX_MESSAGES + 1);
        for (int i = 0; i < AcknowledgementTimer.MAX_MESSAGES; i++) {
            source.settle(next(), Outcome.ACCEPT);
        }
        assertEquals(-1, source.flushDue());
        assertEquals(1, consumer.commitsAsync);
    }

    @Test
    void whatWasSettledIsSentBeforeWaitingWithNothingToDeliver() throws Exception {
        consumer.add(0, 2);
        Delivery first = next();
        Delivery second = next();
        source.settle(first, Outcome.ACCEPT);
        // the member still holds "second" unsettled (as in CLIENT_ACKNOWLEDGE): it cannot poll, so it sends
        assertEquals(null, source.next(50));
        assertTrue(consumer.commitsAsync >= 1);
        source.settle(second, Outcome.ACCEPT);
        source.close();
        assertEquals(1, consumer.sentWithClose, "the client's close sends what is left");
        assertEquals(0, consumer.commitsSync, "no commit of its own before the close");
    }

    @Test
    void closeReleasesWhatWasDeliveredOrPrefetchedAndNotSettled() throws Exception {
        consumer.add(0, 3);
        next();   // delivered, unsettled; the other two stay buffered
        source.close();
        assertEquals(3, consumer.sentWithClose);
        assertEquals(List.of(AcknowledgeType.RELEASE, AcknowledgeType.RELEASE, AcknowledgeType.RELEASE),
                consumer.types);
    }
}
