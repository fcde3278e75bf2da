package io.tributary.log.bench;

import io.tributary.log.LogAppendInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Append throughput of a partition log against the raw sequential-write bandwidth of the same disk. One operation
 * appends one batch; the {@code :megabytes} secondary result is the MB/s (see {@link ByteThroughput}).
 *
 * <ul>
 *   <li>{@code log}: {@code Log.appendAsLeader} of a producer batch (validation, CRC, offsets patched in place,
 *       one write, sparse index entries, segment rolls and retention);</li>
 *   <li>{@code rawWrite}: {@code FileChannel.write} of the same bytes to plain files rotated the same way, with
 *       and without an fsync per file (see {@link RawFileAppender}).</li>
 * </ul>
 * Each iteration starts on a new, empty log or file. The same buffer is appended again and again: the log rewrites
 * its base offset each time, and its CreateTime stays in the default window
 * ({@code message.timestamp.before.max.ms} is unbounded).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {

    /** Target batch size; see {@link ProducerBatch} for the exact bytes. */
    @Param({"1024", "65536"})
    public int batchBytes;

    private ByteBuffer batch;

    @Setup(Level.Trial)
    public void buildBatch() {
        batch = ProducerBatch.of(batchBytes, System.currentTimeMillis(), 42);
        System.out.println(ProducerBatch.describe(batch));
    }

    @Benchmark
    public LogAppendInfo log(LogAppender log, ByteThroughput throughput) {
        LogAppendInfo info = log.append(batch);
        throughput.add(batch.remaining());
        return info;
    }

    @Benchmark
    public void rawWrite(RawFileAppender file, ByteThroughput throughput) throws IOException {
        file.append(batch);
        throughput.add(batch.remaining());
    }
}
