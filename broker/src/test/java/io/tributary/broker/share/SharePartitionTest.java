package io.tributary.broker.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.protocol.Errors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharePartitionTest {

    private static final int LIMIT = 5;
    private static final int MAX_IN_FLIGHT = 2000;
    private static final long LOCK = 30_000;

    private static SharePartition fresh(long start) {
        return new SharePartition(new ShareState(0, 0, start, List.of()));
    }

    private static List<SharePartition.LogBatch> batches(long... bounds) {
        List<SharePartition.LogBatch> out = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            out.add(new SharePartition.LogBatch(bounds[i], bounds[i + 1]));
        }
        return out;
    }

    private static SharePartition.Acknowledgement ack(long first, long last, int type) {
        return new SharePartition.Acknowledgement(first, last, new byte[] {(byte) type});
    }

    @Test
    void freshBatchesAreAcquiredWholeAndAcceptingThemMovesTheStartOffset() {
        SharePartition sp = fresh(0);
        List<SharePartition.Acquired> got = sp.acquire("a", batches(0, 9, 10, 19), 15, false, MAX_IN_FLIGHT, LOCK,
                0);
        assertEquals(List.of(new SharePartition.Acquired(0, 19, 1)), got, "whole batches, past max records");
        assertEquals(20, sp.endOffset());
        assertEquals(Errors.NONE, sp.acknowledge("a", List.of(ack(0, 19, 1)), LIMIT, LOCK, 1));
        assertEquals(20, sp.startOffset());
        assertEquals(0, sp.acquiredCount());
        assertEquals(20, sp.nextFetchOffset(MAX_IN_FLIGHT));
    }

    @Test
    void anotherMembersRecordsCannotBeAcknowledged() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 9), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        assertEquals(Errors.INVALID_RECORD_STATE, sp.acknowledge("b", List.of(ack(0, 9, 1)), LIMIT, LOCK, 1));
        assertEquals(Errors.INVALID_RECORD_STATE, sp.acknowledge("a", List.of(ack(0, 10, 1)), LIMIT, LOCK, 1),
                "an offset never acquired");
        assertEquals(10, sp.acquiredCount(), "a refused acknowledgement changes nothing");
    }

    @Test
    void releasedRecordsAreDeliveredAgainWithTheCountUpToTheLimitThenArchived() {
        SharePartition sp = fresh(0);
        for (int delivery = 1; delivery <= LIMIT; delivery++) {
            assertEquals(0, sp.nextFetchOffset(MAX_IN_FLIGHT));
            List<SharePartition.Acquired> got = sp.acquire("m" + delivery, batches(0, 4), 100, false,
                    MAX_IN_FLIGHT, LOCK, 0);
            assertEquals(List.of(new SharePartition.Acquired(0, 4, delivery)), got);
            assertEquals(Errors.NONE, sp.acknowledge("m" + delivery, List.of(ack(0, 4, 2)), LIMIT, LOCK, 0));
        }
        assertEquals(5, sp.startOffset(), "archived at the delivery limit");
        assertTrue(sp.acquire("x", batches(0, 4), 100, false, MAX_IN_FLIGHT, LOCK, 0).isEmpty());
    }

    @Test
    void partAcknowledgedBatchesSplitAndRejectArchives() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 9), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        byte[] types = {1, 1, 2, 3, 1, 1, 1, 1, 2, 1};
        assertEquals(Errors.NONE, sp.acknowledge("a", List.of(new SharePartition.Acknowledgement(0, 9, types)),
                LIMIT, LOCK, 1));
        assertEquals(2, sp.startOffset());
        assertEquals(2, sp.nextFetchOffset(MAX_IN_FLIGHT));
        List<SharePartition.Acquired> again = sp.acquire("b", batches(0, 9), 100, false, MAX_IN_FLIGHT, LOCK, 2);
        assertEquals(List.of(new SharePartition.Acquired(2, 2, 2), new SharePartition.Acquired(8, 8, 2)), again);
        assertEquals(Errors.NONE, sp.acknowledge("b", List.of(ack(2, 2, 1), ack(8, 8, 1)), LIMIT, LOCK, 3));
        assertEquals(10, sp.startOffset());
    }

    @Test
    void expiredLocksMakeRecordsAvailableAndLateAcknowledgementsAreRefused() {
        SharePartition sp = fresh(100);
        sp.acquire("a", batches(100, 109), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        assertEquals(LOCK, sp.nextLockDeadline());
        assertFalse(sp.expireLocks(LOCK - 1, LIMIT));
        assertTrue(sp.expireLocks(LOCK, LIMIT));
        assertEquals(Errors.INVALID_RECORD_STATE, sp.acknowledge("a", List.of(ack(100, 109, 1)), LIMIT, LOCK, LOCK));
        assertEquals(List.of(new SharePartition.Acquired(100, 109, 2)),
                sp.acquire("b", batches(100, 109), 100, false, MAX_IN_FLIGHT, LOCK, LOCK));
    }

    @Test
    void renewExtendsTheLock() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 9), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        assertEquals(Errors.NONE, sp.acknowledge("a", List.of(ack(0, 9, 4)), LIMIT, LOCK, 20_000));
        assertFalse(sp.expireLocks(LOCK, LIMIT));
        assertEquals(Errors.NONE, sp.acknowledge("a", List.of(ack(0, 9, 1)), LIMIT, LOCK, 40_000));
    }

    @Test
    void closingASessionReleasesOnlyThatMembersRecords() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 9), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        sp.acquire("b", batches(10, 19), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        assertTrue(sp.releaseAll("a", LIMIT));
        assertEquals(10, sp.acquiredCount());
        assertEquals(0, sp.nextFetchOffset(MAX_IN_FLIGHT));
    }

    @Test
    void inFlightWindowLimitsFreshAcquisition() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 99), 1000, false, 100, LOCK, 0);
        assertEquals(-1, sp.nextFetchOffset(100));
        assertTrue(sp.acquire("a", batches(100, 199), 1000, false, 100, LOCK, 0).isEmpty());
        sp.acknowledge("a", List.of(ack(0, 49, 1)), LIMIT, LOCK, 0);
        assertEquals(100, sp.nextFetchOffset(100));
    }

    @Test
    void maxRecordsCutsAvailableRangesButNotFreshBatches() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 99), 1000, false, MAX_IN_FLIGHT, LOCK, 0);
        sp.acknowledge("a", List.of(ack(0, 99, 2)), LIMIT, LOCK, 0);
        assertEquals(List.of(new SharePartition.Acquired(0, 9, 2)),
                sp.acquire("b", batches(0, 99), 10, false, MAX_IN_FLIGHT, LOCK, 0));
        assertEquals(List.of(new SharePartition.Acquired(10, 99, 2), new SharePartition.Acquired(100, 149, 1)),
                sp.acquire("c", batches(0, 99, 100, 149), 100, false, MAX_IN_FLIGHT, LOCK, 0));
    }

    @Test
    void theRecordLimitModeCutsAFreshBatchAtTheLimit() {
        SharePartition sp = fresh(0);
        assertEquals(List.of(new SharePartition.Acquired(0, 14, 1)),
                sp.acquire("a", batches(0, 9, 10, 19), 15, true, MAX_IN_FLIGHT, LOCK, 0));
        assertEquals(15, sp.nextFetchOffset(MAX_IN_FLIGHT));
        assertEquals(List.of(new SharePartition.Acquired(15, 19, 1)),
                sp.acquire("b", batches(10, 19), 15, true, MAX_IN_FLIGHT, LOCK, 0));
    }

    @Test
    void undeliverableBatchesAreArchivedUnreadGapsAndAll() {
        SharePartition sp = fresh(0);
        List<SharePartition.LogBatch> read = List.of(new SharePartition.LogBatch(0, 4),
                new SharePartition.LogBatch(5, 9, false), new SharePartition.LogBatch(12, 12, false),
                new SharePartition.LogBatch(13, 19));
        assertEquals(List.of(new SharePartition.Acquired(0, 4, 1), new SharePartition.Acquired(13, 19, 1)),
                sp.acquire("a", read, 100, false, MAX_IN_FLIGHT, LOCK, 0));
        assertEquals(Errors.NONE, sp.acknowledge("a", List.of(ack(0, 4, 1)), LIMIT, LOCK, 0));
        assertEquals(13, sp.startOffset(), "the archived batches and the gap before one count as done");
    }

    @Test
    void aGapBeforeABatchIsAcquiredWithIt() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 4), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        assertEquals(List.of(new SharePartition.Acquired(5, 14, 1)),
                sp.acquire("a", batches(10, 14), 100, false, MAX_IN_FLIGHT, LOCK, 0));
        assertEquals(Errors.NONE, sp.acknowledge("a", List.of(ack(0, 9, 0), ack(10, 14, 1)), LIMIT, LOCK, 0));
        assertEquals(15, sp.startOffset());
    }

    @Test
    void snapshotRestoresAcknowledgedArchivedAndCountsAndAcquiredComeBackAvailable() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 9, 10, 19, 20, 29), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        sp.acknowledge("a", List.of(ack(10, 14, 1), ack(15, 19, 3)), LIMIT, LOCK, 0);
        ShareState state = sp.snapshot(7);
        assertEquals(7, state.leaderEpoch());
        assertEquals(0, state.startOffset());
        assertEquals(10, state.deliveryCompleteCount());
        SharePartition back = new SharePartition(state);
        assertEquals(0, back.startOffset());
        assertEquals(30, back.endOffset());
        List<SharePartition.Acquired> again = back.acquire("b", batches(0, 9, 10, 19, 20, 29), 100, false, MAX_IN_FLIGHT,
                LOCK, 0);
        assertEquals(List.of(new SharePartition.Acquired(0, 9, 2), new SharePartition.Acquired(20, 29, 2)), again);
    }

    @Test
    void onlyAnInstanceHoldingNothingRetiresAndThenAcquiresNothing() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 9), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        assertFalse(sp.retireIfIdle());
        sp.acknowledge("a", List.of(ack(0, 9, 1)), LIMIT, LOCK, 0);
        assertTrue(sp.retireIfIdle());
        assertTrue(sp.acquire("b", batches(10, 19), 100, false, MAX_IN_FLIGHT, LOCK, 0).isEmpty());
    }

    @Test
    void theLogStartPassingTheStartOffsetDropsWhatLiesBelow() {
        SharePartition sp = fresh(0);
        sp.acquire("a", batches(0, 9, 10, 19), 100, false, MAX_IN_FLIGHT, LOCK, 0);
        sp.advanceTo(10);
        assertEquals(10, sp.startOffset());
        assertEquals(10, sp.acquiredCount());
        sp.advanceTo(50);
        assertEquals(50, sp.startOffset());
        assertEquals(50, sp.endOffset());
        assertEquals(0, sp.acquiredCount());
    }

    /** Random members acquire, acknowledge, release and time out; every offset ends acknowledged or archived once. */
    @Test
    void randomHistoriesNeverDeliverADoneRecordAndEndWithEveryRecordDone() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        SharePartition sp = fresh(0);
        int logEnd = 5000;
        Set<Long> done = new HashSet<>();
        java.util.Map<Long, Integer> deliveries = new java.util.HashMap<>();
        long now = 0;
        List<SharePartition.Acquired> held = new ArrayList<>();
        List<String> holders = new ArrayList<>();
        for (int step = 0; step < 20_000 && sp.startOffset() < logEnd; step++) {
            now += random.nextInt(50);
            sp.expireLocks(now, LIMIT);
            String member = "m" + random.nextInt(3);
            long from = sp.nextFetchOffset(500);
            if (from >= 0 && from < logEnd) {
                List<SharePartition.LogBatch> read = new ArrayList<>();
                for (long o = from; o < Math.min(logEnd, from + 200); o += 10) {
                    read.add(new SharePartition.LogBatch(o, Math.min(o + 9, logEnd - 1)));
                }
                boolean strict = random.nextBoolean();
                for (SharePartition.Acquired a : sp.acquire(member, read, 1 + random.nextInt(100), strict, 500, 2000,
                        now)) {
                    for (long o = a.firstOffset(); o <= a.lastOffset(); o++) {
                        assertFalse(done.contains(o), "seed " + seed + ": done offset " + o + " delivered again");
                        assertEquals(deliveries.getOrDefault(o, 0) + 1, a.deliveryCount(), "seed " + seed);
                        deliveries.put(o, a.deliveryCount());
                    }
                    held.add(a);
                    holders.add(member);
                }
            }
            if (!held.isEmpty()) {
                int i = random.nextInt(held.size());
                SharePartition.Acquired a = held.remove(i);
                String owner = holders.remove(i);
                int type = 1 + random.nextInt(3);
                if (sp.acknowledge(owner, List.of(ack(a.firstOffset(), a.lastOffset(), type)), LIMIT, 2000, now)
                        == Errors.NONE && type != 2) {
                    for (long o = a.firstOffset(); o <= a.lastOffset(); o++) {
                        assertTrue(done.add(o), "seed " + seed + ": offset " + o + " finished twice");
                    }
                }
            }
        }
        assertTrue(sp.startOffset() > 0, "seed " + seed + ": no progress");
        for (long o = 0; o < sp.startOffset(); o++) {
            // below the start offset: acknowledged or rejected, else archived after its last allowed delivery
            assertTrue(done.contains(o) || deliveries.getOrDefault(o, 0) >= LIMIT,
                    "seed " + seed + ": offset " + o + " skipped after " + deliveries.get(o) + " deliveries");
        }
    }
}
