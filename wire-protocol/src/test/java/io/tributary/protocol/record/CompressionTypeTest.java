package io.tributary.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each codec round-trips, reads Kafka's and librdkafka's containers, and fails bounded and typed. */
class CompressionTypeTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    private static byte[] sampleData(int size) {
        byte[] data = new byte[size];
        Random random = new Random(42);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i % 7 == 0 ? random.nextInt() : i / 100);
        }
        return data;
    }

    private static byte[] compress(CompressionType type, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream compressing = type.wrapForOutput(out)) {
            compressing.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] decompress(CompressionType type, byte[] compressed, long limit) throws IOException {
        try (InputStream in = type.wrapForInput(ByteBuffer.wrap(compressed), limit)) {
            return in.readAllBytes();
        }
    }

    private static byte[] kafkaCompress(CompressionType type, byte[] data) throws IOException {
        ByteBufferOutputStream out = new ByteBufferOutputStream(1024);
        Compression compression = KafkaInterop.kafkaCompression(type);
        try (OutputStream compressing = compression.wrapForOutput(out, (byte) 2)) {
            compressing.write(data);
        }
        ByteBuffer buffer = out.buffer().flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void dataRoundTripsThroughEachCodec(CompressionType type) throws IOException {
        byte[] data = sampleData(300_000);

        assertThat(decompress(type, compress(type, data), NO_LIMIT)).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void streamsWrittenByKafkaDecompress(CompressionType type) throws IOException {
        byte[] data = sampleData(200_000);

        assertThat(decompress(type, kafkaCompress(type, data), NO_LIMIT)).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void streamsWeWriteDecompressWithKafka(CompressionType type) throws IOException {
        byte[] data = sampleData(200_000);
        Compression compression = KafkaInterop.kafkaCompression(type);

        try (InputStream in = compression.wrapForInput(ByteBuffer.wrap(compress(type, data)), (byte) 2,
                org.apache.kafka.common.utils.internals.BufferSupplier.NO_CACHING)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void lz4FrameDescriptorIsTheOneKafkaWrites() throws IOException {
        byte[] ours = compress(CompressionType.LZ4, sampleData(1000));
        byte[] kafkas = kafkaCompress(CompressionType.LZ4, sampleData(1000));

        // magic (4), FLG: version 01 + block independence, BD: 64 KiB max block, header checksum
        assertThat(Arrays.copyOf(ours, 7)).isEqualTo(Arrays.copyOf(kafkas, 7));
        assertThat(ours[4]).isEqualTo((byte) 0x60);
        assertThat(ours[5]).isEqualTo((byte) 0x40);
    }

    @Test
    void lz4FramesWithContentSizeAndChecksumsLikeLibrdkafkaDecompress() throws IOException {
        byte[] data = sampleData(150_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream lz4 = new LZ4FrameOutputStream(out, BLOCKSIZE.SIZE_64KB, data.length,
                FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.CONTENT_SIZE, FLG.Bits.CONTENT_CHECKSUM, FLG.Bits.BLOCK_CHECKSUM)) {
            lz4.write(data);
        }

        assertThat(decompress(CompressionType.LZ4, out.toByteArray(), NO_LIMIT)).isEqualTo(data);
    }

    @Test
    void lz4FramesWithLargerBlocksAndConcatenatedFramesDecompress() throws IOException {
        byte[] data = sampleData(100_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BLOCKSIZE size : new BLOCKSIZE[] {BLOCKSIZE.SIZE_256KB, BLOCKSIZE.SIZE_4MB}) {
            try (OutputStream lz4 = new LZ4FrameOutputStream(out, size, FLG.Bits.BLOCK_INDEPENDENCE)) {
                lz4.write(data);
            }
        }

        byte[] twice = decompress(CompressionType.LZ4, out.toByteArray(), NO_LIMIT);

        assertThat(twice).hasSize(2 * data.length);
        assertThat(Arrays.copyOfRange(twice, data.length, twice.length)).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void decompressingPastTheLimitIsCorruption(CompressionType type) throws IOException {
        byte[] zeros = new byte[4 * 1024 * 1024];
        byte[] compressed = compress(type, zeros);

        assertThatThrownBy(() -> decompress(type, compressed, 1024 * 1024))
                .isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("limit");
        assertThat(decompress(type, compressed, zeros.length)).hasSize(zeros.length);
    }

    @Test
    void snappyChunkClaimingGigabytesIsRefusedBeforeAllocating() throws IOException {
        byte[] framed = compress(CompressionType.SNAPPY, sampleData(100));
        // The first chunk's raw block starts at 16 (header) + 4 (length); its preamble is the
        // uncompressed length. Claim 2^31 - 1 bytes.
        ByteBuffer hostile = ByteBuffer.allocate(framed.length + 4);
        hostile.put(framed, 0, 20).put(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
        hostile.put(framed, 21, framed.length - 21).flip();
        hostile.putInt(16, hostile.getInt(16) + 4);

        assertThatThrownBy(() -> CompressionType.SNAPPY.wrapForInput(hostile, 64L * 1024 * 1024))
                .isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void snappyChunkLengthBeyondTheInputIsCorruption() throws IOException {
        byte[] framed = compress(CompressionType.SNAPPY, sampleData(100));
        ByteBuffer.wrap(framed).putInt(16, Integer.MAX_VALUE);

        assertThatThrownBy(() -> decompress(CompressionType.SNAPPY, framed, NO_LIMIT))
                .isExactlyInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void truncatedCompressedDataIsCorruption(CompressionType type) throws IOException {
        byte[] compressed = compress(type, sampleData(100_000));
        byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);

        assertThatThrownBy(() -> decompress(type, truncated, NO_LIMIT))
                .isExactlyInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void garbageIsCorruption(CompressionType type) {
        byte[] garbage = new byte[512];
        new Random(7).nextBytes(garbage);

        assertThatThrownBy(() -> decompress(type, garbage, NO_LIMIT))
                .isExactlyInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void idsAndNamesMatchKafka(CompressionType type) {
        org.apache.kafka.common.record.internal.CompressionType kafka =
                org.apache.kafka.common.record.internal.CompressionType.forId(type.id());

        assertThat(type.displayName()).isEqualTo(kafka.name);
        assertThat(type.name()).isEqualTo(kafka.name());
        assertThat(CompressionType.forId(type.id())).isEqualTo(type);
    }

    @Test
    void compressedBatchAboveItsDecompressionLimitIsCorruptButReadableWithAHigherOne() {
        ByteBuffer batch = new RecordBatchBuilder().compression(CompressionType.ZSTD)
                .add(RecordData.of(0L, null, new byte[2 * 1024 * 1024]))
                .build();
        RecordBatch view = RecordBatch.wrap(batch);

        assertThatThrownBy(() -> view.records(1024 * 1024)).isExactlyInstanceOf(CorruptRecordException.class);
        assertThat(view.records(3 * 1024 * 1024).next().value().remaining()).isEqualTo(2 * 1024 * 1024);
        assertThat(view.defaultDecompressionLimit()).isEqualTo(64L * 1024 * 1024);
    }
}
