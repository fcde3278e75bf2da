package io.tributary.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.EncodedChunks;
import io.tributary.protocol.FileRecords;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.Records;
import io.tributary.protocol.conformance.HexDump;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.FetchResponseData;
import io.tributary.protocol.message.ProduceRequestData;
import io.tributary.protocol.message.RequestHeaderData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-copy seam: a Fetch response encoded as chunks, with record sets from the heap and from a segment-like
 * file, is byte for byte the single-buffer encoding and kafka-clients' own, in every Fetch version; file-backed
 * record sets stay references to the file.
 */
class ChunkedFetchResponseTest {

    private static final int CORRELATION_ID = 4242;
    private static final UUID ORDERS = new UUID(11, 12);
    private static final UUID PAYMENTS = new UUID(21, 22);

    @TempDir
    Path dir;

    private FileChannel segment;
    private ByteBuffer segmentBytes;

    /** One partition of the response: its record set as we hold it and the same bytes in the heap. */
    private record Part(int index, Records records, ByteBuffer bytes) {
    }

    @BeforeEach
    void writeSegment() throws IOException {
        ByteBuffer file = ByteBuffer.allocate(64 + batch(0, 3).remaining() + batch(3, 400).remaining());
        file.put(new byte[64]).put(batch(0, 3)).put(batch(3, 400)).flip();
        segmentBytes = file.duplicate();
        Path path = dir.resolve("00000000000000000000.log");
        Files.write(path, toArray(file));
        segment = FileChannel.open(path, StandardOpenOption.READ);
    }

    @AfterEach
    void closeSegment() throws IOException {
        segment.close();
    }

