package io.tributary.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive, reading them fails only with our typed {@link RecordFormatException},
 * never with a buffer, array, codec or out-of-memory error.
 */
class HostileBatchPropertyTest {

    private static final long LIMIT = 8L * 1024 * 1024;

    /** Reads everything a broker might read: framing, every header field, CRC, every record field. */
    private static void readEverything(ByteBuffer bytes, boolean strict) {
        Iterable<RecordBatch> batches = strict ? Batches.strict(bytes) : Batches.allowingPartialTail(bytes);
        for (RecordBatch batch : batches) {
            batch.isValid();
            List<Object> fields = List.of(batch.baseOffset(), batch.lastOffset(), batch.nextOffset(),
                    batch.partitionLeaderEpoch(), batch.magic(), batch.crc(), batch.timestampType(),
                    batch.isTransactional(), batch.isControl(), batch.deleteHorizonMs(), batch.maxTimestamp(),
                    batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                    batch.recordCount(), batch.sizeInBytes(), batch.isCompressed());
            assertThat(fields).isNotEmpty();
            Iterator<Record> records = batch.records(LIMIT);
            while (records.hasNext()) {
                Record record = records.next();
                record.offset();
                record.timestamp();
                record.sequence();
                record.key();
                record.value();
                record.headers().forEach(RecordHeader::key);
                if (batch.isControl()) {
                    readControl(record);
                }
            }
        }
    }

    private static void readControl(Record record) {
        ControlRecordType type = ControlRecordType.parseKey(record.key());
        if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
            EndTransactionMarker.read(record);
        }
    }

    private static void assertOnlyTypedFailures(ByteBuffer bytes) {
        for (boolean strict : new boolean[] {true, false}) {
            try {
                readEverything(bytes, strict);
            } catch (RecordFormatException expected) {
                // the only acceptable failure
            }
        }
    }

    @Property(tries = 500)
    void randomBytesFailOnlyWithTypedErrors(@ForAll @Size(max = 300) byte[] bytes) {
        assertThatCode(() -> assertOnlyTypedFailures(ByteBuffer.wrap(bytes))).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    void randomBytesAfterAPlausibleHeaderFailOnlyWithTypedErrors(
            @ForAll("plausibleHeaders") ByteBuffer bytes) {
        assertThatCode(() -> assertOnlyTypedFailures(bytes)).doesNotThrowAnyException();
    }

    @Property(tries = 1000)
    void mutatedValidBatchesFailOnlyWithTypedErrors(@ForAll("mutatedBatches") ByteBuffer bytes) {
        assertThatCode(() -> assertOnlyTypedFailures(bytes)).doesNotThrowAnyException();
    }

    @Property(tries = 200)
    void truncatedBatchesAreCorruptInStrictModeAndDroppedOtherwise(
            @ForAll("validBatches") ByteBuffer batch, @ForAll("cuts") int cut) {
        ByteBuffer truncated = batch.duplicate().limit(Math.max(0, batch.limit() - 1 - cut % batch.limit()));

        if (truncated.hasRemaining()) {
            assertThatThrownBy(() -> Batches.strict(truncated).toList())
                    .isExactlyInstanceOf(CorruptRecordException.class);
        }
        assertThat(Batches.allowingPartialTail(truncated).toList()).isEmpty();
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    @Provide
    Arbitrary<ByteBuffer> validBatches() {
        Arbitrary<CompressionType> codecs = Arbitraries.of(CompressionType.class);
        Arbitrary<List<RecordData>> records = recordData().list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<Boolean> control = Arbitraries.of(true, false);
        return Combinators.combine(codecs, records, control).as((codec, list, isControl) -> {
            if (isControl) {
                return ControlBatches.endTransaction(5L, 1L, 0, 9L, (short) 1,
                        new EndTransactionMarker(ControlRecordType.COMMIT, 3));
            }
            RecordBatchBuilder builder = new RecordBatchBuilder().compression(codec).producer(1L, (short) 0, 0);
            list.forEach(builder::add);
            return builder.build();
        });
    }

    private static Arbitrary<RecordData> recordData() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).injectNull(0.2);
        Arbitrary<List<RecordHeader>> headers = Combinators.combine(
                Arbitraries.strings().ofMaxLength(5), bytes).as(RecordHeader::of).list().ofMaxSize(3);
        return Combinators.combine(Arbitraries.longs(), bytes, bytes, headers)
                .as((timestamp, key, value, h) -> new RecordData(timestamp,
                        key == null ? null : ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value), h));
    }

    /** Valid batches with a few bytes overwritten, cut short or extended; the CRC is usually fixed up so decoding goes deep. */
    @Provide
    Arbitrary<ByteBuffer> mutatedBatches() {
        Arbitrary<int[]> edits = Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(1)
                .ofMaxSize(6);
        Arbitrary<Integer> truncation = Arbitraries.integers().between(0, 8);
        Arbitrary<Boolean> fixCrc = Arbitraries.of(true, true, true, false);
        return Combinators.combine(validBatches(), edits, truncation, fixCrc).as((batch, positions, cut, fix) -> {
            byte[] bytes = new byte[batch.remaining()];
            batch.duplicate().get(bytes);
            for (int edit : positions) {
                bytes[edit % bytes.length] = (byte) (edit >>> 16);
            }
            ByteBuffer mutated = ByteBuffer.wrap(bytes);
            if (fix && bytes.length > 21) {
                CRC32C crc = new CRC32C();
                crc.update(bytes, 21, bytes.length - 21);
                mutated.putInt(17, (int) crc.getValue());
            }
            // keep the magic mostly valid so the mutations reach past framing
            if (positions[0] % 3 != 0 && bytes.length > 16) {
                bytes[16] = 2;
            }
            return mutated.limit(Math.max(0, bytes.length - cut));
        });
    }

    /** A v2 header with a consistent length, random attributes and counts, then random record bytes. */
    @Provide
    Arbitrary<ByteBuffer> plausibleHeaders() {
        Arbitrary<byte[]> tails = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<Short> attributes = Arbitraries.shorts();
        Arbitrary<Integer> counts = Arbitraries.oneOf(Arbitraries.integers().between(-2, 10), Arbitraries.integers());
        return Combinators.combine(tails, attributes, counts).as((tail, attrs, count) -> {
            ByteBuffer header = ByteBuffer.allocate(61 + tail.length);
            header.putLong(0).putInt(49 + tail.length).putInt(0).put((byte) 2).putInt(0).putShort(attrs)
                    .putInt(Math.max(0, count - 1)).putLong(0).putLong(0).putLong(-1).putShort((short) -1)
                    .putInt(-1).putInt(count).put(tail);
            return header.flip();
        });
    }

    @Property(tries = 200)
    void everyValidBatchWeWriteReadsBackWithItsRecords(@ForAll("validBatches") ByteBuffer batch) {
        RecordBatch view = RecordBatch.wrap(batch);
        view.ensureValid();
        List<Record> records = new ArrayList<>();
        view.records().forEachRemaining(records::add);

        assertThat(records).hasSize(view.recordCount());
        assertThat(records.get(records.size() - 1).offset()).isEqualTo(view.lastOffset());
    }
}
