package io.tributary.jms;

import jakarta.jms.JMSException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Collections;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Records of a share group (a queue, or a shared subscription). A {@code KafkaShareConsumer} in explicit
 * acknowledgement mode must settle every record one poll returned before it polls again; a JMS consumer in
 * CLIENT_ACKNOWLEDGE or transacted mode may hold many unacknowledged messages and still receive more. So this source
 * keeps a small pool of share consumers ("members", at most {@code maxMembers}): it polls a member whose records
 * are all settled, and opens another when every member still holds unsettled records. With all members holding,
 * {@link #next} returns null until the application acknowledges.
 *
 * <p>A consumer with a selector RELEASEs what it does not select ({@link Outcome#SKIP}). The broker makes such a
 * record available again at once, lowest offsets first, so the same consumer would acquire it again on its next
 * poll — each acquisition counts towards {@code share.delivery.count.limit}, at which the broker archives the
 * record. So this source remembers what it skipped, and when a poll brings back nothing but such records it stops
 * polling for a while (1 s, doubling up to 16 s; reset by any poll with a record it had not skipped), leaving them
 * to the group's other consumers.
 *
 * <p>Settling only records the acknowledgement in the member's client; it is sent with that member's next poll
 * (ShareFetch carries it), by {@link #flush}, or by {@link #flushDue} once it has waited long enough (see
 * {@link AcknowledgementTimer}). Before {@link #next} waits for records, everything settled is sent: no
 * acknowledgement waits on a consumer that is blocked.
 */
final class ShareSource implements RecordSource {

    private static final long POLL_SLICE_MS = 200;
    /** The first pause after a poll that brought only records this source had skipped; doubled up to the cap. */
    private static final long SKIP_BACKOFF_MS = 1_000;
    private static final long SKIP_BACKOFF_CAP_MS = 16_000;
    /** How many skipped records (partition and offset) this source remembers. */
    private static final int SKIPPED_REMEMBERED = 10_000;

    private final Supplier<? extends ShareConsumer<byte[], byte[]>> factory;
    private final String topic;
    private final int maxMembers;
    private final List<Member> members = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean wakeup;
    private final PollWakeup pollWakeup = new PollWakeup();
    private int rotation;
    /** Records this source's selector passed over and released, to recognise them when they come back. */
    private final Set<String> skipped = Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
            return size() > SKIPPED_REMEMBERED;
        }
    });
    private long backoffMs;
    private long pollNotBefore;
    /** Milliseconds: receive deadlines, poll back-off and how long acknowledgements have waited. */
    private final LongSupplier clock;

    private static final class Member {
        final ShareConsumer<byte[], byte[]> consumer;
        final Deque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
        final Set<ConsumerRecord<byte[], byte[]>> unsettled = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Settled records whose acknowledgements are not sent yet, and since when the oldest waits. */
        int unsent;
        long unsentSince;

        Member(ShareConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }
    }

    ShareSource(Supplier<? extends ShareConsumer<byte[], byte[]>> factory, String topic, int maxMembers) {
        this(factory, topic, maxMembers, System::currentTimeMillis);
    }

    /** With the clock passed in (tests move it instead of sleeping). */
    ShareSource(Supplier<? extends ShareConsumer<byte[], byte[]>> factory, String topic, int maxMembers,
            LongSupplier clock) {
        this.clock = clock;
        this.factory = factory;
        this.topic = topic;
        this.maxMembers = maxMembers;
    }

    /** Joins the group with the first member (so that the group exists from consumer creation on). */
    void open() {
        addMember();
    }

    private Member addMember() {
        Member m = new Member(factory.get());
        m.consumer.subscribe(List.of(topic));
        members.add(m);
        return m;
    }

    @Override
    public Delivery next(long timeoutMs) throws JMSException {
        long deadline = clock.getAsLong() + timeoutMs;
        wakeup = false;
        while (true) {
            for (Member m : members) {
                ConsumerRecord<byte[], byte[]> r = m.buffered.poll();
                if (r != null) {
                    m.unsettled.add(r);
                    return new Delivery(r, r.deliveryCount().map(Short::intValue).orElse(1), m);
                }
            }
            List<Member> free = new java.util.ArrayList<>();
            for (Member m : members) {
                if (m.unsettled.isEmpty()) {
                    free.add(m);
                }
            }
            if (free.isEmpty() && members.size() < maxMembers) {
                free.add(addMember());
            }
            long now = clock.getAsLong();
            long left = deadline - now;
            if (free.isEmpty()) {
                // every member holds unacknowledged records: nothing more until the application settles some;
                // what was settled goes now, not after the wait
                flush(false);
                sleepQuietly(Math.min(left, POLL_SLICE_MS));
            } else if (now < pollNotBefore) {
                // backing off: the last poll brought back only records this consumer's selector had passed over,
                // and fetching them again at once would take them from the consumers they are for; their releases
                // are sent now (a poll would have carried them)
                flush(false);
                sleepQuietly(Math.min(left, Math.min(pollNotBefore - now, POLL_SLICE_MS)));
            } else {
                // a member that is not polled would keep what was settled on it while this waits
                flushUnpolled(free);
                // every free member is polled: a member's client fetches ahead, and what it fetched is acquired
                // for it, so a member left unpolled would sit on records until their locks expired
                rotation = (rotation + 1) % free.size();
                for (int i = 0; i < free.size(); i++) {
                    Member m = free.get((rotation + i) % free.size());
                    long wait = i == free.size() - 1 && !hasBuffered() ? Math.min(left, POLL_SLICE_MS) : 0;
                    if (!poll(m, Math.max(wait, 0))) {
                        return null;
                    }
                }
            }
            if (!hasBuffered() && (wakeup || clock.getAsLong() >= deadline)) {
                return null;
            }
        }
    }

    /** Fetches with the first member for up to {@code waitMs}, keeping what comes for {@link #next}. */
    void prefetch(long waitMs) throws JMSException {
        poll(members.get(0), waitMs);
    }

    /** Polls one member; false when woken up. */
    private boolean poll(Member m, long waitMs) throws JMSException {
        pollWakeup.pollStarting(m.consumer::wakeup);
        if (wakeup) {
            pollWakeup.pollEnded();
            return false;
        }
        try {
            int polled = 0;
            int skippedBefore = 0;
            for (ConsumerRecord<byte[], byte[]> r : m.consumer.poll(Duration.ofMillis(waitMs))) {
                m.buffered.add(r);
                polled++;
                if (skipped.contains(key(r))) {
                    skippedBefore++;
                }
            }
            if (polled > 0 && polled == skippedBefore) {
                backoffMs = backoffMs == 0 ? SKIP_BACKOFF_MS : Math.min(backoffMs * 2, SKIP_BACKOFF_CAP_MS);
                pollNotBefore = clock.getAsLong() + backoffMs;
            } else if (polled > 0) {
                backoffMs = 0;
            }
            m.unsent = 0;   // the poll sent them (with its ShareFetch, or on their own when records were buffered)
            return true;
        } catch (WakeupException e) {
            return false;
        } catch (RuntimeException e) {
            throw JmsErrors.map("cannot receive from " + topic, e);
        } finally {
            pollWakeup.pollEnded();
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.partition() + "@" + r.offset();
    }

    private boolean hasBuffered() {
        for (Member m : members) {
            if (!m.buffered.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void sleepQuietly(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void settle(Delivery d, Outcome outcome) throws JMSException {
        Member m = (Member) d.handle();
        if (!m.unsettled.remove(d.record())) {
            return;   // settled already (acknowledged twice, or released by a recover)
        }
        AcknowledgeType type = switch (outcome) {
            case ACCEPT -> AcknowledgeType.ACCEPT;
            case RELEASE, SKIP -> AcknowledgeType.RELEASE;
            case REJECT -> AcknowledgeType.REJECT;
        };
        if (outcome == Outcome.SKIP) {
            skipped.add(key(d.record()));
        }
        try {
            m.consumer.acknowledge(d.record(), type);
        } catch (RuntimeException e) {
            throw JmsErrors.map("cannot acknowledge a message of " + topic, e);
        }
        if (m.unsent++ == 0) {
            m.unsentSince = clock.getAsLong();
        }
    }

    @Override
    public boolean batchesAcknowledgements() {
        return true;
    }

    /**
     * Sends the acknowledgements of each member that has {@link AcknowledgementTimer#MAX_MESSAGES} waiting or whose
     * oldest has waited {@link AcknowledgementTimer#MAX_DELAY_MS}; returns how long until the rest are due (-1: none
     * wait).
     */
    @Override
    public long flushDue() throws JMSException {
        long now = clock.getAsLong();
        long nextDue = -1;
        for (Member m : members) {
            if (m.unsent == 0) {
                continue;
            }
            long due = m.unsentSince + AcknowledgementTimer.MAX_DELAY_MS - now;
            if (m.unsent >= AcknowledgementTimer.MAX_MESSAGES || due <= 0) {
                commit(m, false);
            } else {
                nextDue = nextDue < 0 ? due : Math.min(nextDue, due);
            }
        }
        return nextDue;
    }

    private void flushUnpolled(List<Member> polled) throws JMSException {
        for (Member m : members) {
            if (m.unsent > 0 && !polled.contains(m)) {
                commit(m, false);
            }
        }
    }

    @Override
    public void redeliver(List<Delivery> unsettled) throws JMSException {
        for (Delivery d : unsettled) {
            settle(d, Outcome.RELEASE);
        }
        flush(true);
    }

    @Override
    public void flush(boolean sync) throws JMSException {
        for (Member m : members) {
            if (m.unsent > 0) {
                commit(m, sync);
            }
        }
    }

    private void commit(Member m, boolean sync) throws JMSException {
        try {
            if (sync) {
                commitSync(m);
            } else {
                m.consumer.commitAsync();
            }
        } catch (RuntimeException e) {
            throw JmsErrors.map("cannot acknowledge messages of " + topic, e);
        }
        m.unsent = 0;
    }

    /**
     * A wakeup meant for a poll can still reach the client just after that poll returned ({@link PollWakeup}). The
     * commit it interrupts has handed its acknowledgements to the client already; committing again keeps that stray
     * wakeup from failing the application's acknowledge or recover.
     */
    private static void commitSync(Member m) {
        try {
            m.consumer.commitSync();
        } catch (WakeupException e) {
            m.consumer.commitSync();
        }
    }

    /** Ends a {@link #next} in progress: at once if it is polling, else before its next poll. */
    @Override
    public void wakeup() {
        wakeup = true;
        pollWakeup.wakeup();
    }

    /**
     * Releases what was prefetched or delivered and not settled, then leaves the group: the client's close sends those
     * releases with everything else settled, before it leaves.
     */
    @Override
    public void close() {
        for (Member m : members) {
            try {
                for (ConsumerRecord<byte[], byte[]> r : m.buffered) {
                    m.consumer.acknowledge(r, AcknowledgeType.RELEASE);
                }
                for (ConsumerRecord<byte[], byte[]> r : m.unsettled) {
                    m.consumer.acknowledge(r, AcknowledgeType.RELEASE);
                }
            } catch (RuntimeException e) {
                // leaving the group frees the records anyway (or their locks expire)
            }
            try {
                m.consumer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                // best effort
            }
        }
        members.clear();
    }

    /** Records of this source held unsettled, for tests and diagnostics. */
    int unsettledCount() {
        int n = 0;
        for (Member m : members) {
            n += m.unsettled.size();
        }
        return n;
    }
}
