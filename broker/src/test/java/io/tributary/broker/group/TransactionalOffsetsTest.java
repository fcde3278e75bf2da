package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offsets committed inside transactions (TxnOffsetCommit): pending until the transaction's marker, applied in log
 * order at a COMMIT, dropped at an ABORT, rebuilt the same way when an offsets partition is loaded again. Groups
 * whose id starts with "other" live in offsets partition 1, every other group in partition 0.
 */
class TransactionalOffsetsTest {

    private static final long RETENTION_MS = 60_000;
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final TopicPartition TP2 = new TopicPartition("orders", 1);

    private final MemoryCoordinatorLog log = new MemoryCoordinatorLog();
    private GroupCoordinator coordinator;
    private long now = 1_000_000;

    private GroupCoordinator newCoordinator() {
        GroupConfig config = new GroupConfig(2, (short) 1, 1 << 20, 3_000, 1000, 60_000, 4096, 10_000, 1000,
                List.of("uniform", "range"), RETENTION_MS, 1_000);
        GroupCoordinator c = new GroupCoordinator(config, log, g -> g.startsWith("other") ? 1 : 0, () -> "id");
        c.load(0);
        c.load(1);
        return c;
    }

    @BeforeEach
    void setUp() {
        coordinator = newCoordinator();
    }

    private static int partitionOf(String groupId) {
        return groupId.startsWith("other") ? 1 : 0;
    }

    private Map<TopicPartition, Errors> txnCommit(long producerId, String groupId, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, CommittedOffset> commits = new HashMap<>();
        offsets.forEach((tp, o) -> commits.put(tp, new CommittedOffset(o, 3, "txn", -1)));
        return coordinator.commitTransactionalOffsets(producerId, (short) 2, groupId, -1, "", null, commits,
                (short) 5, now);
    }

    private void plainCommit(String groupId, TopicPartition tp, long offset) {
        assertThat(coordinator.commitOffsets(groupId, -1, "", null, Map.of(tp, new CommittedOffset(offset, -1, "", -1)),
                (short) 9, now)).containsEntry(tp, Errors.NONE);
    }

    /** What the marker writer does: append the marker to the offsets partition, then tell the coordinator. */
    private void endTransaction(long producerId, String groupId, boolean commit) {
        log.appendMarker(partitionOf(groupId), producerId, commit);
        coordinator.completeTransaction(partitionOf(groupId), producerId, commit);
    }

    private Long committed(GroupCoordinator c, String groupId, TopicPartition tp) {
        CommittedOffset o = c.fetchOffsets(groupId, List.of(tp)).get(tp);
        return o == null ? null : o.offset();
    }

    @Test
    void offsetsOfATransactionBecomeVisibleWhenItCommits() {
        assertThat(txnCommit(7, "g", Map.of(TP, 10L, TP2, 11L))).containsOnly(Map.entry(TP, Errors.NONE),
                Map.entry(TP2, Errors.NONE));
        MemoryCoordinatorLog.Batch batch = log.batches(0).get(0);
        assertThat(batch.writer()).as("one batch of the producer").isEqualTo(CoordinatorLog.Writer.transaction(7, (short) 2));
        assertThat(batch.records()).hasSize(2);
        assertThat(committed(coordinator, "g", TP)).as("pending").isNull();
        assertThat(coordinator.pendingTransactionalPartitions("g")).containsExactlyInAnyOrder(TP, TP2);

        endTransaction(7, "g", true);
        assertThat(committed(coordinator, "g", TP)).isEqualTo(10);
        assertThat(committed(coordinator, "g", TP2)).isEqualTo(11);
        assertThat(coordinator.fetchOffsets("g", List.of(TP)).get(TP).metadata()).isEqualTo("txn");
        assertThat(coordinator.pendingTransactionalPartitions("g")).isEmpty();
    }

    @Test
    void offsetsOfAnAbortedTransactionAreDiscarded() {
        plainCommit("g", TP, 5);
        txnCommit(7, "g", Map.of(TP, 10L));
        assertThat(committed(coordinator, "g", TP)).as("the older commit stays visible meanwhile").isEqualTo(5);
        assertThat(coordinator.pendingTransactionalPartitions("g")).containsExactly(TP);

        endTransaction(7, "g", false);
        assertThat(committed(coordinator, "g", TP)).isEqualTo(5);
        assertThat(coordinator.pendingTransactionalPartitions("g")).isEmpty();
    }

    @Test
    void aPlainCommitWrittenAfterTheTransactionalOneWinsWhenTheTransactionCommits() {
        txnCommit(7, "g", Map.of(TP, 10L, TP2, 10L));
        plainCommit("g", TP, 20);
        endTransaction(7, "g", true);
        assertThat(committed(coordinator, "g", TP)).as("later in the log").isEqualTo(20);
        assertThat(committed(coordinator, "g", TP2)).isEqualTo(10);

        plainCommit("g", TP, 30);
        txnCommit(8, "g", Map.of(TP, 40L));
        endTransaction(8, "g", true);
        assertThat(committed(coordinator, "g", TP)).as("the transaction's record is the later one").isEqualTo(40);
    }

    @Test
    void aMarkerEndsTheProducersTransactionOnlyInTheGroupsOfItsOffsetsPartition() {
        txnCommit(7, "g", Map.of(TP, 1L));
        txnCommit(7, "other", Map.of(TP, 2L));
        endTransaction(7, "g", true);
        assertThat(committed(coordinator, "g", TP)).isEqualTo(1);
        assertThat(committed(coordinator, "other", TP)).as("its marker is not written yet").isNull();
        endTransaction(7, "other", true);
        assertThat(committed(coordinator, "other", TP)).isEqualTo(2);
    }

