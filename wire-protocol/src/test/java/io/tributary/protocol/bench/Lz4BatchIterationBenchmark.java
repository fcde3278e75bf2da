package io.tributary.protocol.bench;

import io.tributary.protocol.record.CompressionType;
import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatch;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Iterating every record of one lz4 batch holding 1 MiB of record data (1,024 records of 1 KiB, text-like so it
 * compresses as real payloads do): decompression plus record parsing, as a consumer-side or compaction reader
 * does. The broker's produce path never does this (it validates the batch CRC and appends the bytes as they are).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Lz4BatchIterationBenchmark {

    private ByteBuffer batch;

    @Setup
    public void setUp() {
        Random random = new Random(3);
        String[] words = {"order", "customer", "amount", "currency", "EUR", "USD", "status", "shipped", "pending"};
        RecordBatchBuilder builder = new RecordBatchBuilder().compression(CompressionType.LZ4);
        for (int i = 0; i < 1024; i++) {
            StringBuilder value = new StringBuilder();
            while (value.length() < 1024) {
                value.append(words[random.nextInt(words.length)]).append(random.nextInt(100_000)).append(' ');
            }
            builder.add(RecordData.of(1_700_000_000_000L + i, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    value.substring(0, 1024).getBytes(StandardCharsets.UTF_8)));
        }
        batch = builder.build();
    }

    @Benchmark
    public long tributary() {
        long sum = 0;
        Iterator<Record> records = RecordBatch.wrap(batch.duplicate()).records();
        while (records.hasNext()) {
            sum += records.next().value().remaining();
        }
        return sum;
    }

    /** Baseline: kafka-clients' own batch reader over the same bytes. */
    @Benchmark
    public long kafkaClients() {
        long sum = 0;
        for (org.apache.kafka.common.record.internal.RecordBatch b
                : org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(batch.duplicate()).batches()) {
            for (org.apache.kafka.common.record.internal.Record r : b) {
                sum += r.valueSize();
            }
        }
        return sum;
    }
}
