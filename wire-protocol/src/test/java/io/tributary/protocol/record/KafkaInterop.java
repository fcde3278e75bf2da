package io.tributary.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Test glue to kafka-clients: builds batches with Kafka's own writer and compares Kafka's reading
 * of a batch with ours, field for field.
 */
final class KafkaInterop {

    private KafkaInterop() {
    }

    static Compression kafkaCompression(CompressionType type) {
        return Compression.of(org.apache.kafka.common.record.internal.CompressionType.forId(type.id())).build();
    }

    static org.apache.kafka.common.record.TimestampType kafkaTimestampType(TimestampType type) {
        return type == TimestampType.CREATE_TIME
                ? org.apache.kafka.common.record.TimestampType.CREATE_TIME
                : org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME;
    }

    /** A mix of records: headers (including a null-valued one), null keys, null values, empty values. */
    static List<SimpleRecord> sampleRecords(long baseTimestamp) {
        List<SimpleRecord> records = new ArrayList<>();
        records.add(new SimpleRecord(baseTimestamp, "k0".getBytes(), "v0".getBytes()));
        records.add(new SimpleRecord(baseTimestamp + 5, null, "no key".getBytes()));
        records.add(new SimpleRecord(baseTimestamp - 3, "tombstone".getBytes(), null));
        records.add(new SimpleRecord(baseTimestamp + 1000, "k3".getBytes(), new byte[0], new Header[] {
            new RecordHeader("trace-id", "abc".getBytes()),
            new RecordHeader("empty", new byte[0]),
            new RecordHeader("nothing", (byte[]) null),
            new RecordHeader("ünïcödé", "x".getBytes())}));
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 251 ^ i / 1024);
        }
        records.add(new SimpleRecord(baseTimestamp + 7, "big".getBytes(), big));
        return records;
    }

    /** Kafka's writer, all knobs exposed. */
    static ByteBuffer kafkaBatch(CompressionType compression, TimestampType timestampType, long baseOffset,
                                 long logAppendTime, long producerId, short producerEpoch, int baseSequence,
                                 boolean transactional, int partitionLeaderEpoch, List<SimpleRecord> records) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), (byte) 2,
                kafkaCompression(compression), kafkaTimestampType(timestampType), baseOffset, logAppendTime,
                producerId, producerEpoch, baseSequence, transactional, partitionLeaderEpoch);
        records.forEach(builder::append);
        return builder.build().buffer();
    }

    static MutableRecordBatch onlyKafkaBatch(ByteBuffer bytes) {
        Iterator<MutableRecordBatch> batches = MemoryRecords.readableRecords(bytes.duplicate()).batches().iterator();
        MutableRecordBatch batch = batches.next();
        assertThat(batches.hasNext()).as("exactly one batch").isFalse();
        return batch;
    }

    /** Asserts that Kafka and we read the same batch header and the same records. */
    static void assertReadsTheSame(org.apache.kafka.common.record.internal.RecordBatch kafka, RecordBatch ours) {
        assertThat(ours.baseOffset()).as("baseOffset").isEqualTo(kafka.baseOffset());
        assertThat(ours.lastOffset()).as("lastOffset").isEqualTo(kafka.lastOffset());
        assertThat(ours.nextOffset()).as("nextOffset").isEqualTo(kafka.nextOffset());
        assertThat(ours.sizeInBytes()).as("sizeInBytes").isEqualTo(kafka.sizeInBytes());
        assertThat(ours.batchLength()).as("batchLength").isEqualTo(kafka.sizeInBytes() - 12);
        assertThat(ours.partitionLeaderEpoch()).as("partitionLeaderEpoch").isEqualTo(kafka.partitionLeaderEpoch());
        assertThat(ours.magic()).as("magic").isEqualTo(kafka.magic());
        assertThat(ours.crc()).as("crc").isEqualTo(kafka.checksum());
        assertThat(ours.isValid()).as("isValid").isEqualTo(kafka.isValid());
        assertThat(ours.compressionType().id()).as("compression").isEqualTo(kafka.compressionType().id);
        assertThat(ours.isCompressed()).as("isCompressed").isEqualTo(kafka.isCompressed());
        assertThat(kafkaTimestampType(ours.timestampType())).as("timestampType").isEqualTo(kafka.timestampType());
        assertThat(ours.isTransactional()).as("isTransactional").isEqualTo(kafka.isTransactional());
        assertThat(ours.isControl()).as("isControl").isEqualTo(kafka.isControlBatch());
        assertThat(ours.deleteHorizonMs()).as("deleteHorizonMs").isEqualTo(kafka.deleteHorizonMs());
        assertThat(ours.maxTimestamp()).as("maxTimestamp").isEqualTo(kafka.maxTimestamp());
        assertThat(ours.producerId()).as("producerId").isEqualTo(kafka.producerId());
        assertThat(ours.hasProducerId()).as("hasProducerId").isEqualTo(kafka.hasProducerId());
        assertThat(ours.producerEpoch()).as("producerEpoch").isEqualTo(kafka.producerEpoch());
        assertThat(ours.baseSequence()).as("baseSequence").isEqualTo(kafka.baseSequence());
        assertThat(ours.lastSequence()).as("lastSequence").isEqualTo(kafka.lastSequence());
        assertThat(ours.recordCount()).as("recordCount").isEqualTo(kafka.countOrNull());
        if (kafka instanceof org.apache.kafka.common.record.internal.DefaultRecordBatch defaultBatch) {
            assertThat(ours.baseTimestamp()).as("baseTimestamp").isEqualTo(defaultBatch.baseTimestamp());
        }

        List<org.apache.kafka.common.record.internal.Record> kafkaRecords = new ArrayList<>();
        kafka.forEach(kafkaRecords::add);
        List<Record> ourRecords = new ArrayList<>();
        ours.records().forEachRemaining(ourRecords::add);
        assertThat(ourRecords).hasSameSizeAs(kafkaRecords);
        for (int i = 0; i < kafkaRecords.size(); i++) {
            assertSameRecord(kafkaRecords.get(i), ourRecords.get(i), ours.baseOffset());
        }
    }

    static void assertSameRecord(org.apache.kafka.common.record.internal.Record kafka, Record ours, long baseOffset) {
        String at = "record at offset " + kafka.offset() + ": ";
        assertThat(ours.offset()).as(at + "offset").isEqualTo(kafka.offset());
        assertThat(ours.offsetDelta()).as(at + "offsetDelta").isEqualTo((int) (kafka.offset() - baseOffset));
        assertThat(ours.timestamp()).as(at + "timestamp").isEqualTo(kafka.timestamp());
        assertThat(ours.sequence()).as(at + "sequence").isEqualTo(kafka.sequence());
        assertThat(ours.sizeInBytes()).as(at + "sizeInBytes").isEqualTo(kafka.sizeInBytes());
        assertThat(ours.hasKey()).as(at + "hasKey").isEqualTo(kafka.hasKey());
        assertThat(ours.key()).as(at + "key").isEqualTo(kafka.key());
        assertThat(ours.hasValue()).as(at + "hasValue").isEqualTo(kafka.hasValue());
        assertThat(ours.value()).as(at + "value").isEqualTo(kafka.value());
        Header[] kafkaHeaders = kafka.headers();
        assertThat(ours.headers()).as(at + "header count").hasSize(kafkaHeaders.length);
        for (int h = 0; h < kafkaHeaders.length; h++) {
            io.tributary.protocol.record.RecordHeader header = ours.headers().get(h);
            assertThat(header.key()).as(at + "header key").isEqualTo(kafkaHeaders[h].key());
            byte[] kafkaValue = kafkaHeaders[h].value();
            assertThat(header.value()).as(at + "header value")
                    .isEqualTo(kafkaValue == null ? null : ByteBuffer.wrap(kafkaValue));
        }
    }

    /** Converts Kafka's record input to ours. */
    static RecordData toRecordData(SimpleRecord record) {
        List<io.tributary.protocol.record.RecordHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(io.tributary.protocol.record.RecordHeader.of(header.key(), header.value()));
        }
        return new RecordData(record.timestamp(), record.key(), record.value(), headers);
    }
}
