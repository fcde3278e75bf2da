package io.tributary.protocol.bench;

import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.ProduceRequestData;
import io.tributary.protocol.message.RequestHeaderData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding a 1 MiB Produce request (header and body) from its frame, as the broker does for every produce:
 * the record payloads are sliced, not copied, so the cost is the framing around them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProduceRequestParseBenchmark {

    /** How the 1 MiB is split: one partition, or many partitions of several topics. */
    @Param({"1", "64"})
    public int partitions;

    private ByteBuffer frame;

    @Setup
    public void setUp() {
        short version = 12;
        int perPartition = (1 << 20) / partitions;
        Random random = new Random(1);
        List<ProduceRequestData.TopicProduceData> topics = new ArrayList<>();
        int topicCount = Math.max(1, partitions / 8);
        for (int t = 0; t < topicCount; t++) {
            List<ProduceRequestData.PartitionProduceData> parts = new ArrayList<>();
            for (int p = 0; p < partitions / topicCount; p++) {
                byte[] records = new byte[perPartition];
                random.nextBytes(records);
                parts.add(new ProduceRequestData.PartitionProduceData().setIndex(p).setRecords(new HeapRecords(ByteBuffer.wrap(records))));
            }
            topics.add(new ProduceRequestData.TopicProduceData().setName("topic-" + t).setPartitionData(parts));
        }
        ProduceRequestData body = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000)
                .setTopicData(topics);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKey.PRODUCE.id())
                .setRequestApiVersion(version).setCorrelationId(1).setClientId("producer-1");
        ByteBuffer withSize = RequestFrame.encode(header, body);
        frame = withSize.position(4).slice();
    }

    @Benchmark
    public RequestFrame tributary() {
        return RequestFrame.decode(frame.duplicate());
    }

    /** Baseline: kafka-clients' own parsing of the same frame (header, then body). */
    @Benchmark
    public Object kafkaClients() {
        ByteBuffer buffer = frame.duplicate();
        org.apache.kafka.common.requests.RequestHeader header =
                org.apache.kafka.common.requests.RequestHeader.parse(buffer);
        return new org.apache.kafka.common.message.ProduceRequestData(
                new org.apache.kafka.common.protocol.ByteBufferAccessor(buffer), header.apiVersion());
    }
}
