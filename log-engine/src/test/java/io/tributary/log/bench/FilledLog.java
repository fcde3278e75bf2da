package io.tributary.log.bench;

import io.tributary.log.AppendOrigin;
import io.tributary.log.FetchDataInfo;
import io.tributary.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The log under test for reads: {@link #LOG_BYTES} of producer batches in {@link BenchLogs#SEGMENT_BYTES}
 * segments, appended and flushed before the trial, and the {@link FetchPlan} of reading it front to back in
 * fetches of {@link #FETCH_BYTES} (Kafka's default {@code max.partition.fetch.bytes}). The data was just written,
 * so reads come from the page cache, as a consumer near the tail reads.
 */
@State(Scope.Thread)
public class FilledLog {

    /** Bytes of batches in the log. */
    static final long LOG_BYTES = 384L << 20;
    /** The byte limit of each fetch. */
    static final int FETCH_BYTES = 1 << 20;

    /** Target batch size of the data; see {@link ProducerBatch}. */
    @Param({"1024", "65536"})
    public int batchBytes;

    private ScratchDirectory dir;
    private Log log;
    private FetchPlan plan;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = ScratchDirectory.create("read-");
        log = Log.open(dir.path().resolve("bench-0"), BenchLogs.config(), 0, 0, Clock.systemUTC());
        ByteBuffer batch = ProducerBatch.of(batchBytes, System.currentTimeMillis(), 42);
        long written = 0;
        while (written < LOG_BYTES) {
            log.appendAsLeader(batch, 0, AppendOrigin.CLIENT);
            written += batch.remaining();
        }
        log.flush();
        plan = FetchPlan.of(log, FETCH_BYTES);
        System.out.println(ProducerBatch.describe(batch) + "; " + log + "; " + plan.size() + " fetches front to back");
    }

    /** The next fetch of the plan. */
    FetchPlan.Fetch nextFetch() {
        return plan.next();
    }

    /** What the log returns for a fetch, bounded by the log end as a fetch is by the high watermark. */
    FetchDataInfo read(FetchPlan.Fetch fetch) {
        return log.read(fetch.startOffset(), FETCH_BYTES, log.logEndOffset(), true);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        log.delete();
        dir.close();
    }
}
