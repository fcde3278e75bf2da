package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch-time truncation between two real logs, the way a leader ({@link LeaderEpochCache#divergence}) and a
 * follower ({@link LeaderEpochCache#divergencePoint}) run it: the follower asks with its last epoch and log end,
 * truncates where it is told, and asks again until the leader finds nothing to object to; then the follower's log
 * is a prefix of the leader's, and replicating the rest makes them equal. Records a follower alone wrote as an earlier leader are
 * dropped; records both hold are never dropped.
 */
class DivergenceTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);
    private Log leader;
    private Log follower;

    @AfterEach
    void close() throws IOException {
        leader.close();
        follower.close();
    }

    private Log open(String name) throws IOException {
        return Log.open(dir.resolve(name), LogConfig.defaults(), 0, 0, clock);
    }

    private static void append(Log log, int epoch, String... values) {
        log.appendAsLeader(TestBatches.batch(NOW, values), epoch, AppendOrigin.CLIENT);
    }

    /** Runs the fetch-time truncation protocol; returns how many truncations it took. */
    private int reconcile() {
        int rounds = 0;
        while (true) {
            LeaderEpochCache.EpochEnd answer = leader.leaderEpochCache().divergence(
                    follower.leaderEpochCache().latestEpoch(), follower.logEndOffset(), leader.logEndOffset());
            if (answer == null) {
                return rounds;
            }
            follower.truncateTo(follower.leaderEpochCache().divergencePoint(answer, follower.logEndOffset()));
            rounds++;
            assertThat(rounds).as("the protocol converges").isLessThan(10);
        }
    }

    /** Copies what the leader has past the follower's end, as a fetch would. */
    private void replicateRest() {
        FetchDataInfo data = leader.read(follower.logEndOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, true);
        if (!data.isEmpty()) {
            ByteBuffer bytes = data.records().readAll();
            follower.appendAsFollower(bytes);
        }
    }

    @Test
    void aSuffixOnlyTheFollowerWroteAsAnEarlierLeaderIsDroppedAndReplacedByTheLeaders() throws IOException {
        leader = open("leader-0");
        follower = open("follower-0");
        // epoch 0: both hold a, b. Epoch 1: the follower led and wrote x, y, z nobody copied. Epoch 2: the leader c, d.
        append(leader, 0, "a", "b");
        replicate();
        append(follower, 1, "x", "y", "z");
        leader.assignEpochStartOffset(2);
        append(leader, 2, "c", "d");

        assertThat(reconcile()).isPositive();
        assertThat(TestBatches.readAll(follower)).containsExactly("0:a", "1:b");
        replicateRest();
        assertThat(TestBatches.readAll(follower)).isEqualTo(TestBatches.readAll(leader));
    }

    @Test
    void aFollowerThatIsOnlyBehindKeepsEverything() throws IOException {
        leader = open("leader-0");
        follower = open("follower-0");
        append(leader, 0, "a", "b");
        replicate();
        leader.assignEpochStartOffset(3);
        append(leader, 3, "c");
        append(leader, 3, "d");

        assertThat(reconcile()).isZero();
        assertThat(TestBatches.readAll(follower)).containsExactly("0:a", "1:b");
        replicateRest();
        assertThat(TestBatches.readAll(follower)).isEqualTo(TestBatches.readAll(leader));
    }

    @Test
    void aLongerDivergentHistoryIsWalkedBackEpochByEpoch() throws IOException {
        leader = open("leader-0");
        follower = open("follower-0");
        append(leader, 0, "a");
        replicate();
        // The follower led epochs 1 and 3 alone; the leader has epochs 2 and 4 the follower never saw.
        append(follower, 1, "f1", "f1'");
        append(follower, 3, "f3");
        leader.assignEpochStartOffset(2);
        append(leader, 2, "l2");
        leader.assignEpochStartOffset(4);
        append(leader, 4, "l4", "l4'", "l4''");

        reconcile();
        assertThat(TestBatches.readAll(follower)).containsExactly("0:a");
        replicateRest();
        assertThat(TestBatches.readAll(follower)).isEqualTo(TestBatches.readAll(leader));
        assertThat(List.of(follower.leaderEpochCache().latestEpoch())).containsExactly(4);
    }

    /** Makes the follower hold exactly what the leader holds so far. */
    private void replicate() {
        replicateRest();
        assertThat(TestBatches.readAll(follower)).isEqualTo(TestBatches.readAll(leader));
    }
}
