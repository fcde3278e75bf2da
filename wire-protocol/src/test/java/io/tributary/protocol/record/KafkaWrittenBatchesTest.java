package io.tributary.protocol.record;

import static io.tributary.protocol.record.KafkaInterop.assertReadsTheSame;
import static io.tributary.protocol.record.KafkaInterop.kafkaBatch;
import static io.tributary.protocol.record.KafkaInterop.onlyKafkaBatch;
import static io.tributary.protocol.record.KafkaInterop.sampleRecords;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batches written by kafka-clients read back with our view exactly as kafka-clients reads them. */
class KafkaWrittenBatchesTest {

    private static final long NOW = 1_700_000_000_000L;

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafkaBatchOfEachCodecReadsBackIdentically(CompressionType compression) {
        ByteBuffer bytes = kafkaBatch(compression, TimestampType.CREATE_TIME, 1234L, RecordBatch.NO_TIMESTAMP,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH, sampleRecords(NOW));

        RecordBatch ours = RecordBatch.wrap(bytes);

        ours.ensureValid();
        assertThat(ours.compressionType()).isEqualTo(compression);
        assertReadsTheSame(onlyKafkaBatch(bytes), ours);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void idempotentBatchExposesProducerFieldsAndPerRecordSequences(CompressionType compression) {
        ByteBuffer bytes = kafkaBatch(compression, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP,
                987_654_321L, (short) 7, 100, false, 12, sampleRecords(NOW));

        RecordBatch ours = RecordBatch.wrap(bytes);

        assertThat(ours.producerId()).isEqualTo(987_654_321L);
        assertThat(ours.producerEpoch()).isEqualTo((short) 7);
        assertThat(ours.baseSequence()).isEqualTo(100);
        assertThat(ours.lastSequence()).isEqualTo(104);
        assertThat(ours.isTransactional()).isFalse();
        assertReadsTheSame(onlyKafkaBatch(bytes), ours);
    }

    @Test
    void sequenceNumbersWrapPastIntMaxLikeKafka() {
        ByteBuffer bytes = kafkaBatch(CompressionType.NONE, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP,
                5L, (short) 0, Integer.MAX_VALUE - 1, false, 0, sampleRecords(NOW));

        RecordBatch ours = RecordBatch.wrap(bytes);

        assertThat(ours.lastSequence()).isEqualTo(2);
        assertReadsTheSame(onlyKafkaBatch(bytes), ours);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void transactionalBatchReadsBackIdentically(CompressionType compression) {
        ByteBuffer bytes = kafkaBatch(compression, TimestampType.CREATE_TIME, 50L, RecordBatch.NO_TIMESTAMP,
                42L, (short) 3, 0, true, 5, sampleRecords(NOW));

        RecordBatch ours = RecordBatch.wrap(bytes);

        assertThat(ours.isTransactional()).isTrue();
        assertThat(ours.isControl()).isFalse();
        assertReadsTheSame(onlyKafkaBatch(bytes), ours);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void logAppendTimeBatchGivesEveryRecordTheAppendTime(CompressionType compression) {
        long appendTime = NOW + 60_000;
        ByteBuffer bytes = kafkaBatch(compression, TimestampType.LOG_APPEND_TIME, 10L, appendTime,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, 1,
                sampleRecords(NOW));

        RecordBatch ours = RecordBatch.wrap(bytes);

        assertThat(ours.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(ours.maxTimestamp()).isEqualTo(appendTime);
        ours.records().forEachRemaining(record -> assertThat(record.timestamp()).isEqualTo(appendTime));
        assertReadsTheSame(onlyKafkaBatch(bytes), ours);
    }

    @Test
    void commitMarkerFromKafkaIsAControlBatchWithItsType() {
        ByteBuffer bytes = MemoryRecords.withEndTransactionMarker(77L, NOW, 4, 1000L, (short) 2,
                new org.apache.kafka.common.record.internal.EndTransactionMarker(
                        org.apache.kafka.common.record.internal.ControlRecordType.COMMIT, 9)).buffer();

        RecordBatch ours = RecordBatch.wrap(bytes);

        assertThat(ours.isControl()).isTrue();
        assertThat(ours.isTransactional()).isTrue();
        Record marker = ours.records().next();
        assertThat(ControlRecordType.parseKey(marker.key())).isEqualTo(ControlRecordType.COMMIT);
        assertThat(EndTransactionMarker.read(marker)).isEqualTo(new EndTransactionMarker(ControlRecordType.COMMIT, 9));
        assertReadsTheSame(onlyKafkaBatch(bytes), ours);
    }

    @Test
    void abortMarkerFromKafkaReadsAsAbort() {
        ByteBuffer bytes = MemoryRecords.withEndTransactionMarker(0L, NOW, 0, 1L, (short) 0,
                new org.apache.kafka.common.record.internal.EndTransactionMarker(
                        org.apache.kafka.common.record.internal.ControlRecordType.ABORT, 0)).buffer();

        Record marker = RecordBatch.wrap(bytes).records().next();

        assertThat(EndTransactionMarker.read(marker).type()).isEqualTo(ControlRecordType.ABORT);
    }

    @Test
    void everyControlRecordTypeIdMatchesKafka() {
        for (org.apache.kafka.common.record.internal.ControlRecordType kafkaType
                : org.apache.kafka.common.record.internal.ControlRecordType.values()) {
            assertThat(ControlRecordType.valueOf(kafkaType.name()).id()).as(kafkaType.name())
                    .isEqualTo(kafkaType.type());
            if (kafkaType != org.apache.kafka.common.record.internal.ControlRecordType.UNKNOWN) {
                assertThat(ControlRecordType.parseKey(kafkaType.recordKey())).isEqualTo(
                        ControlRecordType.valueOf(kafkaType.name()));
            }
        }
    }

    @Test
    void unknownControlRecordTypeIdReadsAsUnknown() {
        ByteBuffer key = ByteBuffer.allocate(4).putShort((short) 0).putShort((short) 99).flip();

        assertThat(ControlRecordType.parseKey(key)).isEqualTo(ControlRecordType.UNKNOWN);
    }

    @Test
    void consecutiveKafkaBatchesAreWalkedInOrder() {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        long offset = 0;
        for (CompressionType compression : CompressionType.values()) {
            ByteBuffer batch = kafkaBatch(compression, TimestampType.CREATE_TIME, offset, RecordBatch.NO_TIMESTAMP,
                    -1L, (short) -1, -1, false, 0, List.of(new SimpleRecord(NOW, "k".getBytes(), "v".getBytes()),
                            new SimpleRecord(NOW, null, "w".getBytes())));
            buffer.put(batch);
            offset += 2;
        }
        buffer.flip();

        Iterator<MutableRecordBatch> kafka = MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator();
        List<RecordBatch> ours = Batches.strict(buffer).toList();

        assertThat(ours).hasSize(CompressionType.values().length);
        for (RecordBatch batch : ours) {
            assertReadsTheSame(kafka.next(), batch);
        }
        assertThat(kafka.hasNext()).isFalse();
    }

    @Test
    void viewDoesNotMoveTheCallersBufferPosition() {
        ByteBuffer bytes = kafkaBatch(CompressionType.NONE, TimestampType.CREATE_TIME, 0L, -1L, -1L, (short) -1, -1,
                false, 0, sampleRecords(NOW));
        int position = bytes.position();

        RecordBatch batch = RecordBatch.wrap(bytes);
        batch.records().forEachRemaining(Record::key);
        Batches.strict(bytes).toList();

        assertThat(bytes.position()).isEqualTo(position);
    }

    @Test
    void littleEndianCallerBufferIsStillReadAsBigEndian() {
        ByteBuffer bytes = kafkaBatch(CompressionType.SNAPPY, TimestampType.CREATE_TIME, 9L, -1L, -1L, (short) -1, -1,
                false, 0, sampleRecords(NOW));
        ByteBuffer littleEndian = bytes.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);

        assertReadsTheSame(onlyKafkaBatch(bytes), RecordBatch.wrap(littleEndian));
        assertThat(Batches.strict(littleEndian).toList()).hasSize(1);
    }
}
