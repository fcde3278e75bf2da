package io.tributary.protocol.bench;

import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.frame.ResponseFrame;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.FetchResponseData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding the framing of a Fetch response for 100 partitions (response header, topic id, per-partition high
 * watermark, offsets, aborted transactions, record-set lengths): what the broker writes around the record bytes
 * that go out by sendfile. Record sets are empty here so the figure is the framing alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FetchResponseEncodeBenchmark {

    private static final short VERSION = 17;

    private FetchResponseData response;
    private org.apache.kafka.common.message.FetchResponseData kafkaResponse;

    @Setup
    public void setUp() {
        List<FetchResponseData.PartitionData> partitions = new ArrayList<>();
        for (int p = 0; p < 100; p++) {
            partitions.add(new FetchResponseData.PartitionData().setPartitionIndex(p).setHighWatermark(1_000_000L + p)
                    .setLastStableOffset(1_000_000L + p).setLogStartOffset(0).setRecords(new HeapRecords(ByteBuffer.allocate(0))));
        }
        List<FetchResponseData.FetchableTopicResponse> topics = new ArrayList<>();
        topics.add(new FetchResponseData.FetchableTopicResponse().setTopicId(new UUID(1, 2)).setPartitions(partitions));
        response = new FetchResponseData().setSessionId(7).setResponses(topics);

        org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse kafkaTopic =
                new org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse()
                        .setTopicId(new org.apache.kafka.common.Uuid(1, 2));
        for (int p = 0; p < 100; p++) {
            kafkaTopic.partitions().add(new org.apache.kafka.common.message.FetchResponseData.PartitionData()
                    .setPartitionIndex(p).setHighWatermark(1_000_000L + p).setLastStableOffset(1_000_000L + p)
                    .setLogStartOffset(0).setRecords(org.apache.kafka.common.record.internal.MemoryRecords.EMPTY));
        }
        kafkaResponse = new org.apache.kafka.common.message.FetchResponseData().setSessionId(7);
        kafkaResponse.responses().add(kafkaTopic);
    }

    @Benchmark
    public ByteBuffer tributary() {
        return ResponseFrame.encode(42, ApiKey.FETCH, VERSION, response);
    }

    /** Baseline: kafka-clients' own serialization of the same response with its header. */
    @Benchmark
    public ByteBuffer kafkaClients() {
        return org.apache.kafka.common.requests.RequestUtils.serialize(
                new org.apache.kafka.common.message.ResponseHeaderData().setCorrelationId(42), (short) 1,
                kafkaResponse, VERSION);
    }
}
