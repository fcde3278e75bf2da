package io.tributary.cluster.metadata;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataDeltaTest {

    private static final UUID T = new UUID(1, 1);
    private static final TopicIdPartition P0 = new TopicIdPartition(T, 0);
    private static final TopicIdPartition P1 = new TopicIdPartition(T, 1);

    private static MetadataImage withTopic() {
        return new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new TopicRecord("t", T),
                new PartitionRecord(T, 0, List.of(1, 2), List.of(1, 2), List.of(), 1, 0, 0),
                new PartitionRecord(T, 1, List.of(2, 1), List.of(2, 1), List.of(), 2, 0, 0))).apply(1);
    }

    @Test
    void leaderChangeBumpsBothEpochsAndIsrChangeOnlyThePartitionEpoch() {
        MetadataImage image = new MetadataDelta(withTopic()).replayAll(List.of(
                new PartitionChangeRecord(T, 0, 2, List.of(2), null, null),
                new PartitionChangeRecord(T, 1, PartitionChangeRecord.NO_CHANGE, List.of(2), null, null))).apply(2);
        assertThat(image.partition(P0)).isEqualTo(new PartitionRegistration(List.of(1, 2), List.of(2), List.of(),
                2, 1, 1));
        assertThat(image.partition(P1).leaderEpoch()).isZero();
        assertThat(image.partition(P1).partitionEpoch()).isEqualTo(1);
    }

    @Test
    void brokerLearnsWhatItNowLeadsFollowsAndMustDelete() {
        MetadataImage base = withTopic();
        MetadataDelta delta = new MetadataDelta(base);
        delta.replay(new PartitionChangeRecord(T, 0, 2, List.of(2), null, null));
        assertThat(delta.localChanges(2).leaders()).containsOnlyKeys(P0);
        assertThat(delta.localChanges(1).followers()).containsOnlyKeys(P0);

        MetadataDelta deletion = new MetadataDelta(base);
        deletion.replay(new RemoveTopicRecord(T));
        assertThat(deletion.localChanges(1).deleted()).containsExactlyInAnyOrder(P0, P1);
        assertThat(deletion.apply(2).topic("t")).isNull();
        assertThat(deletion.deletedTopics()).containsOnlyKeys(T);
    }

    @Test
    void reassignmentTellsTheLeaderItsNewReplicasTheAddedBrokerToFollowAndTheRemovedOneToDelete() {
        MetadataImage base = withTopic();   // P0: replicas [1,2], leader 1
        MetadataDelta start = new MetadataDelta(base);
        start.replay(new PartitionChangeRecord(T, 0, PartitionChangeRecord.NO_CHANGE, null, null, List.of(2, 3, 1),
                List.of(3), List.of(1)));
        assertThat(start.localChanges(1).leaders()).containsOnlyKeys(P0);      // leader 1: replica 3 may now join
        assertThat(start.localChanges(3).followers()).containsOnlyKeys(P0);    // 3 starts following
        assertThat(start.localChanges(2).followers()).containsOnlyKeys(P0);    // 2 takes the new replica set
        MetadataImage reassigning = start.apply(2);
        assertThat(reassigning.partition(P0).isReassigning()).isTrue();

        MetadataDelta complete = new MetadataDelta(reassigning);
        complete.replay(new PartitionChangeRecord(T, 0, 2, List.of(2, 3), null, List.of(2, 3), List.of(), List.of()));
        assertThat(complete.localChanges(1).deleted()).containsExactly(P0);
        assertThat(complete.localChanges(2).leaders()).containsOnlyKeys(P0);
        assertThat(complete.localChanges(3).followers()).containsOnlyKeys(P0);
        PartitionRegistration done = complete.apply(3).partition(P0);
        assertThat(done).isEqualTo(new PartitionRegistration(List.of(2, 3), List.of(2, 3), List.of(), 2, 1, 2));
        assertThat(done.isReassigning()).isFalse();
    }

    @Test
    void newTopicMakesItsLeadersAndFollowersKnown() {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replayAll(List.of(new TopicRecord("t", T),
                new PartitionRecord(T, 0, List.of(1, 2), List.of(1, 2), List.of(), 1, 0, 0)));
        assertThat(delta.createdTopics()).containsExactly(T);
        assertThat(delta.localChanges(1).leaders()).containsOnlyKeys(P0);
        assertThat(delta.localChanges(2).followers()).containsOnlyKeys(P0);
        assertThat(delta.localChanges(3).isEmpty()).isTrue();
    }

    @Test
    void recordsForAnOlderBrokerRegistrationAreIgnored() {
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new RegisterBrokerRecord(1, new UUID(0, 1), 5, List.of(), null, true),
                new BrokerChangeRecord(1, 4, false, null),
                new UnregisterBrokerRecord(1, 4))).apply(1);
        assertThat(image.broker(1).fenced()).isTrue();
        assertThat(image.lastBrokerEpoch()).isEqualTo(5);
    }

    @Test
    void inconsistentRecordsAreRefused() {
        assertThatThrownBy(() -> new MetadataDelta(MetadataImage.EMPTY)
                .replay(new PartitionRecord(T, 0, List.of(1), List.of(1), List.of(), 1, 0, 0)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new MetadataDelta(withTopic()).replay(new TopicRecord("t", new UUID(2, 2))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void imageRebuiltFromItsOwnRecordsIsTheSame() {
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY)
                .replayAll(MetadataRecordSerdeTest.everyKind().subList(0, 11)).apply(9);
        MetadataImage rebuilt = new MetadataDelta(MetadataImage.EMPTY).replayAll(image.toRecords()).apply(9);
        assertThat(rebuilt.sameContent(image)).isTrue();
    }
}
