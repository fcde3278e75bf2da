package io.tributary.connect.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which source offsets may be committed: only the acknowledged prefix of each source partition. */
class SubmittedRecordsTest {

    private static final Map<String, ?> P1 = Map.of("file", "a.txt");
    private static final Map<String, ?> P2 = Map.of("file", "b.txt");

    private static Map<String, ?> pos(long n) {
        return Map.of("position", n);
    }

    private final SubmittedRecords records = new SubmittedRecords();

    @Test
    void nothingSubmittedNothingToCommit() {
        assertThat(records.takeCommittable()).isEmpty();
        assertThat(records.unacked()).isZero();
    }

    @Test
    void outOfOrderAcksCommitOnlyTheAcknowledgedPrefix() {
        SubmittedRecords.Submitted r1 = records.submit(P1, pos(1));
        SubmittedRecords.Submitted r2 = records.submit(P1, pos(2));
        SubmittedRecords.Submitted r3 = records.submit(P1, pos(3));
        SubmittedRecords.Submitted r4 = records.submit(P1, pos(4));
        assertThat(records.unacked()).isEqualTo(4);

        r2.ack();
        r4.ack();
        assertThat(records.takeCommittable()).as("record 1 is still in flight").isEmpty();
        assertThat(records.unacked()).isEqualTo(2);

        r1.ack();
        assertThat(records.takeCommittable()).as("1 and 2 acknowledged, 3 not").isEqualTo(Map.of(P1, pos(2)));
        assertThat(records.unacked()).isEqualTo(1);
        assertThat(records.takeCommittable()).as("already taken").isEmpty();

        r3.ack();
        assertThat(records.takeCommittable()).isEqualTo(Map.of(P1, pos(4)));
        assertThat(records.unacked()).isZero();
        assertThat(records.takeCommittable()).isEmpty();
    }

    @Test
    void partitionsAreIndependent() {
        SubmittedRecords.Submitted a1 = records.submit(P1, pos(1));
        SubmittedRecords.Submitted b1 = records.submit(P2, pos(10));
        SubmittedRecords.Submitted a2 = records.submit(P1, pos(2));
        SubmittedRecords.Submitted b2 = records.submit(P2, pos(11));

        // P1's head is unacknowledged, which must not hold P2 back.
        a2.ack();
        b1.ack();
        b2.ack();
        assertThat(records.takeCommittable()).isEqualTo(Map.of(P2, pos(11)));
        assertThat(records.unacked()).isEqualTo(1);

        a1.ack();
        assertThat(records.takeCommittable()).isEqualTo(Map.of(P1, pos(2)));
        assertThat(records.unacked()).isZero();
    }

    @Test
    void bothPartitionsCommitInOneTake() {
        records.submit(P1, pos(1)).ack();
        records.submit(P2, pos(10)).ack();
        records.submit(P2, pos(11));

        assertThat(records.takeCommittable()).isEqualTo(Map.of(P1, pos(1), P2, pos(10)));
    }

    @Test
    void equalPartitionMapsAreOnePartition() {
        SubmittedRecords.Submitted first = records.submit(Map.of("file", "a.txt"), pos(1));
        records.submit(new java.util.HashMap<>(Map.of("file", "a.txt")), pos(2)).ack();

        assertThat(records.takeCommittable()).as("an equal map is the same partition, behind record 1").isEmpty();
        first.ack();
        assertThat(records.takeCommittable()).isEqualTo(Map.of(P1, pos(2)));
    }

    @Test
    void recordsWithoutPartitionOrOffsetProduceNoEntries() {
        SubmittedRecords.Submitted noPartition = records.submit(null, pos(1));
        SubmittedRecords.Submitted noOffset = records.submit(P1, null);
        SubmittedRecords.Submitted neither = records.submit(null, null);
        assertThat(records.unacked()).isEqualTo(3);

        noPartition.ack();
        noOffset.ack();
        neither.ack();

        assertThat(records.takeCommittable()).isEmpty();
        assertThat(records.unacked()).isZero();
    }

    @Test
    void unackedCountsEveryPartitionsInFlightRecords() {
        SubmittedRecords.Submitted a = records.submit(P1, pos(1));
        records.submit(P1, pos(2));
        records.submit(P2, pos(1));
        records.submit(null, null);
        assertThat(records.unacked()).isEqualTo(4);

        a.ack();
        assertThat(records.unacked()).isEqualTo(3);
        a.ack(); // a second ack is not counted twice
        assertThat(records.unacked()).isEqualTo(3);
    }
}
