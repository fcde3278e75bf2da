package io.tributary.broker.share;

import io.tributary.protocol.Errors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The in-flight records of one share-partition on its leader (KIP-932): which offsets are available, acquired by
 * which member until when, acknowledged or archived, and how often each was delivered. Offsets below the start
 * offset (SPSO) are done; from the start offset to the end offset (SPEO, exclusive) every offset lies in exactly one
 * {@link Range}, kept in a map by first offset and split or merged as acknowledgements cut across them; offsets from
 * the end offset on have never been delivered. When the ranges at the start become done, the start offset moves past
 * them and they are dropped, so the map holds at most the in-flight window.
 *
 * <p>Acquisition follows the log as read: {@link #acquire} takes the batches a read from {@link #nextFetchOffset()}
 * returned and acquires, for one member, the available ranges they cover and then fresh offsets from the end offset
 * on, whole batches at a time (a gap between batches — compacted away, a control batch — is acquired along with
 * them; the consumer acknowledges such offsets as GAP). A release or lock timeout makes a record available again,
 * or archives it once it has been delivered {@code deliveryCountLimit} times.
 *
 * <p>Not durable by itself: {@link #snapshot} gives the {@link ShareState} to persist, {@link #SharePartition(ShareState)}
 * rebuilds from one (acquired records come back available, keeping their delivery counts). Thread-safe: every
 * method locks the instance. Time is passed in.
 */
public final class SharePartition {

    /** One acknowledgement batch of a request: {@code types} has one type for all offsets, or one per offset. */
    public record Acknowledgement(long firstOffset, long lastOffset, byte[] types) {
    }

    /**
     * Offsets a read returned, batch by batch: {@code [firstOffset, lastOffset]} of one log batch; not
     * {@code deliverable} when its records are never to be delivered — a control batch (transaction marker), or
     * under read_committed a batch of an aborted transaction — and are archived as they are met.
     */
    public record LogBatch(long firstOffset, long lastOffset, boolean deliverable) {
        public LogBatch(long firstOffset, long lastOffset) {
            this(firstOffset, lastOffset, true);
        }
    }

    /** A run of acquired offsets with their delivery count, as ShareFetch reports it. */
    public record Acquired(long firstOffset, long lastOffset, int deliveryCount) {
        public int count() {
            return (int) (lastOffset - firstOffset + 1);
        }
    }

    /** ShareFetch's acknowledgement types (KIP-932, with RENEW from KIP-1222). */
    static final byte GAP = 0;
    static final byte ACCEPT = 1;
    static final byte RELEASE = 2;
    static final byte REJECT = 3;
    static final byte RENEW = 4;

    /** Offsets {@code [first, last]} in one state; an acquired range knows its member and lock deadline. */
    private static final class Range {
        long first;
        long last;
        RecordState state;
        int deliveryCount;
        String owner;
        long lockDeadlineMs;

        Range(long first, long last, RecordState state, int deliveryCount, String owner, long lockDeadlineMs) {
            this.first = first;
            this.last = last;
            this.state = state;
            this.deliveryCount = deliveryCount;
            this.owner = owner;
            this.lockDeadlineMs = lockDeadlineMs;
        }

        boolean sameAs(Range o) {
            return state == o.state && deliveryCount == o.deliveryCount && Objects.equals(owner, o.owner)
                    && lockDeadlineMs == o.lockDeadlineMs;
        }
    }

    private final NavigableMap<Long, Range> ranges = new TreeMap<>();
    private final int stateEpoch;
    private long startOffset;
    private long endOffset;
    private int acquiredCount;
    private boolean retired;

    /** A share-partition from its stored state; offsets the state does not list were never delivered. */
    public SharePartition(ShareState state) {
        this.stateEpoch = state.stateEpoch();
        this.startOffset = state.startOffset();
        this.endOffset = startOffset;
        for (ShareState.StateBatch b : state.batches()) {
            long first = Math.max(b.firstOffset(), startOffset);
            if (b.lastOffset() < first) {
                continue;
            }
            if (first > endOffset) {
                put(new Range(endOffset, first - 1, RecordState.AVAILABLE, 0, null, 0));
            }
            RecordState s = RecordState.of(b.deliveryState());
            put(new Range(first, b.lastOffset(), s == RecordState.ACQUIRED ? RecordState.AVAILABLE : s,
                    b.deliveryCount(), null, 0));
            endOffset = b.lastOffset() + 1;
        }
        advanceStart();
    }

    public synchronized int stateEpoch() {
        return stateEpoch;
    }

    public synchronized long startOffset() {
        return startOffset;
    }

    public synchronized long endOffset() {
        return endOffset;
    }

    /** How many offsets are acquired now (for tests and metrics). */
    public synchronized int acquiredCount() {
        return acquiredCount;
    }

    /**
     * Where the next read should start: the first available in-flight offset, else the end offset; -1 when nothing
     * can be acquired now (no available record, and {@code maxInFlight} offsets in flight already).
     */
    public synchronized long nextFetchOffset(int maxInFlight) {
        for (Range r : ranges.values()) {
            if (r.state == RecordState.AVAILABLE) {
                return r.first;
            }
        }
        return endOffset - startOffset >= maxInFlight ? -1 : endOffset;
    }

    /**
     * Acquires for {@code member} what the read batches hold that is available: available in-flight ranges they
     * cover, then fresh offsets from the end offset on (whole batches, the gap before a batch included), until
     * {@code maxRecords} are acquired or {@code maxInFlight} offsets are in flight. A fresh batch is acquired whole
     * (the last one may pass the limit: ShareFetch's batch-optimized mode) unless {@code strictLimit} (its
     * record-limit mode) cuts it at the limit.
     *
     * @return the acquired runs in offset order, each with its delivery count
     */
    public synchronized List<Acquired> acquire(String member, List<LogBatch> batches, int maxRecords,
                                               boolean strictLimit, int maxInFlight, long lockDurationMs,
                                               long nowMs) {
        List<Acquired> out = new ArrayList<>();
        if (retired) {
            return out;
        }
        int taken = 0;
        long deadline = nowMs + lockDurationMs;
        for (LogBatch batch : batches) {
            if (taken >= maxRecords) {
                break;
            }
            long from = Math.max(batch.firstOffset(), startOffset);
            if (batch.lastOffset() < from) {
                continue;
            }
            if (!batch.deliverable()) {
                archiveUndeliverable(from, batch.lastOffset());
                continue;
            }
            if (from < endOffset) {
                long to = Math.min(batch.lastOffset(), endOffset - 1);
                taken += acquireAvailable(member, from, to, maxRecords - taken, deadline, out);
            }
            if (batch.lastOffset() >= endOffset && taken < maxRecords && endOffset - startOffset < maxInFlight) {
                long first = endOffset;
                long last = strictLimit ? Math.min(batch.lastOffset(), first + (maxRecords - taken) - 1)
                        : batch.lastOffset();
                Range fresh = new Range(first, last, RecordState.ACQUIRED, 1, member, deadline);
                put(fresh);
                endOffset = last + 1;
                acquiredCount += (int) (fresh.last - fresh.first + 1);
                taken += (int) (fresh.last - fresh.first + 1);
                add(out, new Acquired(first, fresh.last, 1));
                mergeAround(first, fresh.last);
            }
        }
        return out;
    }

    /**
     * Archives the available offsets of {@code [from, to]}, and the offsets from the end offset up to {@code to}
     * (a gap before them included): records never to be delivered.
     */
    private void archiveUndeliverable(long from, long to) {
        long at = from;
        while (at <= to && at < endOffset) {
            Range r = ranges.floorEntry(at).getValue();
            long last = Math.min(r.last, to);
            if (r.state == RecordState.AVAILABLE) {
                carve(at, last).state = RecordState.ARCHIVED;
            }
            at = last + 1;
        }
        if (to >= endOffset) {
            put(new Range(endOffset, to, RecordState.ARCHIVED, 0, null, 0));
            endOffset = to + 1;
        }
        mergeAround(from, to);
        advanceStart();
    }

    /** Acquires the available offsets of {@code [from, to]}, at most {@code limit}; returns how many. */
    private int acquireAvailable(String member, long from, long to, int limit, long deadline, List<Acquired> out) {
        int taken = 0;
        long at = from;
        while (at <= to && taken < limit) {
            Range r = ranges.floorEntry(at).getValue();
            if (r.state != RecordState.AVAILABLE) {
                at = r.last + 1;
                continue;
            }
            long last = Math.min(Math.min(r.last, to), at + (limit - taken) - 1);
            Range piece = carve(at, last);
            piece.state = RecordState.ACQUIRED;
            piece.deliveryCount++;
            piece.owner = member;
            piece.lockDeadlineMs = deadline;
            int n = (int) (last - at + 1);
            acquiredCount += n;
            taken += n;
            add(out, new Acquired(at, last, piece.deliveryCount));
            at = last + 1;
        }
        mergeAround(from, to);
        return taken;
    }

    /**
     * Applies {@code member}'s acknowledgements: every offset named must be acquired by that member (else
     * INVALID_RECORD_STATE and nothing changes; a malformed batch is INVALID_REQUEST). ACCEPT acknowledges, REJECT
     * and GAP archive, RELEASE makes available again (archives at the delivery limit), RENEW extends the lock.
     */
    public synchronized Errors acknowledge(String member, List<Acknowledgement> acks, int deliveryCountLimit,
                                           long lockDurationMs, long nowMs) {
        for (Acknowledgement a : acks) {
            long n = a.lastOffset() - a.firstOffset() + 1;
            if (n <= 0 || a.types().length == 0 || a.types().length != 1 && a.types().length != n) {
                return Errors.INVALID_REQUEST;
            }
            for (byte t : a.types()) {
                if (t < GAP || t > RENEW) {
                    return Errors.INVALID_REQUEST;
                }
            }
            if (!acquiredBy(member, a.firstOffset(), a.lastOffset(), nowMs)) {
                return Errors.INVALID_RECORD_STATE;
            }
        }
        for (Acknowledgement a : acks) {
            if (a.types().length == 1) {
                apply(a.firstOffset(), a.lastOffset(), a.types()[0], deliveryCountLimit, lockDurationMs, nowMs);
            } else {
                // runs of equal types, so a batch acknowledged one way costs one range change
                long runStart = a.firstOffset();
                for (int i = 1; i <= a.types().length; i++) {
                    if (i == a.types().length || a.types()[i] != a.types()[i - 1]) {
                        apply(runStart, a.firstOffset() + i - 1, a.types()[i - 1], deliveryCountLimit,
                                lockDurationMs, nowMs);
                        runStart = a.firstOffset() + i;
                    }
                }
            }
            mergeAround(a.firstOffset(), a.lastOffset());
        }
        advanceStart();
        return Errors.NONE;
    }

    private boolean acquiredBy(String member, long first, long last, long nowMs) {
        if (first < startOffset || last >= endOffset) {
            return false;
        }
        long at = first;
        while (at <= last) {
            Range r = ranges.floorEntry(at).getValue();
            if (r.state != RecordState.ACQUIRED || !member.equals(r.owner) || r.lockDeadlineMs <= nowMs) {
                return false;
            }
            at = r.last + 1;
        }
        return true;
    }

    private void apply(long first, long last, byte type, int deliveryCountLimit, long lockDurationMs, long nowMs) {
        split(first);
        split(last + 1);
        for (Range piece : ranges.subMap(first, true, last, true).values()) {
            int n = (int) (piece.last - piece.first + 1);
            switch (type) {
                case ACCEPT -> finish(piece, RecordState.ACKNOWLEDGED, n);
                case GAP, REJECT -> finish(piece, RecordState.ARCHIVED, n);
                case RELEASE -> finish(piece, piece.deliveryCount >= deliveryCountLimit ? RecordState.ARCHIVED
                        : RecordState.AVAILABLE, n);
                case RENEW -> piece.lockDeadlineMs = nowMs + lockDurationMs;
                default -> throw new IllegalArgumentException("acknowledge type " + type);
            }
        }
    }

    private void finish(Range piece, RecordState state, int n) {
        piece.state = state;
        piece.owner = null;
        piece.lockDeadlineMs = 0;
        acquiredCount -= n;
    }

    /**
     * Gives up everything {@code member} holds (its share session closed): available again, or archived at the
     * delivery limit. Returns whether anything was released.
     */
    public synchronized boolean releaseAll(String member, int deliveryCountLimit) {
        return releaseWhere(r -> member.equals(r.owner), deliveryCountLimit);
    }

    /** Ends the locks due by {@code nowMs} as a release would. Returns whether any ended. */
    public synchronized boolean expireLocks(long nowMs, int deliveryCountLimit) {
        return releaseWhere(r -> r.lockDeadlineMs <= nowMs, deliveryCountLimit);
    }

    private boolean releaseWhere(java.util.function.Predicate<Range> which, int deliveryCountLimit) {
        if (acquiredCount == 0) {
            return false;
        }
        boolean any = false;
        for (Range r : ranges.values()) {
            if (r.state == RecordState.ACQUIRED && which.test(r)) {
                finish(r, r.deliveryCount >= deliveryCountLimit ? RecordState.ARCHIVED : RecordState.AVAILABLE,
                        (int) (r.last - r.first + 1));
                any = true;
            }
        }
        if (any) {
            mergeAround(startOffset, endOffset - 1);
            advanceStart();
        }
        return any;
    }

    /**
     * Retires this instance if nothing is acquired (so nothing can change it any more): it acquires nothing from now
     * on, and its share-partition is read afresh from the share coordinator. Returns whether it retired.
     */
    public synchronized boolean retireIfIdle() {
        if (acquiredCount > 0) {
            return false;
        }
        retired = true;
        return true;
    }

    /** The earliest lock deadline now held, or Long.MAX_VALUE when nothing is acquired. */
    public synchronized long nextLockDeadline() {
        long next = Long.MAX_VALUE;
        if (acquiredCount > 0) {
            for (Range r : ranges.values()) {
                if (r.state == RecordState.ACQUIRED) {
                    next = Math.min(next, r.lockDeadlineMs);
                }
            }
        }
        return next;
    }

    /**
     * Moves the start offset up to {@code offset} (the log start passed it: retention or DeleteRecords), dropping
     * what lies below; an end offset below it moves along.
     */
    public synchronized void advanceTo(long offset) {
        if (offset <= startOffset) {
            return;
        }
        if (offset >= endOffset) {
            for (Range r : ranges.values()) {
                if (r.state == RecordState.ACQUIRED) {
                    acquiredCount -= (int) (r.last - r.first + 1);
                }
            }
            ranges.clear();
            startOffset = offset;
            endOffset = offset;
            return;
        }
        split(offset);
        Iterator<Map.Entry<Long, Range>> it = ranges.headMap(offset, false).entrySet().iterator();
        while (it.hasNext()) {
            Range r = it.next().getValue();
            if (r.state == RecordState.ACQUIRED) {
                acquiredCount -= (int) (r.last - r.first + 1);
            }
            it.remove();
        }
        startOffset = offset;
    }

    /** The state to persist, as of now, for a leader of {@code leaderEpoch}. */
    public synchronized ShareState snapshot(int leaderEpoch) {
        List<ShareState.StateBatch> batches = new ArrayList<>();
        ShareState.StateBatch open = null;
        for (Range r : ranges.values()) {
            RecordState s = r.state == RecordState.ACQUIRED ? RecordState.AVAILABLE : r.state;
            if (s == RecordState.AVAILABLE && r.deliveryCount == 0) {
                continue;   // never delivered: not worth a batch
            }
            if (open != null && open.lastOffset() + 1 == r.first && open.deliveryState() == s.id()
                    && open.deliveryCount() == r.deliveryCount) {
                open = new ShareState.StateBatch(open.firstOffset(), r.last, s.id(), open.deliveryCount());
                batches.set(batches.size() - 1, open);
            } else {
                open = new ShareState.StateBatch(r.first, r.last, s.id(), (short) r.deliveryCount);
                batches.add(open);
            }
        }
        return new ShareState(stateEpoch, leaderEpoch, startOffset, batches);
    }

    /** Offsets at or past the start offset that are done: with the start and end offsets, the lag. */
    public synchronized long doneCount() {
        long done = 0;
        for (Range r : ranges.values()) {
            if (r.state.isTerminal()) {
                done += r.last - r.first + 1;
            }
        }
        return done;
    }

    /** The range holding exactly {@code [first, last]}, which must lie within one range: splits around it. */
    private Range carve(long first, long last) {
        split(first);
        split(last + 1);
        Range r = ranges.get(first);
        if (r == null || r.last != last) {
            throw new IllegalStateException("offsets " + first + "-" + last + " span several ranges");
        }
        return r;
    }

    /** Makes {@code at} the first offset of a range, if a range holds it. */
    private void split(long at) {
        Map.Entry<Long, Range> e = ranges.floorEntry(at);
        if (e == null || e.getKey() == at || e.getValue().last < at) {
            return;
        }
        Range r = e.getValue();
        Range tail = new Range(at, r.last, r.state, r.deliveryCount, r.owner, r.lockDeadlineMs);
        r.last = at - 1;
        put(tail);
    }

    /** Joins equal neighbours in and just around {@code [first, last]}. */
    private void mergeAround(long first, long last) {
        Map.Entry<Long, Range> start = ranges.floorEntry(first - 1);
        Long key = start != null ? start.getKey() : ranges.ceilingKey(first);
        while (key != null) {
            Range r = ranges.get(key);
            Map.Entry<Long, Range> next = ranges.higherEntry(key);
            if (next == null || r.first > last + 1) {
                break;
            }
            if (r.last + 1 == next.getKey() && r.sameAs(next.getValue())) {
                r.last = next.getValue().last;
                ranges.remove(next.getKey());
            } else {
                key = next.getKey();
            }
        }
    }

    /** Drops the done ranges at the start, moving the start offset past them. */
    private void advanceStart() {
        while (!ranges.isEmpty()) {
            Range r = ranges.firstEntry().getValue();
            if (!r.state.isTerminal()) {
                return;
            }
            ranges.pollFirstEntry();
            startOffset = r.last + 1;
        }
        startOffset = Math.max(startOffset, endOffset);
    }

    private void put(Range r) {
        ranges.put(r.first, r);
    }

    private static void add(List<Acquired> out, Acquired a) {
        if (!out.isEmpty()) {
            Acquired last = out.get(out.size() - 1);
            if (last.lastOffset() + 1 == a.firstOffset() && last.deliveryCount() == a.deliveryCount()) {
                out.set(out.size() - 1, new Acquired(last.firstOffset(), a.lastOffset(), a.deliveryCount()));
                return;
            }
        }
        out.add(a);
    }
}
