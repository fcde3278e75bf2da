package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.AppendOrigin;
import io.tributary.log.FetchDataInfo;
import io.tributary.log.Log;
import io.tributary.log.LogConfig;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.ControlRecordType;
import io.tributary.protocol.record.EndTransactionMarker;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's batches through a real (compacted) partition log: the log engine takes a transactional
 * coordinator batch with base sequence -1 and the marker after it, its last stable offset follows the transaction,
 * and the batches read back hand on records with their producer and markers in log order.
 */
class PartitionCoordinatorLogTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path dir;
    private Log log;

    /** The coordinator's view of the one offsets partition (0) held by {@link #log}. */
    private final CoordinatorLog onLog = new CoordinatorLog() {
        @Override
        public long append(int partition, Writer writer, List<Entry> records, long nowMs) {
            return log.appendAsLeader(PartitionCoordinatorLog.batch(writer, records, nowMs), 0,
                    AppendOrigin.COORDINATOR).firstOffset();
        }

        @Override
        public void replay(int partition, Visitor visitor) {
            FetchDataInfo read = log.read(log.logStartOffset(), Integer.MAX_VALUE, log.logEndOffset(), true);
            if (read.isEmpty()) {
                return;
            }
            for (RecordBatch batch : Batches.strict(read.records().readAll()).toList()) {
                PartitionCoordinatorLog.visit(batch, log.logStartOffset(), "offsets-0", visitor);
            }
        }
    };

    @BeforeEach
    void open() throws Exception {
        log = Log.open(dir, LogConfig.fromProperties(Map.of("cleanup.policy", "compact")), 0, 0,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        log.close();
    }

    private GroupCoordinator coordinator() {
        GroupConfig config = new GroupConfig(1, (short) 1, 1 << 20, 3_000, 1000, 60_000, 4096, 10_000, 1000,
                List.of("uniform", "range"), 60_000, 1_000);
        GroupCoordinator c = new GroupCoordinator(config, onLog, g -> 0, () -> "id");
        c.load(0);
        return c;
    }

    /** A marker as the transaction coordinator's writer appends it. */
    private void appendMarker(long producerId, short epoch, boolean commit) {
        ControlRecordType type = commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT;
        ByteBuffer batch = new RecordBatchBuilder().producer(producerId, epoch, RecordBatch.NO_SEQUENCE)
                .transactional(true).control(true)
                .add(new RecordData(NOW, type.toKey(), new EndTransactionMarker(type, 0).toValue(), List.of()))
                .build();
        log.appendAsLeader(batch, 0, AppendOrigin.COORDINATOR);
    }

    private Map<TopicPartition, Errors> txnCommit(GroupCoordinator c, long producerId, long offset) {
        return c.commitTransactionalOffsets(producerId, (short) 3, "g", -1, "", null,
                Map.of(TP, new CommittedOffset(offset, -1, "", -1)), (short) 5, NOW);
    }

    @Test
    void theLogTakesTheTransactionalBatchAndItsMarkerAndTheLastStableOffsetFollows() {
        GroupCoordinator c = coordinator();
        c.commitOffsets("g", -1, "", null, Map.of(TP, new CommittedOffset(1, -1, "", -1)), (short) 9, NOW);
        assertThat(txnCommit(c, 7, 10)).containsEntry(TP, Errors.NONE);
        assertThat(log.firstUnstableOffset()).as("the open transaction holds the stable offset").isEqualTo(1);

        appendMarker(7, (short) 3, true);
        c.completeTransaction(0, 7, true);
        assertThat(log.firstUnstableOffset()).isEqualTo(-1);
        assertThat(c.fetchOffsets("g", List.of(TP)).get(TP).offset()).isEqualTo(10);
    }

    @Test
    void replayingTheBytesRebuildsCommittedAndPendingOffsets() {
        GroupCoordinator c = coordinator();
        txnCommit(c, 7, 10);
        appendMarker(7, (short) 3, true);
        txnCommit(c, 8, 20);
        appendMarker(8, (short) 3, false);
        txnCommit(c, 9, 30);     // still open

        List<String> events = new ArrayList<>();
        onLog.replay(0, new CoordinatorLog.Visitor() {
            @Override
            public void record(long offset, long producerId, ByteBuffer key, ByteBuffer value) {
                events.add(offset + ":record:" + producerId);
            }

            @Override
            public void marker(long producerId, boolean commit) {
                events.add("marker:" + producerId + ":" + (commit ? "commit" : "abort"));
            }
        });
        assertThat(events).containsExactly("0:record:7", "marker:7:commit", "2:record:8", "marker:8:abort",
                "4:record:9");

        GroupCoordinator reloaded = coordinator();
        assertThat(reloaded.fetchOffsets("g", List.of(TP)).get(TP).offset()).isEqualTo(10);
        assertThat(reloaded.pendingTransactionalPartitions("g")).containsExactly(TP);
    }
}
