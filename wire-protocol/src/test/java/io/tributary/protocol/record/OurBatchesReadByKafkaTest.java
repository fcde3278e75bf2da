package io.tributary.protocol.record;

import static io.tributary.protocol.record.KafkaInterop.assertReadsTheSame;
import static io.tributary.protocol.record.KafkaInterop.onlyKafkaBatch;
import static io.tributary.protocol.record.KafkaInterop.sampleRecords;
import static io.tributary.protocol.record.KafkaInterop.toRecordData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batches we write are valid to kafka-clients and read back with the fields we put in. */
class OurBatchesReadByKafkaTest {

    private static final long NOW = 1_700_000_000_000L;

    private static RecordBatchBuilder withSampleRecords(RecordBatchBuilder builder) {
        sampleRecords(NOW).forEach(record -> builder.add(toRecordData(record)));
        return builder;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void ourBatchOfEachCodecPassesKafkaValidationAndReadsBackIdentically(CompressionType compression) {
        ByteBuffer bytes = withSampleRecords(new RecordBatchBuilder().baseOffset(500).compression(compression)).build();

        MutableRecordBatch kafka = onlyKafkaBatch(bytes);
        kafka.ensureValid();

        assertThat(kafka.compressionType().id).isEqualTo(compression.id());
        assertThat(kafka.baseOffset()).isEqualTo(500);
        assertThat(kafka.lastOffset()).isEqualTo(504);
        assertReadsTheSame(kafka, RecordBatch.wrap(bytes));
        assertSameContentAsSampleRecords(kafka);
    }

    @Test
    void ourUncompressedBatchIsByteForByteKafkas() {
        List<SimpleRecord> records = sampleRecords(NOW);
        ByteBuffer kafkaBytes = KafkaInterop.kafkaBatch(CompressionType.NONE, TimestampType.CREATE_TIME, 3L,
                RecordBatch.NO_TIMESTAMP, 11L, (short) 1, 20, true, 9, records);
        ByteBuffer ourBytes = withSampleRecords(new RecordBatchBuilder().baseOffset(3).producer(11L, (short) 1, 20)
                .transactional(true).partitionLeaderEpoch(9)).build();

        assertThat(ourBytes).isEqualTo(kafkaBytes);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void transactionalIdempotentLogAppendTimeFlagsReachKafka(CompressionType compression) {
        ByteBuffer bytes = withSampleRecords(new RecordBatchBuilder()
                .baseOffset(7).partitionLeaderEpoch(3).producer(99L, (short) 4, 1000)
                .transactional(true).logAppendTime(NOW + 5).compression(compression)).build();

        MutableRecordBatch kafka = onlyKafkaBatch(bytes);
        kafka.ensureValid();

        assertThat(kafka.isTransactional()).isTrue();
        assertThat(kafka.producerId()).isEqualTo(99L);
        assertThat(kafka.producerEpoch()).isEqualTo((short) 4);
        assertThat(kafka.baseSequence()).isEqualTo(1000);
        assertThat(kafka.partitionLeaderEpoch()).isEqualTo(3);
        assertThat(kafka.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(kafka.maxTimestamp()).isEqualTo(NOW + 5);
        kafka.forEach(record -> assertThat(record.timestamp()).isEqualTo(NOW + 5));
        assertReadsTheSame(kafka, RecordBatch.wrap(bytes));
    }

    @Test
    void ourCommitMarkerIsByteForByteKafkasCommitMarker() {
        ByteBuffer ours = ControlBatches.endTransaction(77L, NOW, 4, 1000L, (short) 2,
                new EndTransactionMarker(ControlRecordType.COMMIT, 9));
        ByteBuffer kafka = MemoryRecords.withEndTransactionMarker(77L, NOW, 4, 1000L, (short) 2,
                new org.apache.kafka.common.record.internal.EndTransactionMarker(
                        org.apache.kafka.common.record.internal.ControlRecordType.COMMIT, 9)).buffer();

        assertThat(ours).isEqualTo(kafka);
    }

    @Test
    void ourAbortMarkerIsReadByKafkaAsAnAbortMarker() {
        ByteBuffer bytes = ControlBatches.endTransaction(0L, NOW, 0, 5L, (short) 1,
                new EndTransactionMarker(ControlRecordType.ABORT, 3));

        MutableRecordBatch kafka = onlyKafkaBatch(bytes);
        kafka.ensureValid();
        org.apache.kafka.common.record.internal.EndTransactionMarker marker =
                org.apache.kafka.common.record.internal.EndTransactionMarker.deserialize(kafka.iterator().next());

        assertThat(kafka.isControlBatch()).isTrue();
        assertThat(marker.controlType()).isEqualTo(org.apache.kafka.common.record.internal.ControlRecordType.ABORT);
        assertThat(marker.coordinatorEpoch()).isEqualTo(3);
    }

    @Test
    void endTransactionMarkerRejectsNonMarkerTypes() {
        assertThatThrownBy(() -> new EndTransactionMarker(ControlRecordType.LEADER_CHANGE, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildingWithoutRecordsIsRefused() {
        assertThatThrownBy(() -> new RecordBatchBuilder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void builderIsReusableForTheNextBatch() {
        RecordBatchBuilder builder = new RecordBatchBuilder().compression(CompressionType.LZ4);
        builder.add(RecordData.of(NOW, null, "a".getBytes())).build();

        ByteBuffer second = builder.baseOffset(1).add(RecordData.of(NOW, null, "b".getBytes())).build();

        RecordBatch batch = RecordBatch.wrap(second);
        assertThat(batch.recordCount()).isEqualTo(1);
        assertThat(batch.compressionType()).isEqualTo(CompressionType.LZ4);
        assertThat(batch.records().next().value()).isEqualTo(ByteBuffer.wrap("b".getBytes()));
    }

    private static void assertSameContentAsSampleRecords(MutableRecordBatch kafka) {
        List<SimpleRecord> expected = sampleRecords(NOW);
        List<SimpleRecord> actual = new ArrayList<>();
        kafka.forEach(record -> actual.add(new SimpleRecord(record)));
        assertThat(actual).isEqualTo(expected);
    }
}
