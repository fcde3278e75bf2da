package io.tributary.broker.share;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.CoordinatorLog;
import io.tributary.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The share coordinator's answers, fencing and replay over an in-memory {@code __share_group_state}. */
class ShareCoordinatorTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final UUID TOPIC = new UUID(7, 11);
    private static final SharePartitionKey KEY = new SharePartitionKey("g1", TOPIC, 0);
    private static final SharePartitionKey OTHER = new SharePartitionKey("g2", TOPIC, 3);

    /** Partitions in memory: each a list of key/value records in offset order. */
    private final Map<Integer, List<CoordinatorLog.Entry>> partitions = new HashMap<>();
    private final CoordinatorLog log = new CoordinatorLog() {
        @Override
        public long append(int partition, Writer writer, List<Entry> records, long nowMs) {
            List<Entry> p = partitions.computeIfAbsent(partition, k -> new ArrayList<>());
            long base = p.size();
            p.addAll(records);
            return base;
        }

        @Override
        public void replay(int partition, Visitor visitor) {
            List<Entry> p = partitions.getOrDefault(partition, List.of());
            for (int i = 0; i < p.size(); i++) {
                Entry e = p.get(i);
                visitor.record(i, -1, e.key().duplicate(), e.value() == null ? null : e.value().duplicate());
            }
        }
    };
    private boolean leading = true;
    private ShareCoordinator coordinator;

    @BeforeEach
    void start() {
        coordinator = newCoordinator();
        coordinator.load(0);
        coordinator.load(1);
    }

    /** Two partitions: KEY's state lives in 0, OTHER's in 1. */
    private ShareCoordinator newCoordinator() {
        return new ShareCoordinator(log, k -> k.groupId().equals("g1") ? 0 : 1, p -> leading);
    }

    private static <T> T ok(CompletableFuture<T> f) {
        return f.join();
    }

    private static Errors error(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            return ((ShareStateException) e.getCause()).error();
        }
        throw new AssertionError("no error");
    }

    private static ShareState state(int stateEpoch, int leaderEpoch, long start) {
        return new ShareState(stateEpoch, leaderEpoch, start, List.of(
                new ShareState.StateBatch(start, start + 4, RecordState.ACKNOWLEDGED.id(), (short) 1),
                new ShareState.StateBatch(start + 5, start + 9, RecordState.AVAILABLE.id(), (short) 2),
                new ShareState.StateBatch(start + 10, start + 11, RecordState.ARCHIVED.id(), (short) 5)));
    }

    @Test
    void nothingStoredReadsAsNullAndWritesNoRecord() {
        assertThat(ok(coordinator.read(KEY, 3, NOW))).isNull();
        assertThat(ok(coordinator.summary(KEY))).isNull();
        assertThat(partitions.getOrDefault(0, List.of())).isEmpty();
    }

    @Test
    void initializedStateReadsBackWithoutBatches() {
        ok(coordinator.initialize(KEY, 1, 42, NOW));
        assertThat(ok(coordinator.read(KEY, -1, NOW))).isEqualTo(new ShareState(1, -1, 42, List.of()));
    }

    @Test
    void writeReplacesTheWholeSnapshot() {
        ok(coordinator.initialize(KEY, 1, 0, NOW));
        ok(coordinator.write(KEY, state(1, 0, 100), NOW));
        ok(coordinator.write(KEY, new ShareState(1, 0, 110, List.of()), NOW));
        assertThat(ok(coordinator.read(KEY, 0, NOW))).isEqualTo(new ShareState(1, 0, 110, List.of()));
    }

    @Test
    void readWithANewerLeaderEpochTakesOverAndFencesTheOldLeader() {
        ok(coordinator.initialize(KEY, 1, 0, NOW));
        ok(coordinator.write(KEY, state(1, 4, 10), NOW));
        ShareState taken = ok(coordinator.read(KEY, 5, NOW));
        assertThat(taken).isEqualTo(new ShareState(1, 5, 10, state(1, 4, 10).batches()));

        assertThat(error(coordinator.write(KEY, state(1, 4, 20), NOW))).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(error(coordinator.read(KEY, 4, NOW))).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        ok(coordinator.write(KEY, state(1, 5, 20), NOW));
        assertThat(ok(coordinator.read(KEY, 5, NOW)).startOffset()).isEqualTo(20);
    }

    @Test
    void takeoverIsDurable() {
        ok(coordinator.initialize(KEY, 1, 0, NOW));
        ok(coordinator.read(KEY, 7, NOW));
        ShareCoordinator elsewhere = newCoordinator();
        elsewhere.load(0);
        assertThat(error(elsewhere.write(KEY, state(1, 6, 0), NOW))).isEqualTo(Errors.FENCED_LEADER_EPOCH);
    }

    @Test
    void writeWithAnOlderStateEpochIsFenced() {
        ok(coordinator.initialize(KEY, 1, 0, NOW));
        ok(coordinator.write(KEY, state(1, 2, 10), NOW));
        ok(coordinator.initialize(KEY, 2, 50, NOW));   // AlterShareGroupOffsets: the state epoch moves on

        assertThat(error(coordinator.write(KEY, state(1, 2, 30), NOW))).isEqualTo(Errors.FENCED_STATE_EPOCH);
        assertThat(error(coordinator.initialize(KEY, 1, 0, NOW))).isEqualTo(Errors.FENCED_STATE_EPOCH);
        ShareState now = ok(coordinator.read(KEY, 2, NOW));
        assertThat(now).isEqualTo(new ShareState(2, 2, 50, List.of()));
    }

    @Test
    void writeOfAnUninitializedSharePartitionIsRefused() {
        assertThat(error(coordinator.write(KEY, state(0, 0, 0), NOW))).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void deleteThenReadIsNullAndAStaleWriteCannotBringItBack() {
        ok(coordinator.initialize(KEY, 1, 0, NOW));
        ok(coordinator.write(KEY, state(1, 3, 10), NOW));
        ok(coordinator.delete(KEY, NOW));
        assertThat(ok(coordinator.read(KEY, 3, NOW))).isNull();
        assertThat(error(coordinator.write(KEY, state(1, 3, 20), NOW))).isEqualTo(Errors.INVALID_REQUEST);
        ok(coordinator.delete(KEY, NOW));   // nothing stored: no error
        assertThat(partitions.get(0).get(partitions.get(0).size() - 1).value()).isNull();
    }

    @Test
    void summaryCountsDoneOffsets() {
        ok(coordinator.initialize(KEY, 1, 0, NOW));
        ok(coordinator.write(KEY, state(1, 3, 100), NOW));
        assertThat(ok(coordinator.summary(KEY))).isEqualTo(new ShareStateSummary(1, 3, 100, 5 + 2));
    }

    @Test
    void replayAfterUnloadAndLoadRebuildsTheSameState() {
        ok(coordinator.initialize(KEY, 1, 0, NOW));
        ok(coordinator.write(KEY, state(1, 3, 100), NOW));
        ok(coordinator.read(KEY, 4, NOW));
        ok(coordinator.initialize(OTHER, 2, 7, NOW));
        ok(coordinator.write(OTHER, state(2, 0, 8), NOW));
        ok(coordinator.initialize(new SharePartitionKey("g1", TOPIC, 9), 0, 0, NOW));
        ok(coordinator.delete(new SharePartitionKey("g1", TOPIC, 9), NOW));
        ShareState key = ok(coordinator.read(KEY, -1, NOW));
        ShareState other = ok(coordinator.read(OTHER, -1, NOW));

        coordinator.unload(0);
        coordinator.unload(1);
        coordinator.load(0);
        coordinator.load(1);
        assertThat(ok(coordinator.read(KEY, -1, NOW))).isEqualTo(key);
        assertThat(ok(coordinator.read(OTHER, -1, NOW))).isEqualTo(other);
        assertThat(ok(coordinator.read(new SharePartitionKey("g1", TOPIC, 9), -1, NOW))).isNull();

        ShareCoordinator fresh = newCoordinator();
        fresh.load(0);
        fresh.load(1);
        assertThat(ok(fresh.read(KEY, -1, NOW))).isEqualTo(key);
        assertThat(ok(fresh.read(OTHER, -1, NOW))).isEqualTo(other);
    }

    @Test
    void keysOfPartitionsNotLoadedHereAreRefused() {
        coordinator.unload(1);
        assertThat(error(coordinator.read(OTHER, 0, NOW))).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        leading = false;
        assertThat(error(coordinator.summary(OTHER))).isEqualTo(Errors.NOT_COORDINATOR);
        ok(coordinator.initialize(KEY, 0, 0, NOW));   // partition 0 still answers
    }

    @Test
    void unreadableRecordsAreSkippedOnLoad() {
        partitions.computeIfAbsent(0, k -> new ArrayList<>()).add(new CoordinatorLog.Entry(
                ByteBuffer.wrap(new byte[] {0, 9}), ByteBuffer.wrap(new byte[] {1})));
        ok(coordinator.initialize(KEY, 1, 5, NOW));
        coordinator.load(0);
        assertThat(ok(coordinator.read(KEY, -1, NOW)).startOffset()).isEqualTo(5);
    }

    @Test
    void recordsRoundTrip() {
        ShareState s = state(3, 9, 1234);
        assertThat(ShareStateRecords.readKey(ShareStateRecords.key(KEY))).isEqualTo(KEY);
        assertThat(ShareStateRecords.readValue(ShareStateRecords.value(s))).isEqualTo(s);
        assertThat(ShareStateRecords.key(KEY).remaining()).isEqualTo(2 + 2 + 2 + 16 + 4);
        assertThat(ShareStateRecords.value(s).remaining()).isEqualTo(2 + 4 + 4 + 8 + 4 + 3 * 19);
    }
}
