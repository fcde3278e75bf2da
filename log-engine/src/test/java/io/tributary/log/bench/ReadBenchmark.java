package io.tributary.log.bench;

import io.tributary.log.FetchDataInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Sequential reads of a partition log, one fetch of up to 1 MiB per operation, front to back and around again
 * (see {@link FilledLog}); the {@code :megabytes} secondary result is the MB/s of whole batches read (see
 * {@link ByteThroughput}).
 *
 * <ul>
 *   <li>{@code transferTo}: {@code Log.read}, then the returned file slice sent with {@code FileChannel.transferTo}
 *       to a discarding channel (the broker's zero-copy fetch path);</li>
 *   <li>{@code heap}: {@code Log.read}, then {@code FileSlice.readAll()} into a new heap buffer (the path of
 *       callers that need the bytes);</li>
 *   <li>{@code transferToKnownSlices}: the same slices sent without calling {@code Log.read} (their positions were
 *       found once before the run), so the difference to {@code transferTo} is the cost of the log's lookup.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadBenchmark {

    @Benchmark
    public long transferTo(FilledLog log, DiscardSink sink, ByteThroughput throughput) throws IOException {
        FetchPlan.Fetch fetch = log.nextFetch();
        FetchDataInfo info = log.read(fetch);
        throughput.add(fetch.wholeBatchBytes());
        return sink.send(info.records());
    }

    @Benchmark
    public ByteBuffer heap(FilledLog log, ByteThroughput throughput) {
        FetchPlan.Fetch fetch = log.nextFetch();
        FetchDataInfo info = log.read(fetch);
        throughput.add(fetch.wholeBatchBytes());
        return info.records().readAll();
    }

    @Benchmark
    public long transferToKnownSlices(FilledLog log, DiscardSink sink, ByteThroughput throughput)
            throws IOException {
        FetchPlan.Fetch fetch = log.nextFetch();
        throughput.add(fetch.wholeBatchBytes());
        return sink.send(fetch.slice());
    }
}
