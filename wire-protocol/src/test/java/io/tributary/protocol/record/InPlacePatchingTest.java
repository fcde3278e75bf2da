package io.tributary.protocol.record;

import static io.tributary.protocol.record.KafkaInterop.assertReadsTheSame;
import static io.tributary.protocol.record.KafkaInterop.kafkaBatch;
import static io.tributary.protocol.record.KafkaInterop.onlyKafkaBatch;
import static io.tributary.protocol.record.KafkaInterop.sampleRecords;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The broker's in-place edits leave batches that kafka-clients validates and reads as intended. */
class InPlacePatchingTest {

    private static final long NOW = 1_700_000_000_000L;

    private static ByteBuffer producerBatch(CompressionType compression) {
        return kafkaBatch(compression, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, 8L, (short) 0, 0,
                false, RecordBatch.NO_PARTITION_LEADER_EPOCH, sampleRecords(NOW));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void assigningBaseOffsetAndLeaderEpochKeepsTheCrcValid(CompressionType compression) {
        ByteBuffer bytes = producerBatch(compression);
        RecordBatch batch = RecordBatch.wrap(bytes);
        long crcBefore = batch.crc();

        batch.setBaseOffset(1_000_000L);
        batch.setPartitionLeaderEpoch(17);

        MutableRecordBatch kafka = onlyKafkaBatch(bytes);
        kafka.ensureValid();
        assertThat(batch.crc()).isEqualTo(crcBefore);
        assertThat(kafka.baseOffset()).isEqualTo(1_000_000L);
        assertThat(kafka.lastOffset()).isEqualTo(1_000_004L);
        assertThat(kafka.partitionLeaderEpoch()).isEqualTo(17);
        assertReadsTheSame(kafka, batch);
    }

    @Test
    void settingLastOffsetPlacesTheBaseOffsetBelowIt() {
        RecordBatch batch = RecordBatch.wrap(producerBatch(CompressionType.NONE));

        batch.setLastOffset(104L);

        assertThat(batch.baseOffset()).isEqualTo(100L);
        assertThat(batch.nextOffset()).isEqualTo(105L);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void stampingLogAppendTimeRecomputesACrcKafkaAccepts(CompressionType compression) {
        ByteBuffer bytes = producerBatch(compression);
        RecordBatch batch = RecordBatch.wrap(bytes);
        long appendTime = NOW + 123_456;

        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, appendTime);

        MutableRecordBatch kafka = onlyKafkaBatch(bytes);
        kafka.ensureValid();
        assertThat(batch.isValid()).isTrue();
        assertThat(kafka.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(kafka.maxTimestamp()).isEqualTo(appendTime);
        assertThat(kafka.compressionType().id).isEqualTo(compression.id());
        assertThat(kafka.producerId()).isEqualTo(8L);
        kafka.forEach(record -> assertThat(record.timestamp()).isEqualTo(appendTime));
        assertReadsTheSame(kafka, batch);
    }

    @Test
    void patchedBytesMatchKafkasOwnPatchingExactly() {
        ByteBuffer ours = producerBatch(CompressionType.GZIP);
        ByteBuffer theirs = producerBatch(CompressionType.GZIP);
        RecordBatch batch = RecordBatch.wrap(ours);
        MutableRecordBatch kafka = onlyKafkaBatch(theirs);

        batch.setLastOffset(999L);
        batch.setPartitionLeaderEpoch(4);
        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, NOW + 1);
        kafka.setLastOffset(999L);
        kafka.setPartitionLeaderEpoch(4);
        kafka.setMaxTimestamp(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, NOW + 1);

        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void settingTheSameTimestampLeavesTheBytesAlone() {
        ByteBuffer bytes = producerBatch(CompressionType.NONE);
        RecordBatch batch = RecordBatch.wrap(bytes);
        ByteBuffer before = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();

        batch.setMaxTimestamp(batch.timestampType(), batch.maxTimestamp());

        assertThat(bytes).isEqualTo(before);
    }

    @Test
    void flippingAPayloadByteAfterPatchingIsDetectedByTheCrc() {
        ByteBuffer bytes = producerBatch(CompressionType.NONE);
        RecordBatch batch = RecordBatch.wrap(bytes);
        batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, NOW);

        bytes.put(bytes.limit() - 1, (byte) (bytes.get(bytes.limit() - 1) ^ 1));

        assertThat(batch.isValid()).isFalse();
        assertThat(onlyKafkaBatch(bytes).isValid()).isFalse();
    }
}
