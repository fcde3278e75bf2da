package io.tributary.log.bench;

import io.tributary.log.AppendOrigin;
import io.tributary.log.Log;
import io.tributary.log.LogAppendInfo;
import io.tributary.log.LogManager;
import io.tributary.log.TopicPartition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The log under test for appends: a partition log created by a {@link LogManager} in a scratch directory (so
 * removed segments are deleted on a background thread, as in the broker), appended to as leader with client
 * origin, so every batch is validated, CRC included. Each iteration starts with a new, empty log, and deletes it
 * afterwards, outside the measured time. Segments roll every {@link BenchLogs#SEGMENT_BYTES}; after each
 * segment's worth of appends, retention removes the oldest beyond {@link BenchLogs#RETAINED_SEGMENTS} (on the
 * append thread it only renames them). Disk use stays under about 650 MiB however long the iteration.
 */
@State(Scope.Thread)
public class LogAppender {

    private ScratchDirectory dir;
    private BackgroundThread background;
    private LogManager manager;
    private int iteration;
    private Log log;
    private long bytesSinceRetention;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = ScratchDirectory.create("append-");
        background = new BackgroundThread();
        manager = new LogManager(List.of(dir.path()), Clock.systemUTC(), background.executor());
    }

    @Setup(Level.Iteration)
    public void createLog() {
        log = manager.getOrCreate(new TopicPartition("bench", iteration++), BenchLogs.config());
        bytesSinceRetention = 0;
    }

    LogAppendInfo append(ByteBuffer batch) {
        LogAppendInfo info = log.appendAsLeader(batch, 0, AppendOrigin.CLIENT);
        bytesSinceRetention += batch.remaining();
        if (bytesSinceRetention >= BenchLogs.SEGMENT_BYTES) {
            log.deleteRetainedSegments();
            bytesSinceRetention = 0;
        }
        return info;
    }

    @TearDown(Level.Iteration)
    public void deleteLog() throws IOException {
        System.out.print("(" + log + ") ");
        log.delete();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        background.close();
        dir.close();
    }
}
