package io.tributary.connect.worker;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A source record on its way to Kafka, as both source task runners send it: the transformation chain, then the
 * header, key and value converters, each stage under the connector's error handling; the result is the record to
 * send (a timestamp below zero is left to the producer).
 */
final class SourceRecordConverter {

    /** The transformed record and what goes to the producer. */
    record Converted(SourceRecord transformed, ProducerRecord<byte[], byte[]> record) {
    }

    private final TaskParts<SourceRecord> parts;

    SourceRecordConverter(TaskParts<SourceRecord> parts) {
        this.parts = parts;
    }

    /**
     * The record to send, or null when a transform dropped it. Throws {@link ErrorHandler.Skipped} when a stage
     * failed and {@code errors.tolerance=all} skips the record.
     */
    Converted convert(SourceRecord record) {
        SourceRecord r = parts.errors().execute(ErrorStage.TRANSFORMATION, null, null,
                () -> parts.transforms().apply(record));
        if (r == null) {
            return null;
        }
        RecordHeaders headers = parts.errors().execute(ErrorStage.HEADER_CONVERTER,
                parts.headerConverter().getClass(), null, () -> headers(r));
        byte[] key = parts.errors().execute(ErrorStage.KEY_CONVERTER, parts.keyConverter().getClass(), null,
                () -> parts.keyConverter().fromConnectData(r.topic(), headers, r.keySchema(), r.key()));
        byte[] value = parts.errors().execute(ErrorStage.VALUE_CONVERTER, parts.valueConverter().getClass(), null,
                () -> parts.valueConverter().fromConnectData(r.topic(), headers, r.valueSchema(), r.value()));
        return new Converted(r, new ProducerRecord<>(r.topic(), r.kafkaPartition(),
                r.timestamp() != null && r.timestamp() >= 0 ? r.timestamp() : null, key, value, headers));
    }

    private RecordHeaders headers(SourceRecord r) {
        RecordHeaders out = new RecordHeaders();
        for (Header h : r.headers()) {
            out.add(h.key(), parts.headerConverter().fromConnectHeader(r.topic(), h.key(), h.schema(), h.value()));
        }
        return out;
    }
}