    /** {@code count} records from {@code baseOffset}, as Kafka's producer would write them. */
    private static ByteBuffer batch(long baseOffset, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1_700_000_000_000L + i, ("k" + i).getBytes(), ("value-" + i).repeat(20).getBytes());
        }
        return MemoryRecords.withRecords(baseOffset, Compression.NONE, records).buffer();
    }

    private FileRecords fileSlice(int position, int length) {
        return new FileRecords(segment, position, length);
    }

    private ByteBuffer fileBytes(FileRecords slice) {
        return segmentBytes.duplicate().position((int) slice.position()).limit((int) slice.position() + slice.length())
                .slice();
    }

    private Part file(int index, int position, int length) {
        FileRecords slice = fileSlice(position, length);
        return new Part(index, slice, fileBytes(slice));
    }

    private static Part heap(int index, ByteBuffer bytes) {
        return new Part(index, new HeapRecords(bytes), bytes);
    }

    /** Two topics mixing heap, file-backed (whole segment, one batch, a batch cut short), empty and null record sets. */
    private List<List<Part>> layout() {
        int first = batch(0, 3).remaining();
        return List.of(
                List.of(heap(0, batch(100, 2)), file(1, 64, first), new Part(2, null, null),
                        heap(3, ByteBuffer.allocate(0)), file(4, 64 + first, 300)),
                List.of(file(0, 64, (int) segmentSize()), heap(1, batch(7, 50)), file(2, 64 + first, 0)));
    }

    private long segmentSize() {
        return segmentBytes.remaining() - 64;
    }

    private static FetchResponseData ours(List<List<Part>> topics, short version) {
        List<FetchResponseData.FetchableTopicResponse> responses = new ArrayList<>();
        for (int t = 0; t < topics.size(); t++) {
            List<FetchResponseData.PartitionData> partitions = new ArrayList<>();
            for (Part p : topics.get(t)) {
                FetchResponseData.PartitionData data = new FetchResponseData.PartitionData()
                        .setPartitionIndex(p.index()).setErrorCode(p.records() == null ? (short) 6 : 0)
                        .setHighWatermark(1000 + p.index()).setLastStableOffset(900 + p.index())
                        .setLogStartOffset(p.index()).setRecords(p.records())
                        .setAbortedTransactions(p.index() % 2 == 0 ? null : List.of(
                                new FetchResponseData.AbortedTransaction().setProducerId(77).setFirstOffset(5)));
                if (version >= 11) {
                    data.setPreferredReadReplica(p.index() == 1 ? 3 : -1);
                }
                if (version >= 12) {
                    data.setCurrentLeader(new FetchResponseData.LeaderIdAndEpoch().setLeaderId(2).setLeaderEpoch(9));
                }
                partitions.add(data);
            }
            responses.add(new FetchResponseData.FetchableTopicResponse().setTopic(t == 0 ? "orders" : "payments")
                    .setTopicId(t == 0 ? ORDERS : PAYMENTS).setPartitions(partitions));
        }
        FetchResponseData response = new FetchResponseData().setThrottleTimeMs(5).setResponses(responses);
        if (version >= 7) {
            response.setSessionId(31);
        }
        return response;
    }

    private static org.apache.kafka.common.message.FetchResponseData kafkas(List<List<Part>> topics, short version) {
        var response = new org.apache.kafka.common.message.FetchResponseData().setThrottleTimeMs(5);
        if (version >= 7) {
            response.setSessionId(31);
        }
        for (int t = 0; t < topics.size(); t++) {
            UUID id = t == 0 ? ORDERS : PAYMENTS;
            var topic = new org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse()
                    .setTopic(t == 0 ? "orders" : "payments")
                    .setTopicId(new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits()));
            for (Part p : topics.get(t)) {
                var data = new org.apache.kafka.common.message.FetchResponseData.PartitionData()
                        .setPartitionIndex(p.index()).setErrorCode(p.records() == null ? (short) 6 : 0)
                        .setHighWatermark(1000 + p.index()).setLastStableOffset(900 + p.index())
                        .setLogStartOffset(p.index())
                        .setRecords(p.bytes() == null ? null : MemoryRecords.readableRecords(p.bytes().duplicate()))
                        .setAbortedTransactions(p.index() % 2 == 0 ? null : List.of(
                                new org.apache.kafka.common.message.FetchResponseData.AbortedTransaction()
                                        .setProducerId(77).setFirstOffset(5)));
                if (version >= 11) {
                    data.setPreferredReadReplica(p.index() == 1 ? 3 : -1);
                }
                if (version >= 12) {
                    data.setCurrentLeader(new org.apache.kafka.common.message.FetchResponseData.LeaderIdAndEpoch()
                            .setLeaderId(2).setLeaderEpoch(9));
                }
                topic.partitions().add(data);
            }
            response.responses().add(topic);
        }
        return response;
    }

    private static ByteBuffer kafkaFrameBody(org.apache.kafka.common.message.FetchResponseData data, short version) {
        return RequestUtils.serialize(
                new org.apache.kafka.common.message.ResponseHeaderData().setCorrelationId(CORRELATION_ID),
                ApiKey.FETCH.responseHeaderVersion(version), data, version);
    }

    @Test
    void chunksConcatenateToTheSingleBufferFrameAndToKafkaClientsBytesInEveryFetchVersion() {
        List<List<Part>> topics = layout();
        for (short v = ApiKey.FETCH.lowestVersion(); v <= ApiKey.FETCH.highestVersion(); v++) {
            FetchResponseData response = ours(topics, v);

            EncodedChunks chunks = ResponseFrame.encodeChunks(CORRELATION_ID, ApiKey.FETCH, v, response);
            ByteBuffer single = ResponseFrame.encode(CORRELATION_ID, ApiKey.FETCH, v, response);
            ByteBuffer concatenated = chunks.toBuffer();

            assertThat(chunks.sizeInBytes()).as("v" + v + " size").isEqualTo(single.remaining());
            assertThat(HexDump.of(concatenated)).as("v" + v + " chunks vs single buffer").isEqualTo(HexDump.of(single));
            assertThat(concatenated.getInt(0)).as("v" + v + " size prefix").isEqualTo(concatenated.remaining() - 4);
            assertThat(HexDump.of(concatenated.position(4).slice())).as("v" + v + " vs kafka-clients")
                    .isEqualTo(HexDump.of(kafkaFrameBody(kafkas(topics, v), v)));
        }
    }

    @Test
    void recordSetsAreChunksByReferenceAndFileBytesNeverReachTheHeapChunks() {
        List<List<Part>> topics = layout();
        FetchResponseData response = ours(topics, ApiKey.FETCH.highestVersion());
        List<Records> nonEmpty = topics.stream().flatMap(List::stream).map(Part::records)
                .filter(r -> r != null && r.sizeInBytes() > 0).toList();

        EncodedChunks chunks = ResponseFrame.encodeChunks(CORRELATION_ID, ApiKey.FETCH,
                ApiKey.FETCH.highestVersion(), response);

        List<Records> recordChunks = chunks.chunks().stream().filter(c -> nonEmpty.stream().anyMatch(r -> r == c))
                .toList();
        assertThat(recordChunks).hasSameSizeAs(nonEmpty);
        for (int i = 0; i < nonEmpty.size(); i++) {
            assertThat(recordChunks.get(i)).as("record set " + i + " in wire order").isSameAs(nonEmpty.get(i));
        }
        assertThat(nonEmpty).filteredOn(r -> r instanceof FileRecords).hasSize(3);
        int recordBytes = nonEmpty.stream().mapToInt(Records::sizeInBytes).sum();
        List<Records> heapChunks = chunks.chunks().stream().filter(c -> recordChunks.stream().noneMatch(r -> r == c))
                .toList();
        assertThat(heapChunks).allSatisfy(c -> assertThat(c).isInstanceOf(HeapRecords.class));
        assertThat(heapChunks.stream().mapToInt(Records::sizeInBytes).sum())
                .as("heap chunks hold only framing bytes")
                .isEqualTo(chunks.sizeInBytes() - recordBytes)
                .isLessThan(1024);
    }

    @Test
    void chunksSentThroughChannelsWithTransferToReproduceTheFrame() throws IOException {
        FetchResponseData response = ours(layout(), (short) 16);
        EncodedChunks chunks = ResponseFrame.encodeChunks(CORRELATION_ID, ApiKey.FETCH, (short) 16, response);
        Path sent = dir.resolve("socket.bin");

        try (FileChannel socket = FileChannel.open(sent, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (Records chunk : chunks.chunks()) {
                long offset = 0;
                while (offset < chunk.sizeInBytes()) {
                    offset += chunk.writeTo(socket, offset);
                }
            }
        }

        assertThat(HexDump.of(ByteBuffer.wrap(Files.readAllBytes(sent))))
                .isEqualTo(HexDump.of(ResponseFrame.encode(CORRELATION_ID, ApiKey.FETCH, (short) 16, response)));
    }

    @Test
    void decodedRecordsAreSlicesOfTheRequestFrameAndReEncodeByReference() {
        ByteBuffer records = batch(0, 2);
        ProduceRequestData produce = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000)
                .setTopicData(List.of(new ProduceRequestData.TopicProduceData().setName("orders")
                        .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                                .setRecords(new HeapRecords(records))))));
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKey.PRODUCE.id())
                .setRequestApiVersion((short) 12).setCorrelationId(1).setClientId("p");
        ByteBuffer frame = RequestFrame.encode(header, produce).position(4).slice();

        ProduceRequestData decoded = (ProduceRequestData) RequestFrame.decode(frame).body();
        HeapRecords received = (HeapRecords) decoded.topicData().get(0).partitionData().get(0).records();
        received.buffer().putLong(0, 0x0123456789abcdefL);     // the broker patching the base offset in place

        assertThat(HexDump.of(frame)).contains("0123456789abcdef" + HexDump.of(records.position(8)));
        assertThat(decoded.toChunks((short) 12).chunks()).anySatisfy(c -> assertThat(c).isSameAs(received));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
