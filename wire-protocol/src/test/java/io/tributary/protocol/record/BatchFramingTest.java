package io.tributary.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Walking the batches of a buffer: old formats, truncation and lying lengths get typed errors. */
class BatchFramingTest {

    private static final long NOW = 1_700_000_000_000L;

    private static ByteBuffer v2Batch(long baseOffset) {
        return new RecordBatchBuilder().baseOffset(baseOffset)
                .add(RecordData.of(NOW, "k".getBytes(), "v".getBytes()))
                .add(RecordData.of(NOW, null, "w".getBytes()))
                .build();
    }

    private static ByteBuffer kafkaLegacyBatch(byte magic) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), magic, Compression.NONE,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0L);
        builder.append(NOW, "k".getBytes(), "v".getBytes());
        return builder.build().buffer();
    }

    private static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer part : parts) {
            size += part.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.flip();
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 1})
    void oldMessageFormatFromKafkaIsRefusedAsUnsupportedMagic(byte magic) {
        ByteBuffer legacy = kafkaLegacyBatch(magic);

        assertThatThrownBy(() -> Batches.strict(legacy).toList())
                .isInstanceOf(UnsupportedMagicException.class)
                .satisfies(e -> assertThat(((UnsupportedMagicException) e).magic()).isEqualTo(magic));
        assertThatThrownBy(() -> RecordBatch.wrap(legacy)).isInstanceOf(UnsupportedMagicException.class);
        assertThatThrownBy(() -> Batches.allowingPartialTail(legacy).toList())
                .isInstanceOf(UnsupportedMagicException.class);
    }

    @Test
    void oldFormatBatchAfterAValidOneFailsOnlyWhenReached() {
        ByteBuffer buffer = concat(v2Batch(0), kafkaLegacyBatch((byte) 1));
        var batches = Batches.strict(buffer).iterator();

        assertThat(batches.next().baseOffset()).isZero();
        assertThatThrownBy(batches::hasNext).isInstanceOf(UnsupportedMagicException.class);
    }

    @ParameterizedTest
    @ValueSource(bytes = {3, 4, -1, 127})
    void unknownMagicIsCorruption(byte magic) {
        ByteBuffer batch = v2Batch(0);
        batch.put(16, magic);

        assertThatThrownBy(() -> Batches.strict(batch).toList()).isExactlyInstanceOf(CorruptRecordException.class);
    }

    @Test
    void emptyBufferHasNoBatches() {
        assertThat(Batches.strict(ByteBuffer.allocate(0)).toList()).isEmpty();
    }

    @Test
    void consecutiveBatchesAreFramedByTheirLengths() {
        List<RecordBatch> batches = Batches.strict(concat(v2Batch(0), v2Batch(2), v2Batch(4))).toList();

        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 2L, 4L);
        batches.forEach(RecordBatch::ensureValid);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 11, 12, 16, 17, 60, 61})
    void truncatedBatchIsCorruptInStrictMode(int cut) {
        ByteBuffer whole = v2Batch(0);
        ByteBuffer truncated = concat(v2Batch(0), whole.duplicate().limit(whole.limit() - cut));

        assertThatThrownBy(() -> Batches.strict(truncated).toList())
                .isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("Truncated");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 11, 12, 16, 17, 60, 61})
    void truncatedLastBatchIsDroppedWhenPartialTailsAreAllowed(int cut) {
        ByteBuffer whole = v2Batch(2);
        ByteBuffer buffer = concat(v2Batch(0), whole.duplicate().limit(whole.limit() - cut));

        assertThat(Batches.allowingPartialTail(buffer).toList()).extracting(RecordBatch::baseOffset)
                .containsExactly(0L);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MAX_VALUE - 11, 1 << 30, 10_000})
    void lengthBeyondTheBufferIsCorruptWithoutAllocating(int length) {
        ByteBuffer batch = v2Batch(0);
        batch.putInt(8, length);

        assertThatThrownBy(() -> Batches.strict(batch).toList()).isExactlyInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> RecordBatch.wrap(batch)).isExactlyInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 48})
    void lengthBelowTheHeaderIsCorruptEvenWithPartialTailsAllowed(int length) {
        ByteBuffer batch = v2Batch(0);
        batch.putInt(8, length);

        assertThatThrownBy(() -> Batches.allowingPartialTail(batch).toList())
                .isExactlyInstanceOf(CorruptRecordException.class);
    }

    @Test
    void lengthShorterThanTheRecordsLeavesTrailingBytesThatStrictModeRefuses() {
        ByteBuffer batch = v2Batch(0);
        batch.putInt(8, batch.getInt(8) - 3);

        assertThatThrownBy(() -> Batches.strict(batch).toList()).isExactlyInstanceOf(CorruptRecordException.class);
    }

    @Test
    void flippedByteFailsTheCrcCheck() {
        ByteBuffer bytes = v2Batch(0);
        bytes.put(40, (byte) (bytes.get(40) ^ 0x10));
        RecordBatch batch = RecordBatch.wrap(bytes);

        assertThat(batch.isValid()).isFalse();
        assertThatThrownBy(batch::ensureValid).isExactlyInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("crc");
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6, 7})
    void unknownCompressionIdIsCorruption(int id) {
        ByteBuffer bytes = v2Batch(0);
        bytes.putShort(21, (short) id);
        RecordBatch batch = RecordBatch.wrap(bytes);

        assertThatThrownBy(batch::compressionType).isExactlyInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(batch::records).isExactlyInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 1000, Integer.MAX_VALUE})
    void recordCountAboveTheRecordsPresentIsCorruption(int count) {
        ByteBuffer bytes = v2Batch(0);
        bytes.putInt(57, count);
        var records = RecordBatch.wrap(bytes).records();

        assertThatThrownBy(() -> records.forEachRemaining(Record::offset))
                .isExactlyInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, Integer.MIN_VALUE})
    void recordCountBelowTheRecordsPresentIsCorruption(int count) {
        ByteBuffer bytes = v2Batch(0);
        bytes.putInt(57, count);

        assertThatThrownBy(() -> RecordBatch.wrap(bytes).records().forEachRemaining(Record::offset))
                .isExactlyInstanceOf(CorruptRecordException.class);
    }

    @Test
    void recordLengthThatOverrunsTheBatchIsCorruption() {
        ByteBuffer bytes = v2Batch(0);
        bytes.put(61, (byte) 0x7e); // first record's length varint: 63 bytes, far more than the record has

        assertThatThrownBy(() -> RecordBatch.wrap(bytes).records().forEachRemaining(Record::offset))
                .isExactlyInstanceOf(CorruptRecordException.class);
    }
}
