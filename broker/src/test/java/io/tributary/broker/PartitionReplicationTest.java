package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.log.AppendOrigin;
import io.tributary.log.Log;
import io.tributary.log.LogConfig;
import io.tributary.protocol.Errors;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's replication state of one {@link Partition} over a real log, with the controller played by the test:
 * the high watermark over the maximal ISR, acks=all waits and their outcomes, ISR joins and leaves as proposed.
 */
class PartitionReplicationTest {

    @TempDir
    Path dir;

    private Log log;
    private final List<List<Integer>> proposals = new ArrayList<>();
    private final List<CompletableFuture<PartitionRegistration>> answers = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        log.close();
    }

    private Partition leaderOf(List<Integer> replicas, List<Integer> isr, int minIsr) throws IOException {
        log = Log.open(dir.resolve("t-0"), LogConfig.defaults(), 0, 0, Clock.systemUTC());
        return new Partition("t", 0, UUID.randomUUID(), log, new PartitionRegistration(replicas, isr, List.of(), 1, 5,
                0), 1, minIsr, (p, basis, newIsr) -> {
                    proposals.add(newIsr);
                    CompletableFuture<PartitionRegistration> answer = new CompletableFuture<>();
                    answers.add(answer);
                    return answer;
                });
    }

    private long append(Partition p, int records) {
        RecordBatchBuilder b = new RecordBatchBuilder();
        for (int i = 0; i < records; i++) {
            b.add(new RecordData(System.currentTimeMillis(), null, ByteBuffer.wrap(new byte[]{1}), List.of()));
        }
        long next = log.appendAsLeader(b.build(), p.leaderEpoch(), AppendOrigin.CLIENT).lastOffset() + 1;
        p.appendedAsLeader();
        return next;
    }

    @Test
    void aloneInTheIsrTheLeaderCommitsEachAppendAtOnce() throws IOException {
        Partition p = leaderOf(List.of(1, 2, 3), List.of(1), 1);
        long next = append(p, 3);
        assertThat(p.highWatermark()).isEqualTo(3);
        assertThat(p.awaitReplicated(next)).isCompletedWithValue(Errors.NONE);
    }

    @Test
    void theHighWatermarkIsTheSmallestLogEndInTheIsrAndAcksAllWaitsForIt() throws IOException {
        Partition p = leaderOf(List.of(1, 2, 3), List.of(1, 2, 3), 2);
        long next = append(p, 4);
        CompletableFuture<Errors> acked = p.awaitReplicated(next);
        assertThat(p.highWatermark()).as("followers not heard from yet").isZero();
        p.followerFetched(2, 4, 1000);
        assertThat(acked).as("follower 3 has nothing yet").isNotDone();
        p.followerFetched(3, 2, 1000);
        assertThat(p.highWatermark()).isEqualTo(2);
        assertThat(acked).isNotDone();
        p.followerFetched(3, 4, 1001);
        assertThat(p.highWatermark()).isEqualTo(4);
        assertThat(acked).isCompletedWithValue(Errors.NONE);
    }

    @Test
    void aFollowerPastTheLeadersEndDoesNotCountNorJoin() throws IOException {
        Partition p = leaderOf(List.of(1, 2), List.of(1), 1);
        append(p, 2);
        assertThat(p.followerFetched(2, 7, 1000)).isFalse();
        assertThat(proposals).isEmpty();
    }

    @Test
    void aCaughtUpFollowerIsProposedToJoinAndCountsForTheHighWatermarkAtOnce() throws IOException {
        Partition p = leaderOf(List.of(1, 2), List.of(1), 1);
        append(p, 3);
        assertThat(p.highWatermark()).isEqualTo(3);
        p.followerFetched(2, 1, 1000);
        assertThat(proposals).as("behind the high watermark").isEmpty();
        p.followerFetched(2, 3, 1001);
        assertThat(proposals).containsExactly(List.of(1, 2));
        long next = append(p, 1);
        assertThat(p.awaitReplicated(next)).as("the joining follower counts before the change is committed")
                .isNotDone();
        p.followerFetched(2, 4, 1002);
        assertThat(p.highWatermark()).isEqualTo(4);
    }

    @Test
    void aFollowerThatStopsCatchingUpIsProposedToLeaveAndStillCountsUntilItHasLeft() throws IOException {
        Partition p = leaderOf(List.of(1, 2, 3), List.of(1, 2, 3), 1);
        long start = System.currentTimeMillis();
        p.followerFetched(2, 0, start);
        p.followerFetched(3, 0, start);
        long next = append(p, 2);
        CompletableFuture<Errors> acked = p.awaitReplicated(next);
        p.followerFetched(2, 2, start + 10);
        p.shrinkIsrIfLagging(start + 20_000, 30_000);
        assertThat(proposals).isEmpty();
        p.followerFetched(2, 2, start + 39_000);   // 2 keeps fetching at the log end; 3 went silent at offset 0
        p.shrinkIsrIfLagging(start + 40_000, 30_000);
        assertThat(proposals).containsExactly(List.of(1, 2));
        assertThat(acked).as("3 still counts while its leaving is in flight").isNotDone();
        PartitionRegistration shrunk = new PartitionRegistration(List.of(1, 2, 3), List.of(1, 2), List.of(), 1, 5, 1);
        answers.get(0).complete(shrunk);
        assertThat(p.highWatermark()).isEqualTo(2);
        assertThat(acked).isCompletedWithValue(Errors.NONE);
    }

    @Test
    void anIsrBelowTheMinimumRefusesAcksAllAndFailsTheWaitingOnesAfterTheAppend() throws IOException {
        Partition p = leaderOf(List.of(1, 2), List.of(1, 2), 2);
        assertThat(p.checkEnoughReplicas()).isEqualTo(Errors.NONE);
        long next = append(p, 1);
        CompletableFuture<Errors> acked = p.awaitReplicated(next);
        p.update(new PartitionRegistration(List.of(1, 2), List.of(1), List.of(), 1, 5, 1), 2000);
        assertThat(acked).isCompletedWithValue(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
        assertThat(p.checkEnoughReplicas()).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
    }

    @Test
    void losingTheLeadershipFailsTheWaitingWritesWithNotLeader() throws IOException {
        Partition p = leaderOf(List.of(1, 2), List.of(1, 2), 1);
        long next = append(p, 1);
        CompletableFuture<Errors> acked = p.awaitReplicated(next);
        p.update(new PartitionRegistration(List.of(1, 2), List.of(2), List.of(), 2, 6, 1), 2000);
        assertThat(acked).isCompletedWithValue(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(p.awaitReplicated(next)).isCompletedWithValue(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void nothingMoreIsCommittedWhileTheIsrIsBelowTheMinimum() throws IOException {
        Partition p = leaderOf(List.of(1, 2), List.of(1), 2);
        append(p, 3);
        assertThat(p.highWatermark()).as("KIP-966: the eligible replica must hold all below the HW").isZero();
        p.update(new PartitionRegistration(List.of(1, 2), List.of(1, 2), List.of(), 1, 5, 1), 2000);
        p.followerFetched(2, 3, 2001);
        assertThat(p.highWatermark()).isEqualTo(3);
    }

    @Test
    void aJoinAnsweredWithANewLeaderKeepsCountingTheJoiningReplicaUntilTheMetadataArrives() throws IOException {
        Partition p = leaderOf(List.of(1, 2, 3), List.of(1, 2), 1);
        append(p, 2);
        p.followerFetched(2, 2, 1000);
        p.followerFetched(3, 2, 1000);
        assertThat(proposals).containsExactly(List.of(1, 2, 3));
        // e.g. a reassignment to [3, 2] completes with this join: leader 3, new leader epoch
        answers.get(0).complete(new PartitionRegistration(List.of(3, 2), List.of(3, 2), List.of(), 3, 6, 1));
        long next = append(p, 1);
        p.followerFetched(2, next, 1001);
        assertThat(p.awaitReplicated(next)).as("3, maybe the new leader, does not have it").isNotDone();
    }
}