    @Test
    void twoProducersTransactionsInOneGroupEndIndependently() {
        txnCommit(7, "g", Map.of(TP, 1L));
        txnCommit(8, "g", Map.of(TP2, 2L));
        endTransaction(8, "g", false);
        assertThat(coordinator.pendingTransactionalPartitions("g")).containsExactly(TP);
        endTransaction(7, "g", true);
        assertThat(coordinator.fetchOffsets("g", null)).containsOnlyKeys(TP);
    }

    @Test
    void replayRebuildsCommittedAbortedAndStillOpenTransactionsExactly() {
        plainCommit("g", TP, 1);
        txnCommit(7, "g", Map.of(TP, 10L, TP2, 10L));
        txnCommit(8, "g", Map.of(TP2, 99L));
        txnCommit(9, "other", Map.of(TP, 5L));
        plainCommit("g", TP2, 15);                  // after producer 7's record: wins over it
        endTransaction(7, "g", true);
        endTransaction(8, "g", false);
        endTransaction(9, "other", true);
        txnCommit(7, "g", Map.of(TP, 70L));         // producer 7's next transaction, still open
        txnCommit(11, "other", Map.of(TP2, 6L));    // another open one, in the other partition

        GroupCoordinator reloaded = newCoordinator();
        for (String group : List.of("g", "other")) {
            assertThat(reloaded.fetchOffsets(group, null)).as(group).isEqualTo(coordinator.fetchOffsets(group, null));
            assertThat(reloaded.pendingTransactionalPartitions(group)).as(group)
                    .isEqualTo(coordinator.pendingTransactionalPartitions(group));
        }
        assertThat(committed(reloaded, "g", TP)).isEqualTo(10);
        assertThat(committed(reloaded, "g", TP2)).isEqualTo(15);
        assertThat(committed(reloaded, "other", TP)).isEqualTo(5);
        assertThat(reloaded.pendingTransactionalPartitions("g")).containsExactly(TP);
        assertThat(reloaded.pendingTransactionalPartitions("other")).containsExactly(TP2);

        coordinator = reloaded;   // the transaction coordinator finishes the open transactions after the load
        endTransaction(7, "g", true);
        endTransaction(11, "other", false);
        assertThat(committed(reloaded, "g", TP)).isEqualTo(70);
        assertThat(committed(reloaded, "other", TP2)).isNull();
        assertThat(reloaded.pendingTransactionalPartitions("g")).isEmpty();
    }

    @Test
    void aMarkerForAPartitionNotLoadedHereIsLeftToTheReplay() {
        txnCommit(7, "g", Map.of(TP, 10L));
        coordinator.unload(0);
        endTransaction(7, "g", true);
        assertThat(coordinator.status("g")).isEqualTo(Errors.NOT_COORDINATOR);
        coordinator.load(0);
        assertThat(committed(coordinator, "g", TP)).isEqualTo(10);
    }

    @Test
    void deletingAGroupDropsItsPendingOffsetsSoALaterCommitShowsNothing() {
        txnCommit(7, "g", Map.of(TP, 10L));
        assertThat(coordinator.listGroups()).extracting(g -> g.groupId()).containsExactly("g");
        assertThat(coordinator.deleteGroup("g", now)).isEqualTo(Errors.NONE);
        assertThat(log.records(0)).as("a tombstone for the pending offset").anyMatch(e -> e.value() == null);
        assertThat(coordinator.pendingTransactionalPartitions("g")).isEmpty();
        endTransaction(7, "g", true);
        assertThat(committed(coordinator, "g", TP)).isNull();
        assertThat(newCoordinator().fetchOffsets("g", null)).as("and so says the log").isEmpty();
    }

    @Test
    void anOffsetWithATransactionPendingDoesNotExpireAndItsGroupStays() {
        plainCommit("g", TP, 1);
        plainCommit("g", TP2, 2);
        coordinator.poll(now);      // the first check sees the group empty
        txnCommit(7, "g", Map.of(TP, 10L));
        now += RETENTION_MS + 2_000;
        coordinator.poll(now);
        assertThat(committed(coordinator, "g", TP2)).as("expired").isNull();
        assertThat(committed(coordinator, "g", TP)).as("kept: a transaction rewrote it").isEqualTo(1);
        endTransaction(7, "g", true);
        assertThat(committed(coordinator, "g", TP)).isEqualTo(10);
    }

    @Test
    void aCommitWithoutAProducerIdIsRefused() {
        assertThat(txnCommit(-1, "g", Map.of(TP, 10L))).containsEntry(TP, Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(log.records(0)).isEmpty();
    }

    @Test
    void tooLargeMetadataIsRefusedPerPartition() {
        Map<TopicPartition, CommittedOffset> commits = Map.of(TP, new CommittedOffset(1, -1, "x".repeat(5000), -1),
                TP2, new CommittedOffset(2, -1, "", -1));
        assertThat(coordinator.commitTransactionalOffsets(7, (short) 0, "g", -1, "", null, commits, (short) 5, now))
                .containsOnly(Map.entry(TP, Errors.OFFSET_METADATA_TOO_LARGE), Map.entry(TP2, Errors.NONE));
        assertThat(coordinator.pendingTransactionalPartitions("g")).isEqualTo(Set.of(TP2));
    }
}
